import { createHash, randomBytes } from 'node:crypto';
import { safeReturnPath } from './return-path';
import {
  hashToken,
  isLive,
  isWellFormedToken,
  needsTouch,
  newSession,
  newToken,
  type Session,
  SIGN_IN_SECONDS,
} from './sessions';
import { isActive, normaliseEmail, type User } from './users';

/**
 * Sign-in with OpenID Connect, authorization code flow with PKCE (RFC 7636, S256), the same in AWS (Cognito) and
 * locally (the embedded oidc-provider): only the issuer and the client id differ.
 *
 * The started sign-in (PKCE verifier, nonce, where to return) is kept server-side under the hash of `state`, and is
 * bound to the browser that started it by a second random value in a short-lived cookie, so a code minted for one
 * browser cannot be replayed into another (login CSRF). A completed sign-in always mints a new session token and
 * revokes any session the browser came with (session fixation).
 */

export interface SignInAttempt {
  /** SHA-256 of the `state` parameter. */
  stateHash: string;
  /** SHA-256 of the browser-binding cookie's value. */
  browserHash: string;
  verifier: string;
  nonce: string;
  returnTo: string;
  endsAt: string;
}

export interface VerifiedIdentity {
  subject: string;
  email: string;
  emailVerified: boolean;
}

/** The identity provider, as the application sees it: Cognito or the local provider behind the same calls. */
export interface IdentityProvider {
  authorizationUrl(params: { state: string; nonce: string; codeChallenge: string }): Promise<string>;
  /** Redeems the code, verifies the ID token (signature, issuer, audience, expiry, nonce) and returns who it names. */
  redeem(params: { code: string; verifier: string; nonce: string }): Promise<VerifiedIdentity>;
  /** Where to send the browser to end the provider's own session too, if it has one. */
  logoutUrl?(): Promise<string | undefined>;
}

export interface SessionStore {
  putAttempt(attempt: SignInAttempt): Promise<void>;
  /** Reads and deletes the attempt: a state is good for one callback. */
  takeAttempt(stateHash: string): Promise<SignInAttempt | undefined>;
  putSession(session: Session): Promise<void>;
  getSession(tokenHash: string): Promise<Session | undefined>;
  touchSession(tokenHash: string, at: string): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
}

export interface UserDirectory {
  userByEmail(email: string): Promise<User | undefined>;
}

export interface SignInDeps {
  provider: IdentityProvider;
  sessions: SessionStore;
  users: UserDirectory;
  now: () => Date;
  /** The console's path prefix, e.g. `/v1/console`: the only place sign-in returns to. */
  consoleBase: string;
}

/** Why a sign-in was refused; the page says it in words, and nothing about whether an account exists. */
export type SignInRefusal =
  | 'unknown-attempt'
  | 'expired-attempt'
  | 'other-browser'
  | 'provider-refused'
  | 'unverified-email'
  | 'no-account';

/** The identity provider cannot be reached or answered nonsense: nobody can sign in until it is back. */
export class IdentityProviderUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityProviderUnavailableError';
  }
}

export class SignInRefusedError extends Error {
  constructor(readonly reason: SignInRefusal) {
    super(`sign-in refused: ${reason}`);
    this.name = 'SignInRefusedError';
  }
}

const challengeOf = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/**
 * Starts a sign-in.
 * 1. Keeps only a return path inside the console.
 * 2. Mints state, nonce, PKCE verifier and the browser-binding value; stores the attempt under the state's hash.
 * 3. Returns the provider's authorization URL and the binding value for a cookie.
 */
export const beginSignIn = async (
  deps: SignInDeps,
  input: { returnTo?: unknown },
): Promise<{ redirectTo: string; browserToken: string }> => {
  const state = newToken();
  const nonce = newToken();
  const verifier = randomBytes(32).toString('base64url');
  const browserToken = newToken();
  await deps.sessions.putAttempt({
    stateHash: hashToken(state),
    browserHash: hashToken(browserToken),
    verifier,
    nonce,
    returnTo: safeReturnPath(input.returnTo, deps.consoleBase),
    endsAt: new Date(deps.now().getTime() + SIGN_IN_SECONDS * 1000).toISOString(),
  });
  const redirectTo = await deps.provider.authorizationUrl({ state, nonce, codeChallenge: challengeOf(verifier) });
  return { redirectTo, browserToken };
};

