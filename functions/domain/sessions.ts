import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from './roles';

/**
 * Console sessions. The browser holds a random 32-byte token in an HttpOnly, Secure, SameSite cookie; the table holds
 * only its SHA-256, so an export or a backup yields no working session. A session is short-lived (an absolute limit
 * and an idle limit) and revocable: signing out, or an administrator removing the person, deletes the item and the
 * cookie stops working at once.
 *
 * The anti-forgery token of every form is an HMAC of a fixed label under the session token: a page served in the
 * session can carry it, a forged cross-site POST cannot know it, and nothing more is stored.
 */

/** Eight hours: one working day, after which the person signs in again. */
export const SESSION_MAX_SECONDS = 8 * 60 * 60;
/** Thirty minutes without a request end the session (a shared office computer left signed in). */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** A sign-in started must be finished within ten minutes. */
export const SIGN_IN_SECONDS = 10 * 60;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const newToken = (): string => randomBytes(32).toString('base64url');

export const isWellFormedToken = (value: unknown): value is string =>
  typeof value === 'string' && TOKEN.test(value) && Buffer.from(value, 'base64url').toString('base64url') === value;

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface Session {
  /** SHA-256 (hex) of the cookie's token: the item's key. */
  tokenHash: string;
  userId: string;
  organisationId: string;
  name: string;
  email: string;
  roles: Role[];
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end; the idle end is `lastSeenAt` + SESSION_IDLE_SECONDS. */
  endsAt: string;
}

export const newSession = (
  token: string,
  user: { id: string; organisationId: string; name: string; email: string; roles: Role[] },
  now: Date,
): Session => ({
  tokenHash: hashToken(token),
  userId: user.id,
  organisationId: user.organisationId,
  name: user.name,
  email: user.email,
  roles: [...user.roles],
  createdAt: now.toISOString(),
  lastSeenAt: now.toISOString(),
  endsAt: new Date(now.getTime() + SESSION_MAX_SECONDS * 1000).toISOString(),
});

export const isLive = (session: Session, now: Date): boolean =>
  now.getTime() < Date.parse(session.endsAt) &&
  now.getTime() < Date.parse(session.lastSeenAt) + SESSION_IDLE_SECONDS * 1000;

/** Whether to write `lastSeenAt` again: at most once a minute, so reading a page is not a write each time. */
export const needsTouch = (session: Session, now: Date): boolean =>
  now.getTime() - Date.parse(session.lastSeenAt) >= 60_000;

const CSRF_LABEL = 'breachdesk-console-csrf-v1';

/** The anti-forgery token for the forms of the session holding `token`. */
export const csrfTokenFor = (token: string): string =>
  createHmac('sha256', token).update(CSRF_LABEL).digest('base64url');

export const isValidCsrfToken = (token: string, candidate: unknown): boolean => {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 100) return false;
  const expected = Buffer.from(csrfTokenFor(token));
  const given = Buffer.from(candidate);
  return expected.length === given.length && timingSafeEqual(expected, given);
};
