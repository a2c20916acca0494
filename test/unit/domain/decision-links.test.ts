import { describe, expect, it } from 'vitest';
import {
  decisionLinkUrl,
  hashSecret,
  isWellFormedSecret,
  newDecisionSecret,
} from '../../../functions/domain/decision-links';

describe('decision links', () => {
  it('mints 32 random bytes as 43 base64url characters, different every time', () => {
    const secrets = new Set(Array.from({ length: 100 }, newDecisionSecret));

    expect(secrets.size).toBe(100);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
      expect(isWellFormedSecret(secret)).toBe(true);
    }
  });

  it('hashes a secret to its SHA-256 in lowercase hex', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(44)],
    ['padded', `${'a'.repeat(42)}=`],
    ['standard base64', `${'a'.repeat(41)}+A`],
    ['with a path', `${'a'.repeat(41)}/A`],
    ['a second spelling of the same bytes', `${'A'.repeat(42)}B`],
    ['empty', ''],
  ])('refuses a secret that is %s', (_what, value) => {
    expect(isWellFormedSecret(value)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isWellFormedSecret(undefined)).toBe(false);
    expect(isWellFormedSecret(42)).toBe(false);
  });

  it('builds the link under /console/decisions/, whether or not the base ends with a slash', () => {
    expect(decisionLinkUrl('https://breachdesk.example.org', 'S')).toBe(
      'https://breachdesk.example.org/console/decisions/S',
    );
    expect(decisionLinkUrl('https://breachdesk.example.org/prod//', 'S')).toBe(
      'https://breachdesk.example.org/prod/console/decisions/S',
    );
  });
});
