import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The report form's anti-forgery token: an HMAC-SHA256 under the anti-forgery key (CSRF_KEY_SECRET, random, generated
 * at deploy in Secrets Manager, read at init), nothing stored, bound to the organisation and to a random key minted
 * when the form was shown.
 *
 * What it protects, honestly: the form is public (its address is like a reporting e-mail address), so anyone may
 * fetch it and send a report; the token does not stop that, and is not meant to. It makes a POST carry a value taken
 * from a page this service rendered for that organisation: another site cannot post a report blind through a
 * visitor's browser, as the same-origin policy stops it reading the page first. The form key it covers is what makes
 * a double submit land on one breach, so the token also means a key is one the service minted, never one chosen by
 * whoever posts.
 *
 * The token is the same for every POST of one rendered form, so pressing Send twice, or again after an error, works.
 */

/**
 * Why one key rather than a stored per-form value: nothing is written when the form is shown, so fetching it changes
 * nothing; and without the key no token can be computed from anything in the table. Rotating the key only invalidates
 * open forms. The key must be long enough that the HMAC is not guessable: 32 characters of random base64 is 192 bits.
 */
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

/** The form key: 128 random bits, base64url. */
export const newFormKey = (): string => randomBytes(16).toString('base64url');

const FORM_KEY = /^[A-Za-z0-9_-]{22}$/;

export const isFormKey = (value: unknown): value is string => typeof value === 'string' && FORM_KEY.test(value);

export const reportFormTokenFor = (key: string, organisationId: string, formKey: string): string =>
  // JSON keeps the parts apart whatever characters they hold, and the label keeps these apart from other tokens.
  createHmac('sha256', key)
    .update(JSON.stringify(['report-form', organisationId, formKey]))
    .digest('base64url');

/** Compares in constant time, so the response time says nothing about how much of a guess was right. */
export const isValidReportFormToken = (
  key: string,
  organisationId: string,
  formKey: string | null | undefined,
  token: string | null | undefined,
): boolean => {
  if (!isFormKey(formKey) || typeof token !== 'string' || token === '') return false;
  const expected = Buffer.from(reportFormTokenFor(key, organisationId, formKey), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
};
