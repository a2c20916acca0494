import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoConsoleDirectory, EmailInUseError } from '../../functions/adapters/console-directory';
import { csrfTokenFor, isValidCsrfToken, SESSION_IDLE_SECONDS } from '../../functions/domain/sessions';
import {
  beginSignIn,
  completeSignIn,
  currentSession,
  type IdentityProvider,
  SignInRefusedError,
  signOut,
  type VerifiedIdentity,
} from '../../functions/domain/sign-in';
import type { User } from '../../functions/domain/users';
import { type LocalTable, startDynalite } from '../support/dynalite';

/**
 * The sign-in use cases over the real DynamoDB adapter (dynalite). The identity provider is a stand-in that checks
 * the PKCE verifier against the challenge it was given, as a provider does; the real OIDC exchange against the
 * embedded provider is test/local/oidc-sign-in.test.ts.
 */

let table: LocalTable;
let directory: DynamoConsoleDirectory;
let now: Date;

const DANA: User = {
  id: 'usr_dana0000001',
  organisationId: 'demo-school',
  name: 'Dana Protection',
  email: 'Dana@School.example.org',
  roles: ['dpo'],
};

/** Issues a code per authorization and redeems it once, for the verifier that matches the challenge. */
class StandInProvider implements IdentityProvider {
  readonly issued = new Map<string, { challenge: string; nonce: string; identity: VerifiedIdentity }>();
  identity: VerifiedIdentity = { subject: 'sub-1', email: 'dana@school.example.org', emailVerified: true };
  lastState = '';

  async authorizationUrl(p: { state: string; nonce: string; codeChallenge: string }): Promise<string> {
    this.lastState = p.state;
    this.issued.set(`code-${p.state}`, { challenge: p.codeChallenge, nonce: p.nonce, identity: this.identity });
    return `https://idp.example/authorize?state=${p.state}`;
  }

  async redeem(p: { code: string; verifier: string; nonce: string }): Promise<VerifiedIdentity> {
    const grant = this.issued.get(p.code);
    this.issued.delete(p.code);
    const { createHash } = await import('node:crypto');
    const challenge = createHash('sha256').update(p.verifier).digest('base64url');
    if (!grant || grant.challenge !== challenge || grant.nonce !== p.nonce) throw new Error('invalid_grant');
    return grant.identity;
  }
}

let provider: StandInProvider;
const deps = () => ({ provider, sessions: directory, users: directory, now: () => now, consoleBase: '/v1/console' });

const signIn = async (returnTo?: string, previousSessionToken?: string) => {
  const started = await beginSignIn(deps(), { returnTo });
  const state = provider.lastState;
  return completeSignIn(deps(), {
    state,
    code: `code-${state}`,
    browserToken: started.browserToken,
    ...(previousSessionToken ? { previousSessionToken } : {}),
  });
};

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignInRefusedError) return error.reason;
    throw error;
  }
  return 'signed in';
};

beforeAll(async () => {
  table = await startDynalite();
  directory = new DynamoConsoleDirectory({ client: table.client, tableName: table.tableName });
  await directory.putUser(DANA);
});

afterAll(async () => {
  await table?.close();
});

beforeEach(() => {
  now = new Date('2026-12-04T09:00:00Z');
  provider = new StandInProvider();
});

