import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConsoleDirectory } from '../../functions/adapters/console-directory';
import { OidcClient } from '../../functions/adapters/oidc-client';
import { beginSignIn, completeSignIn, SignInRefusedError } from '../../functions/domain/sign-in';
import { demoUsers } from '../../local/demo-users';
import { type LocalOidcProvider, startLocalOidcProvider } from '../../local/oidc-provider';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { walkAuthorization } from '../support/oidc-browser';

/**
 * The real OpenID Connect exchange: the console's relying party (OidcClient, jose) against the embedded
 * oidc-provider of local mode, with sessions in DynamoDB (dynalite). No stand-in anywhere but the browser.
 */

const CALLBACK = 'http://127.0.0.1:9/v1/console/callback';
const USERS = demoUsers([{ id: 'demo-school' }, { id: 'demo-rcot' }]);

let table: LocalTable;
let idp: LocalOidcProvider;
let directory: DynamoConsoleDirectory;
let deps: Parameters<typeof beginSignIn>[0];

beforeAll(async () => {
  table = await startDynalite();
  directory = new DynamoConsoleDirectory({ client: table.client, tableName: table.tableName });
  for (const user of USERS) await directory.putUser(user);
  idp = await startLocalOidcProvider({ clientId: 'breachdesk-console', redirectUris: [CALLBACK], users: USERS });
  deps = {
    provider: new OidcClient({ issuer: idp.issuer, clientId: 'breachdesk-console', redirectUri: CALLBACK }),
    sessions: directory,
    users: directory,
    now: () => new Date(),
    consoleBase: '/v1/console',
  };
});

afterAll(async () => {
  await idp?.close();
  await table?.close();
});

const signInAs = async (userId: string) => {
  const { redirectTo, browserToken } = await beginSignIn(deps, { returnTo: '/v1/console/' });
  const callback = new URL(await walkAuthorization(redirectTo, userId, CALLBACK));
  return { callback, browserToken };
};

describe('signing in through the local OpenID Connect provider', () => {
  it.each(USERS.filter((user) => user.organisationId === 'demo-school').map((user) => [user.roles[0], user]))(
    'signs in the %s with a verified ID token and PKCE',
    async (_role, user) => {
      const { callback, browserToken } = await signInAs(user.id);

      const { session } = await completeSignIn(deps, {
        state: callback.searchParams.get('state'),
        code: callback.searchParams.get('code'),
        browserToken,
      });

      expect(session).toMatchObject({ userId: user.id, organisationId: 'demo-school', roles: user.roles });
    },
  );

  it('asks for the code challenge (S256) and sends no client secret', async () => {
    const { redirectTo } = await beginSignIn(deps, {});
    const url = new URL(redirectTo);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a code redeemed twice: the provider rejects the second exchange', async () => {
    const { callback, browserToken } = await signInAs('usr_demo-rcot-senior-management');
    const state = callback.searchParams.get('state');
    const code = callback.searchParams.get('code');
    await completeSignIn(deps, { state, code, browserToken });

    // A second sign-in reusing the first code under a fresh state is refused by the provider (invalid_grant).
    const again = await beginSignIn(deps, {});
    const fresh = new URL(again.redirectTo).searchParams.get('state');
    const error = await completeSignIn(deps, { state: fresh, code, browserToken: again.browserToken }).catch((e) => e);
    expect(error).toBeInstanceOf(SignInRefusedError);
    expect((error as SignInRefusedError).reason).toBe('provider-refused');
  });
});
