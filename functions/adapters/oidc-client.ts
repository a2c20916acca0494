import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { IdentityProvider, VerifiedIdentity } from '../domain/sign-in';
import { IdentityProviderUnavailableError } from '../domain/sign-in';

/**
 * The OpenID Connect relying party: authorization code flow with PKCE as a public client (no client secret), so the
 * same code works against Cognito's managed login in AWS and the embedded oidc-provider locally; only the issuer and
 * the client id differ. ID tokens are verified with `jose` against the provider's published keys: signature,
 * issuer, audience, expiry, and the nonce of this sign-in.
 */

export interface OidcClientOptions {
  /** e.g. `https://cognito-idp.eu-west-2.amazonaws.com/<pool id>` or the local provider's URL. */
  issuer: string;
  clientId: string;
  /** The console's callback, registered with the provider. */
  redirectUri: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** How long a network call to the provider may take. @default 5000 */
  timeoutMs?: number;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

export class OidcProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OidcProviderError';
  }
}

export class OidcClient implements IdentityProvider {
  readonly #options: OidcClientOptions;
  readonly #fetch: typeof fetch;
  #discovery: Promise<{ metadata: Discovery; keys: JWTVerifyGetKey }> | undefined;

  constructor(options: OidcClientOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async #metadata() {
    this.#discovery ??= (async () => {
      const url = `${this.#options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      const response = await this.#fetch(url, { signal: AbortSignal.timeout(this.#options.timeoutMs ?? 5000) }).catch(
        (cause: unknown) => {
          throw new IdentityProviderUnavailableError('the identity provider cannot be reached', { cause });
        },
      );
      if (!response.ok) throw new IdentityProviderUnavailableError(`discovery answered ${response.status}`);
      const metadata = (await response.json()) as Discovery;
      if (metadata.issuer !== this.#options.issuer) throw new OidcProviderError('discovery names another issuer');
      return { metadata, keys: createRemoteJWKSet(new URL(metadata.jwks_uri)) };
    })().catch((error: unknown) => {
      // A failed discovery is retried by the next sign-in rather than remembered.
      this.#discovery = undefined;
      throw error;
    });
    return this.#discovery;
  }

  async authorizationUrl(p: { state: string; nonce: string; codeChallenge: string }): Promise<string> {
    const { metadata } = await this.#metadata();
    const url = new URL(metadata.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.#options.clientId,
      redirect_uri: this.#options.redirectUri,
      scope: 'openid email profile',
      state: p.state,
      nonce: p.nonce,
      code_challenge: p.codeChallenge,
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  async redeem(p: { code: string; verifier: string; nonce: string }): Promise<VerifiedIdentity> {
    const { metadata, keys } = await this.#metadata();
    const response = await this.#fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: p.code,
        redirect_uri: this.#options.redirectUri,
        client_id: this.#options.clientId,
        code_verifier: p.verifier,
      }),
      signal: AbortSignal.timeout(this.#options.timeoutMs ?? 5000),
    });
    if (!response.ok) throw new OidcProviderError(`the token endpoint answered ${response.status}`);
    const { id_token: idToken } = (await response.json()) as { id_token?: unknown };
    if (typeof idToken !== 'string') throw new OidcProviderError('no ID token in the token response');
    const { payload } = await jwtVerify(idToken, keys, {
      issuer: metadata.issuer,
      audience: this.#options.clientId,
      algorithms: ['RS256', 'ES256', 'PS256'],
    });
    if (payload.nonce !== p.nonce) throw new OidcProviderError('the ID token is not for this sign-in (nonce)');
    if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') {
      throw new OidcProviderError('the ID token names no subject or e-mail address');
    }
    // Cognito sends federated users' `email_verified` as the string "true".
    const verified = payload.email_verified === true || payload.email_verified === 'true';
    return { subject: payload.sub, email: payload.email, emailVerified: verified };
  }

  async logoutUrl(): Promise<string | undefined> {
    return (await this.#metadata()).metadata.end_session_endpoint;
  }
}
