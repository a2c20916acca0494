import { describe, expect, it } from 'vitest';
import { assertCsrfKey, WeakCsrfKeyError } from '../../../functions/report-form/csrf';

describe('the anti-forgery key', () => {
  it('refuses a short key', () => {
    const key = 'k'.repeat(43);
    expect(() => assertCsrfKey('short')).toThrow(WeakCsrfKeyError);
    expect(assertCsrfKey(key)).toBe(key);
  });
});
