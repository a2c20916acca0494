import middy from '@middy/core';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { hashApiKey, isApiKey } from '../domain/api-keys';
import type { OrganisationRepository } from '../domain/ports';
import { authorizerContext } from '../http/organisation';

/**
 * The API's TOKEN authorizer: `Authorization: Bearer <organisation API key>`.
 *
 * The key is hashed and looked up by its SHA-256, so the table never holds a usable key and the lookup compares
 * digests, not secrets. An unknown or malformed key is refused by throwing exactly 'Unauthorized', the one error
 * API Gateway turns into a 401; any other failure (the table is unreachable) becomes a 500 and is never cached.
 *
 * The Allow policy covers every method and route of the stage, not just the one called: API Gateway caches the
 * policy per token, and a policy naming one route would deny the caller's next request to another.
 *
 * The context carries the organisation as read here (authorizerContext), so POST /breaches needs no second read.
 * That cache (AUTHORIZER_CACHE_SECONDS, functions/authorizer-cache.ts) is the only place a key or an organisation is
 * remembered: no handler caches either, so a revoked key or a deleted organisation is refused on every route within
 * that one bound.
 */

export interface AuthorizerDeps {
  organisations: OrganisationRepository;
  now?: () => Date;
  /** Told when noting a key's use failed; never given the key. */
  onUseNotRecorded?: (error: unknown) => void;
}

const BEARER = /^Bearer +(\S+)$/i;

const unauthorized = (): Error => new Error('Unauthorized');

/** arn:aws:execute-api:<region>:<account>:<api>/<stage>/<method>/<path> → …:<api>/<stage>/* */
export const stageWildcard = (methodArn: string): string | undefined => {
  const match = /^(arn:[a-z-]+:execute-api:[a-z0-9-]+:\d{12}:[A-Za-z0-9]+)\/([^/]+)\//.exec(methodArn);
  return match ? `${match[1]}/${match[2]}/*` : undefined;
};

export const makeHandler = (deps: AuthorizerDeps) => {
  const authorize = async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const apiKey = BEARER.exec(event.authorizationToken ?? '')?.[1];
    // A value that cannot be a key never reaches the table.
    if (apiKey === undefined || !isApiKey(apiKey)) throw unauthorized();
    const resource = stageWildcard(event.methodArn);
    if (resource === undefined) throw unauthorized();

    const apiKeyHash = hashApiKey(apiKey);
    const organisation = await deps.organisations.byApiKeyHash(apiKeyHash);
    if (!organisation) throw unauthorized();
    // For `key list`'s "last used"; a failure to note it must not lock the caller out.
    await deps.organisations
      .recordApiKeyUse?.(apiKeyHash, (deps.now ?? (() => new Date()))())
      .catch((error: unknown) => deps.onUseNotRecorded?.(error));

    return {
      principalId: organisation.id,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resource }],
      },
      context: authorizerContext(organisation),
    };
  };

  return middy<APIGatewayTokenAuthorizerEvent, APIGatewayAuthorizerResult>(authorize);
};