/**
 * Finishes a sign-in at the callback.
 * 1. Takes the attempt named by `state` (single use); refuses an unknown, expired or other browser's attempt.
 * 2. Redeems the code with the PKCE verifier; the provider verifies the ID token and its nonce.
 * 3. Requires a verified e-mail address that the directory knows.
 * 4. Revokes the session the browser came with, if any, and mints a new one.
 */
export const completeSignIn = async (
  deps: SignInDeps,
  input: { state: unknown; code: unknown; browserToken: unknown; previousSessionToken?: unknown },
): Promise<{ sessionToken: string; session: Session; returnTo: string }> => {
  if (!isWellFormedToken(input.state) || typeof input.code !== 'string' || input.code.length > 2048) {
    throw new SignInRefusedError('unknown-attempt');
  }
  const attempt = await deps.sessions.takeAttempt(hashToken(input.state));
  if (!attempt) throw new SignInRefusedError('unknown-attempt');
  const now = deps.now();
  if (now.getTime() >= Date.parse(attempt.endsAt)) throw new SignInRefusedError('expired-attempt');
  if (!isWellFormedToken(input.browserToken) || hashToken(input.browserToken) !== attempt.browserHash) {
    throw new SignInRefusedError('other-browser');
  }
  let identity: VerifiedIdentity;
  try {
    identity = await deps.provider.redeem({ code: input.code, verifier: attempt.verifier, nonce: attempt.nonce });
  } catch (cause) {
    throw Object.assign(new SignInRefusedError('provider-refused'), { cause });
  }
  if (!identity.emailVerified) throw new SignInRefusedError('unverified-email');
  const user = await deps.users.userByEmail(normaliseEmail(identity.email));
  if (!user || !isActive(user)) throw new SignInRefusedError('no-account');
  if (isWellFormedToken(input.previousSessionToken)) {
    await deps.sessions.deleteSession(hashToken(input.previousSessionToken));
  }
  const sessionToken = newToken();
  const session = newSession(sessionToken, user, now);
  await deps.sessions.putSession(session);
  return { sessionToken, session, returnTo: attempt.returnTo };
};

/**
 * The live session a cookie names, refreshed at most once a minute; undefined when there is none. The person is read
 * from the directory on every request: one deactivated is signed out at once (their session is revoked here), and
 * roles changed by an administrator apply from the next page.
 */
export const currentSession = async (
  deps: Pick<SignInDeps, 'sessions' | 'now'> & Partial<Pick<SignInDeps, 'users'>>,
  token: unknown,
): Promise<Session | undefined> => {
  const found = await liveSession(deps, token);
  if (!found) return undefined;
  if (found.current === undefined) {
    await deps.sessions.deleteSession(found.tokenHash);
    return undefined;
  }
  const now = deps.now();
  if (needsTouch(found.session, now)) await deps.sessions.touchSession(found.tokenHash, now.toISOString());
  return found.current;
};

/**
 * The session as `currentSession` finds it, without writing anything: for the functions that serve a console
 * download (a document, a letters file) with read-only access to the table. A session whose person was deactivated is
 * refused here too; the console's next request ends it.
 */
export const readSession = async (
  deps: { sessions: Pick<SessionStore, 'getSession'>; users: UserDirectory; now: () => Date },
  token: unknown,
): Promise<Session | undefined> => (await liveSession(deps, token))?.current;

/** A live session of `token` and the person it is now (undefined when they were deactivated or moved). */
const liveSession = async (
  deps: { sessions: Pick<SessionStore, 'getSession'>; users?: UserDirectory; now: () => Date },
  token: unknown,
): Promise<{ tokenHash: string; session: Session; current: Session | undefined } | undefined> => {
  if (!isWellFormedToken(token)) return undefined;
  const tokenHash = hashToken(token);
  const session = await deps.sessions.getSession(tokenHash);
  if (!session || !isLive(session, deps.now())) return undefined;
  if (!deps.users) return { tokenHash, session, current: session };
  const user = await deps.users.userByEmail(session.email);
  if (!user || !isActive(user) || user.id !== session.userId || user.organisationId !== session.organisationId) {
    return { tokenHash, session, current: undefined };
  }
  return { tokenHash, session, current: { ...session, name: user.name, roles: [...user.roles] } };
};

/** Ends the session server-side: the cookie's token stops working everywhere at once. */
export const signOut = async (deps: Pick<SignInDeps, 'sessions'>, token: unknown): Promise<void> => {
  if (isWellFormedToken(token)) await deps.sessions.deleteSession(hashToken(token));
};
