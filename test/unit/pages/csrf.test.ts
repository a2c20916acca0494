import { describe, expect, it } from 'vitest';
import { assertCsrfKey, csrfTokenFor, isValidCsrfToken, WeakCsrfKeyError } from '../../../functions/decision-page/csrf';

const KEY = 'k'.repeat(43);
const HASH = 'a'.repeat(64);

describe('the decision form token', () => {
  it('is the same for every GET of one link and differs between links and keys', () => {
    expect(csrfTokenFor(KEY, HASH)).toBe(csrfTokenFor(KEY, HASH));
    expect(csrfTokenFor(KEY, 'b'.repeat(64))).not.toBe(csrfTokenFor(KEY, HASH));
    expect(csrfTokenFor('j'.repeat(43), HASH)).not.toBe(csrfTokenFor(KEY, HASH));
  });

  it('accepts its own token and nothing else', () => {
    const token = csrfTokenFor(KEY, HASH);
    expect(isValidCsrfToken(KEY, HASH, token)).toBe(true);
    expect(isValidCsrfToken(KEY, HASH, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(isValidCsrfToken(KEY, HASH, token.slice(1))).toBe(false);
    expect(isValidCsrfToken(KEY, HASH, '')).toBe(false);
    expect(isValidCsrfToken(KEY, HASH, null)).toBe(false);
    expect(isValidCsrfToken(KEY, 'b'.repeat(64), token)).toBe(false);
  });

  it('refuses a short key', () => {
    expect(() => assertCsrfKey('short')).toThrow(WeakCsrfKeyError);
    expect(assertCsrfKey(KEY)).toBe(KEY);
  });
});
