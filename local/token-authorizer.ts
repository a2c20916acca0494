import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { AUTHORIZER_CACHE_SECONDS } from '../functions/authorizer-cache';
import { isObject } from './lambda-functions';

/**
 * A TOKEN Lambda authorizer as API Gateway runs it: the function is called with the identity source (here the
 * Authorization header) and the method ARN; its policy is cached per token for the TTL and evaluated against the
 * method ARN of every request that presents the token, which is why a policy naming one route denies the next one.
 */

export type AuthorizerFunction = (event: APIGatewayTokenAuthorizerEvent) => Promise<unknown>;

export type AuthorizerDecision =
  | { readonly effect: 'allow'; readonly principalId: string; readonly context: Readonly<Record<string, string>> }
  | { readonly effect: 'unauthorized' | 'deny' | 'failure' };

export interface TokenAuthorizerOptions {
  readonly authorize: AuthorizerFunction;
  /** @default AUTHORIZER_CACHE_SECONDS in ms, as the deployed authorizer's resultsCacheTtl */
  readonly ttlMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Told about a failing authorizer function (never the token). */
  readonly onFailure?: (error: unknown) => void;
}

interface CachedPolicy {
  readonly result: ValidResult;
  readonly expiresAt: number;
}

interface ValidResult {
  readonly principalId: string;
  readonly statements: readonly Statement[];
  readonly context: Readonly<Record<string, string>>;
}

interface Statement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export class InvalidAuthorizerResultError extends Error {
  override readonly name = 'InvalidAuthorizerResultError';
}

export class TokenAuthorizer {
  readonly #authorize: AuthorizerFunction;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #onFailure: (error: unknown) => void;
  readonly #cache = new Map<string, CachedPolicy>();

  constructor(options: TokenAuthorizerOptions) {
    this.#authorize = options.authorize;
    this.#ttlMs = options.ttlMs ?? AUTHORIZER_CACHE_SECONDS * 1000;
    this.#now = options.now ?? Date.now;
    this.#onFailure = options.onFailure ?? (() => undefined);
  }

  /** The decision for one request; `token` is the identity source's value, undefined or empty when absent. */
  async decide(token: string | undefined, methodArn: string): Promise<AuthorizerDecision> {
    // API Gateway refuses a request without the identity source itself, without calling the function.
    if (token === undefined || token === '') return { effect: 'unauthorized' };
    let cached = this.#cache.get(token);
    if (cached === undefined || cached.expiresAt <= this.#now()) {
      let raw: unknown;
      try {
        raw = await this.#authorize({ type: 'TOKEN', authorizationToken: token, methodArn });
      } catch (error) {
        // The one error API Gateway turns into a 401; anything else is the authorizer failing (500), never cached.
        if (error instanceof Error && error.message === 'Unauthorized') return { effect: 'unauthorized' };
        this.#onFailure(error);
        return { effect: 'failure' };
      }
      let result: ValidResult;
      try {
        result = parseResult(raw);
      } catch (error) {
        this.#onFailure(error);
        return { effect: 'failure' };
      }
      cached = { result, expiresAt: this.#now() + this.#ttlMs };
      if (this.#ttlMs > 0) this.#cache.set(token, cached);
    }
    const { result } = cached;
    return allows(result.statements, methodArn)
      ? { effect: 'allow', principalId: result.principalId, context: result.context }
      : { effect: 'deny' };
  }

  clear(): void {
    this.#cache.clear();
  }
}

/** IAM evaluation as API Gateway does it for the policy: an explicit Deny wins, then an Allow, else denied. */
function allows(statements: readonly Statement[], methodArn: string): boolean {
  const applies = (statement: Statement) =>
    statement.actions.some((action) => wildcardMatch(action, 'execute-api:Invoke')) &&
    statement.resources.some((resource) => wildcardMatch(resource, methodArn));
  if (statements.some((statement) => statement.effect === 'Deny' && applies(statement))) return false;
  return statements.some((statement) => statement.effect === 'Allow' && applies(statement));
}

/** IAM's wildcards: `*` any run of characters, `?` any one. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(value);
}

const asList = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];

/** What API Gateway accepts from a TOKEN authorizer; anything else is an AUTHORIZER_CONFIGURATION_ERROR. */
function parseResult(raw: unknown): ValidResult {
  if (!isObject(raw)) throw new InvalidAuthorizerResultError('The authorizer returned no object');
  const result = raw as Partial<APIGatewayAuthorizerResult> & Record<string, unknown>;
  if (typeof result.principalId !== 'string') throw new InvalidAuthorizerResultError('The result has no principalId');
  const document: unknown = result.policyDocument;
  if (!isObject(document) || !Array.isArray(document.Statement)) {
    throw new InvalidAuthorizerResultError('The result has no policyDocument with a Statement list');
  }
  const statements = document.Statement.map((item: unknown): Statement => {
    if (!isObject(item) || (item.Effect !== 'Allow' && item.Effect !== 'Deny')) {
      throw new InvalidAuthorizerResultError('A statement has no Effect');
    }
    return { effect: item.Effect, actions: asList(item.Action), resources: asList(item.Resource) };
  });
  // API Gateway passes context values on as strings; objects and arrays are refused.
  const context: Record<string, string> = {};
  for (const [key, value] of Object.entries(isObject(result.context) ? result.context : {})) {
    if (typeof value === 'object' && value !== null) {
      throw new InvalidAuthorizerResultError(`The context value ${key} is not a string, number or boolean`);
    }
    context[key] = String(value);
  }
  return { principalId: result.principalId, statements, context };
}