describe('signing in', () => {
  it('opens a session for a directory user, returning inside the console', async () => {
    const { sessionToken, session, returnTo } = await signIn('/v1/console/breaches/BR-1');

    expect(returnTo).toBe('/v1/console/breaches/BR-1');
    expect(session).toMatchObject({ userId: DANA.id, organisationId: 'demo-school', roles: ['dpo'] });
    expect(await currentSession(deps(), sessionToken)).toMatchObject({ userId: DANA.id });
    // The table keeps the hash, never the token.
    expect(JSON.stringify(await directory.getSession(session.tokenHash))).not.toContain(sessionToken);
  });

  it('never returns outside the console', async () => {
    expect((await signIn('https://evil.example/')).returnTo).toBe('/v1/console/');
  });

  it('mints a new session and revokes the one the browser came with (session fixation)', async () => {
    const first = await signIn();
    const second = await signIn(undefined, first.sessionToken);

    expect(second.sessionToken).not.toBe(first.sessionToken);
    expect(await currentSession(deps(), first.sessionToken)).toBeUndefined();
    expect(await currentSession(deps(), second.sessionToken)).toBeDefined();
  });

  it('refuses a callback from another browser than the one that started the sign-in', async () => {
    await beginSignIn(deps(), {});
    const state = provider.lastState;
    const other = await beginSignIn(deps(), {});

    expect(
      await refusal(completeSignIn(deps(), { state, code: `code-${state}`, browserToken: other.browserToken })),
    ).toBe('other-browser');
  });

  it('takes a state once: a replayed callback is refused', async () => {
    const started = await beginSignIn(deps(), {});
    const state = provider.lastState;
    const callback = { state, code: `code-${state}`, browserToken: started.browserToken };
    await completeSignIn(deps(), callback);

    expect(await refusal(completeSignIn(deps(), callback))).toBe('unknown-attempt');
  });

  it('refuses a sign-in finished after ten minutes', async () => {
    const started = await beginSignIn(deps(), {});
    const state = provider.lastState;
    now = new Date(now.getTime() + 10 * 60_000);

    expect(
      await refusal(completeSignIn(deps(), { state, code: `code-${state}`, browserToken: started.browserToken })),
    ).toBe('expired-attempt');
  });

  it('refuses an address the directory does not know, and one the provider has not verified', async () => {
    provider.identity = { subject: 's', email: 'stranger@example.org', emailVerified: true };
    expect(await refusal(signIn())).toBe('no-account');
    provider.identity = { subject: 's', email: 'dana@school.example.org', emailVerified: false };
    expect(await refusal(signIn())).toBe('unverified-email');
  });

  it('refuses a code redeemed with another verifier (PKCE)', async () => {
    const started = await beginSignIn(deps(), {});
    const state = provider.lastState;
    const grant = provider.issued.get(`code-${state}`);
    if (grant) grant.challenge = 'not-the-challenge';

    expect(
      await refusal(completeSignIn(deps(), { state, code: `code-${state}`, browserToken: started.browserToken })),
    ).toBe('provider-refused');
  });
});

describe('the session', () => {
  it('ends after thirty idle minutes, and stays alive while used', async () => {
    const { sessionToken } = await signIn();
    now = new Date(now.getTime() + (SESSION_IDLE_SECONDS - 60) * 1000);
    expect(await currentSession(deps(), sessionToken)).toBeDefined();
    now = new Date(now.getTime() + (SESSION_IDLE_SECONDS - 60) * 1000);
    expect(await currentSession(deps(), sessionToken)).toBeDefined();
    now = new Date(now.getTime() + (SESSION_IDLE_SECONDS + 1) * 1000);
    expect(await currentSession(deps(), sessionToken)).toBeUndefined();
  });

  it('is revoked server-side on sign-out: the same cookie no longer opens anything', async () => {
    const { sessionToken } = await signIn();
    await signOut(deps(), sessionToken);
    expect(await currentSession(deps(), sessionToken)).toBeUndefined();
  });

  it('accepts only its own anti-forgery token', async () => {
    const a = await signIn();
    const b = await signIn();
    expect(isValidCsrfToken(a.sessionToken, csrfTokenFor(a.sessionToken))).toBe(true);
    expect(isValidCsrfToken(a.sessionToken, csrfTokenFor(b.sessionToken))).toBe(false);
    expect(isValidCsrfToken(a.sessionToken, undefined)).toBe(false);
  });
});

describe('the directory', () => {
  it('finds a user whatever the case of their address, and refuses it to another organisation', async () => {
    expect((await directory.userByEmail('DANA@school.example.org'))?.id).toBe(DANA.id);
    await expect(directory.putUser({ ...DANA, id: 'usr_other000001', organisationId: 'demo-rcot' })).rejects.toThrow(
      EmailInUseError,
    );
    expect((await directory.usersOf('demo-school')).map((u) => u.id)).toEqual([DANA.id]);
  });
});
