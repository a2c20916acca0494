import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The decision form's anti-forgery token: HMAC-SHA256(key, "decision-page:" + SHA-256 of the link's secret).
 *
 * What it protects, honestly: the secret in the URL is what authorises a decision, and there are no sessions or
 * cookies for a forged request to ride on. The token adds one thing: a POST must carry a value taken from the page
 * this service rendered for that same link. A form on another site that knows a leaked link (from a log, a
 * forwarded mail) cannot post a decision blind through someone's browser; it would have to fetch the page first,
 * which the browser's same-origin policy stops it reading. Anyone who can GET the page can read the token, so it is
 * no defence against whoever holds the link — the link's single use, expiry and secrecy are.
 *
 * Why one key (random, generated at deploy in Secrets Manager, read at init: CSRF_KEY_SECRET) rather than a stored
 * per-request value:
 * nothing is written when the page is shown, so a mail scanner fetching the link changes nothing; the token is the
 * same for every GET of one link, so two open tabs both work; and without the key the token cannot be computed from
 * the stored secret hash, so a table export does not yield one. Rotating the key only invalidates open forms.
 */

/** The key must be long enough that the HMAC is not guessable; 32 characters of random base64 is 192 bits. */
export const MIN_CSRF_KEY_LENGTH = 32;

export class WeakCsrfKeyError extends Error {
  constructor() {
    super(`the anti-forgery key must be at least ${MIN_CSRF_KEY_LENGTH} characters of random data`);
    this.name = 'WeakCsrfKeyError';
  }
}

export const assertCsrfKey = (key: string): string => {
  if (key.length < MIN_CSRF_KEY_LENGTH) throw new WeakCsrfKeyError();
  return key;
};

export const csrfTokenFor = (key: string, secretHash: string): string =>
  createHmac('sha256', key).update(`decision-page:${secretHash}`).digest('base64url');

/** Compares in constant time, so the response time says nothing about how much of a guess was right. */
export const isValidCsrfToken = (key: string, secretHash: string, token: string | null | undefined): boolean => {
  if (typeof token !== 'string' || token === '') return false;
  const expected = Buffer.from(csrfTokenFor(key, secretHash), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
};
