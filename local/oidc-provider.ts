import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import type { User } from '../functions/domain/users';
import { demoUserLabel } from './demo-users';

/**
 * The embedded OpenID Connect provider of local mode: `oidc-provider`, a certified implementation, in place of
 * Cognito's managed login. The console signs in against it with the same code as in AWS (functions/adapters/
 * oidc-client.ts): authorization code with PKCE, ID tokens signed with a key made at start.
 *
 * Its login page lists the demo organisations' people, one per role: choosing one is signing in as them. This is a
 * demo on 127.0.0.1 only; there are no passwords to keep.
 */

export interface LocalOidcOptions {
  /** @default 0 (any free port) */
  port?: number;
  clientId: string;
  redirectUris: readonly string[];
  users: readonly User[];
  /**
   * Finds anyone else by address (the people an administrator added after start), as a company's own identity
   * provider knows its staff: they sign in by typing their address on the login page.
   */
  lookup?: (email: string) => Promise<User | undefined>;
  /** Organisation names for the login page, by id. */
  organisationNames?: Readonly<Record<string, string>>;
}

export interface LocalOidcProvider {
  readonly issuer: string;
  close(): Promise<void>;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const otherPerson = (uid: string): string =>
  `<h2>Someone else</h2><form method="post" action="/interaction/${escapeHtml(uid)}/login"><p><label for="email">E-mail address of a user an administrator added</label><br><input id="email" name="email" type="email" autocomplete="off" spellcheck="false"></p><button type="submit">Sign in with this address</button></form>`;

const loginPage = (
  uid: string,
  users: readonly User[],
  names: Readonly<Record<string, string>>,
  withLookup = false,
): string => {
  const byOrganisation = new Map<string, User[]>();
  for (const user of users)
    byOrganisation.set(user.organisationId, [...(byOrganisation.get(user.organisationId) ?? []), user]);
  const sections = [...byOrganisation].map(
    ([organisationId, people]) =>
      `<h2>${escapeHtml(names[organisationId] ?? organisationId)}</h2><ul>${people
        .map(
          (user) =>
            `<li><form method="post" action="/interaction/${escapeHtml(uid)}/login"><input type="hidden" name="account" value="${escapeHtml(user.id)}"><button type="submit">Sign in as ${escapeHtml(demoUserLabel(user))}<span class="org"> (${escapeHtml(names[organisationId] ?? organisationId)})</span></button></form></li>`,
        )
        .join('')}</ul>`,
  );
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in – Breachdesk local identity provider</title><style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem;color:#0b0c0c}button{font:inherit;padding:.4rem .8rem;margin:.2rem 0;border:2px solid #0b0c0c;background:#fff;cursor:pointer}button:focus{outline:3px solid #fd0;background:#fd0}.org{position:absolute;left:-9999px}ul{list-style:none;padding:0}</style></head><body><main><h1>Sign in to Breachdesk</h1><p>This is the local identity provider of <code>npm start</code>. Choose who to sign in as: each demo organisation has one person per role.</p>${sections.join('')}${withLookup ? otherPerson(uid) : ''}</main></body></html>`;
};

const readForm = async (request: IncomingMessage): Promise<URLSearchParams> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 10_000) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

export async function startLocalOidcProvider(options: LocalOidcOptions): Promise<LocalOidcProvider> {
  const users = new Map(options.users.map((user) => [user.id, user]));
  /** People found by address since start, by id: the provider's accounts beyond the demo list. */
  const found = new Map<string, User>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        token_endpoint_auth_method: 'none',
        redirect_uris: [...options.redirectUris],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The scopes' claims go into the ID token itself, as Cognito puts them: the console reads no userinfo.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const user = users.get(sub) ?? found.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: user.email, email_verified: true, name: user.name }),
      };
    },
    ttl: { Session: 8 * 60 * 60, Interaction: 10 * 60, Grant: 8 * 60 * 60, AuthorizationCode: 60, IdToken: 60 * 60 },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const interaction = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    const details = await provider.interactionDetails(request, response);
    if (request.method === 'POST' && path.endsWith('/login')) {
      const form = await readForm(request);
      let account = form.get('account') ?? '';
      const email = form.get('email')?.trim();
      if (email && options.lookup) {
        const user = await options.lookup(email);
        if (user) {
          found.set(user.id, user);
          account = user.id;
        }
      }
      if (!users.has(account) && !found.has(account)) {
        response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Unknown account');
        return;
      }
      await provider.interactionFinished(
        request,
        response,
        { login: { accountId: account } },
        {
          mergeWithLastSubmission: false,
        },
      );
      return;
    }
    if (details.prompt.name === 'consent') {
      // The console is the deployment's own application: no consent screen, as with Cognito's managed login.
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({
            accountId: details.session?.accountId ?? '',
            clientId: String(details.params.client_id),
          });
      if (!grant) throw new Error('the grant of this interaction is gone');
      const missing = details.prompt.details.missingOIDCScope;
      if (Array.isArray(missing)) grant.addOIDCScope(missing.join(' '));
      const claims = details.prompt.details.missingOIDCClaims;
      if (Array.isArray(claims)) grant.addOIDCClaims(claims as string[]);
      const grantId = await grant.save();
      await provider.interactionFinished(
        request,
        response,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'", // No form-action: Chromium applies it to the redirects after the post, which end at the console's callback.
      })
      .end(loginPage(details.uid, options.users, options.organisationNames ?? {}, options.lookup !== undefined));
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', issuer).pathname;
    if (path.startsWith('/interaction/')) {
      interaction(request, response, path).catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        }
        response.end(`The sign-in could not go on: ${error instanceof Error ? error.message : 'error'}. Start again.`);
      });
      return;
    }
    callback(request, response);
  });

  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
