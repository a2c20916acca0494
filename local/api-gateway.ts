import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { AUTHORIZER_CACHE_SECONDS } from '../functions/authorizer-cache';
import { FAIR_USE, FAIR_USE_PROBLEM } from '../functions/fair-use';
import { apiRoutes } from '../functions/manifest';
import { GATEWAY_PROBLEMS, type GatewayProblem, gatewayProblemBody } from './gateway-responses';
import { isObject, LOCAL_ACCOUNT, LOCAL_REGION, lambdaContext } from './lambda-functions';
import type { Handler } from './runtime';
import { TokenAuthorizer } from './token-authorizer';

/**
 * API Gateway (REST API, Lambda proxy integration) on one machine: a `node:http` server that matches the deployed
 * API's resources, runs the TOKEN authorizer as API Gateway does, builds the same proxy event (format 1.0) for the
 * real handler, and maps its result back. API Gateway's own answers (401, 403, unknown route, too large, function
 * failed) are the deployed gateway responses, so a client cannot tell the difference in anything it relies on.
 *
 * The API is served both under `/` and under the stage (`/v1/...`), because links are built with the stage in them.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface ApiRoute {
  readonly method: HttpMethod;
  /** The resource path as API Gateway names it: `/breaches/{id}`, `/assets/{proxy+}`. */
  readonly resource: string;
  /** The function behind the method, given the proxy event and a Lambda context. */
  readonly handler: Handler;
  /** Whether the TOKEN authorizer guards the method. */
  readonly authorized: boolean;
  /** For logs: the function's name. @default the resource */
  readonly functionName?: string;
}

export interface ApiMount {
  readonly routes: readonly ApiRoute[];
  /** The TOKEN authorizer function, identity source `Authorization`. Required when a route is authorized. */
  readonly authorizer?: Handler;
  /** @default AUTHORIZER_CACHE_SECONDS in ms (the deployed resultsCacheTtl) */
  readonly authorizerCacheTtlMs?: number;
}

/** One request as the access log records it: no path, no query, no headers (they can carry secrets or personal data). */
export interface AccessLogEntry {
  readonly requestId: string;
  readonly httpMethod: string;
  readonly resourcePath: string | undefined;
  readonly status: number;
  readonly latencyMs: number;
  readonly errorType?: string;
}

export interface ApiGatewayOptions extends Partial<ApiMount> {
  /** @default 0 (a free port; the real one is in the handle) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 'breachdesk' (letters and digits only, like a real API id) */
  readonly apiId?: string;
  /** @default 'v1' */
  readonly stage?: string;
  readonly onRequest?: (entry: AccessLogEntry) => void;
  /** Told about a function or authorizer that failed: its name and the error. */
  readonly onError?: (functionName: string, error: unknown) => void;
  /** The clock the authorizer cache expires by; tests move it past the bound. @default Date.now */
  readonly authorizerClock?: () => number;
  /** Fair use per organisation, as the deployed web ACL counts it. @default FAIR_USE (functions/fair-use.ts) */
  readonly fairUse?: { readonly [K in 'windowSeconds' | 'reportFormPerOrganisation' | 'apiPerKey']: number };
}

export interface LocalApiGateway {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/v1`: the base URL the deployed API has. */
  readonly stageUrl: string;
  readonly port: number;
  /** Sets (or replaces) the routes and the authorizer; until then every request is answered 503. */
  mount(mount: ApiMount): void;
  close(): Promise<void>;
}

/** API Gateway's payload limit; the handlers enforce their own, far smaller ones. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export class InvalidRouteError extends Error {
  override readonly name = 'InvalidRouteError';
}

export class InvalidProxyResultError extends Error {
  override readonly name = 'InvalidProxyResultError';
}

class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

interface CompiledRoute extends ApiRoute {
  readonly segments: readonly Segment[];
}

type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

interface Matched {
  readonly route: CompiledRoute;
  readonly pathParameters: Record<string, string> | null;
}

// The gateway response and its $context.error.responseType for each way the authorizer refuses a request.
const REFUSALS = {
  unauthorized: [GATEWAY_PROBLEMS.unauthorized, 'UNAUTHORIZED'],
  deny: [GATEWAY_PROBLEMS.accessDenied, 'ACCESS_DENIED'],
  failure: [GATEWAY_PROBLEMS.authorizerFailure, 'AUTHORIZER_FAILURE'],
} as const satisfies Record<string, readonly [GatewayProblem, string]>;

const SEGMENT_RANK = { literal: 0, param: 1, greedy: 2 } as const;
// Media types API Gateway would pass as text; anything else reaches the function base64-encoded.
const TEXT_TYPE =
  /^(text\/|application\/(json|[^;]*\+json|x-www-form-urlencoded|xml|[^;]*\+xml|javascript|ecmascript|graphql)\b)/i;

export async function startApiGateway(options: ApiGatewayOptions = {}): Promise<LocalApiGateway> {
  const apiId = options.apiId ?? 'breachdesk';
  const stage = options.stage ?? 'v1';
  if (!/^[A-Za-z0-9]+$/.test(apiId)) throw new InvalidRouteError(`Not an API id: ${apiId}`);
  let routes: readonly CompiledRoute[] | undefined;
  let authorizer: TokenAuthorizer | undefined;
  const fairUse = options.fairUse ?? FAIR_USE;
  const fairUseCounter = new WindowCounter(fairUse.windowSeconds * 1000, options.authorizerClock ?? Date.now);

  const mount = (next: ApiMount): void => {
    const compiled = next.routes.map(compile);
    const seen = new Set<string>();
    for (const route of compiled) {
      const key = `${route.method} ${route.resource}`;
      if (seen.has(key)) throw new InvalidRouteError(`Route ${key} is given twice`);
      seen.add(key);
    }
    const nextAuthorizer = next.authorizer;
    if (compiled.some((route) => route.authorized) && nextAuthorizer === undefined) {
      throw new InvalidRouteError('An authorized route needs an authorizer');
    }
    routes = compiled;
    authorizer =
      nextAuthorizer &&
      new TokenAuthorizer({
        authorize: (event) => nextAuthorizer(event, lambdaContext('authorizer')),
        ttlMs: next.authorizerCacheTtlMs ?? AUTHORIZER_CACHE_SECONDS * 1000,
        ...(options.authorizerClock ? { now: options.authorizerClock } : {}),
        onFailure: (error) => options.onError?.('authorizer', error),
      });
  };
  if (options.routes) {
    mount({
      routes: options.routes,
      authorizer: options.authorizer,
      authorizerCacheTtlMs: options.authorizerCacheTtlMs,
    });
  }

  const server = createServer((request, response) => {
    void serve(request, response);
  });

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const requestId = randomUUID();
    const method = request.method ?? 'GET';
    let resourcePath: string | undefined;
    let errorType: string | undefined;
    const finish = (status: number, headers: Map<string, string[]>, body: Buffer): void => {
      headers.set('x-amzn-RequestId', [requestId]);
      headers.set('Content-Length', [String(body.length)]);
      for (const [name, values] of headers) response.setHeader(name, values.length === 1 ? (values[0] ?? '') : values);
      response.writeHead(status);
      response.end(method === 'HEAD' ? undefined : body);
      options.onRequest?.({
        requestId,
        httpMethod: method,
        resourcePath,
        status,
        latencyMs: Math.round(performance.now() - started),
        ...(errorType ? { errorType } : {}),
      });
    };
    const problem = (which: GatewayProblem, type: string): void => {
      errorType = type;
      finish(
        which.statusCode,
        new Map([['Content-Type', ['application/problem+json']]]),
        Buffer.from(gatewayProblemBody(which, requestId)),
      );
    };

    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const stagePrefix = `/${stage}`;
      const rawPath =
        url.pathname === stagePrefix || url.pathname.startsWith(`${stagePrefix}/`)
          ? url.pathname.slice(stagePrefix.length) || '/'
          : url.pathname;
      const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;

      let body: Buffer;
      try {
        body = await readBody(request);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) return problem(GATEWAY_PROBLEMS.tooLarge, 'REQUEST_TOO_LARGE');
        throw error;
      }
      if (routes === undefined) return problem(GATEWAY_PROBLEMS.starting, 'STARTING');
      const matched = match(routes, method, path);
      if (matched === undefined) return problem(GATEWAY_PROBLEMS.notFound, 'MISSING_AUTHENTICATION_TOKEN');
      const { route } = matched;
      resourcePath = route.resource;

      const { headers, multiValueHeaders } = headersOf(request);
      // The web ACL's fair-use rules, before the authorizer, as WAF runs: one organisation's form, one key.
      const counted = REPORT_FORM_RESOURCES.has(route.resource)
        ? { key: `form ${path.toLowerCase()}`, limit: fairUse.reportFormPerOrganisation }
        : route.authorized && headerOf(headers, 'authorization') !== undefined
          ? { key: `key ${headerOf(headers, 'authorization')}`, limit: fairUse.apiPerKey }
          : undefined;
      if (counted && !fairUseCounter.admit(counted.key, counted.limit)) {
        errorType = 'WAF_FAIR_USE';
        return finish(
          429,
          new Map([['Content-Type', ['application/json']]]),
          Buffer.from(JSON.stringify(FAIR_USE_PROBLEM)),
        );
      }
      let authorizerContext: APIGatewayProxyEvent['requestContext']['authorizer'] = null;
      if (route.authorized) {
        const methodArn = `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${apiId}/${stage}/${method}${path}`;
        const token = headerOf(headers, 'authorization');
        const decision = (await authorizer?.decide(token, methodArn)) ?? ({ effect: 'failure' } as const);
        if (decision.effect !== 'allow') {
          const [refusal, type] = REFUSALS[decision.effect];
          return problem(refusal, type);
        }
        authorizerContext = { ...decision.context, principalId: decision.principalId, integrationLatency: 0 };
      }

      const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
      const contentType = headerOf(headers, 'content-type');
      const binary = body.length > 0 && contentType !== undefined && !TEXT_TYPE.test(contentType);
      const now = new Date();
      const event: APIGatewayProxyEvent = {
        resource: route.resource,
        path,
        httpMethod: method,
        headers: withForwardingHeaders(headers, multiValueHeaders, sourceIp, request),
        multiValueHeaders,
        ...queryOf(url),
        pathParameters: matched.pathParameters,
        stageVariables: null,
        requestContext: {
          accountId: LOCAL_ACCOUNT,
          apiId,
          authorizer: authorizerContext,
          domainName: headerOf(headers, 'host') ?? 'localhost',
          domainPrefix: (headerOf(headers, 'host') ?? 'localhost').split('.')[0] ?? 'localhost',
          extendedRequestId: requestId,
          httpMethod: method,
          identity: identityOf(sourceIp, headerOf(headers, 'user-agent')),
          path: `/${stage}${path === '/' ? '' : path}`,
          protocol: `HTTP/${request.httpVersion}`,
          requestId,
          requestTime: apiGatewayTime(now),
          requestTimeEpoch: now.getTime(),
          resourceId: route.resource,
          resourcePath: route.resource,
          stage,
        },
        body: body.length === 0 ? null : binary ? body.toString('base64') : body.toString('utf8'),
        isBase64Encoded: binary,
      };

      let result: unknown;
      try {
        result = await route.handler(event, lambdaContext(route.functionName ?? route.resource));
      } catch (error) {
        options.onError?.(route.functionName ?? route.resource, error);
        return problem(GATEWAY_PROBLEMS.badGateway, 'INTEGRATION_FAILURE');
      }
      let mapped: { statusCode: number; headers: Map<string, string[]>; body: Buffer };
      try {
        mapped = proxyResult(result);
      } catch (error) {
        options.onError?.(route.functionName ?? route.resource, error);
        return problem(GATEWAY_PROBLEMS.badGateway, 'INTEGRATION_FAILURE');
      }
      finish(mapped.statusCode, mapped.headers, mapped.body);
    } catch (error) {
      options.onError?.('api-gateway', error);
      if (!response.headersSent) problem(GATEWAY_PROBLEMS.badGateway, 'INTERNAL');
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address}:${port}`;
  return { url, stageUrl: `${url}/${stage}`, port, mount, close: () => closeServer(server) };
}

function compile(route: ApiRoute): CompiledRoute {
  if (!route.resource.startsWith('/')) throw new InvalidRouteError(`A resource starts with '/': ${route.resource}`);
  const parts = route.resource === '/' ? [] : route.resource.slice(1).split('/');
  const segments = parts.map((part, index): Segment => {
    const greedy = /^\{([A-Za-z0-9_]+)\+\}$/.exec(part);
    if (greedy?.[1]) {
      if (index !== parts.length - 1) throw new InvalidRouteError(`{${greedy[1]}+} must end ${route.resource}`);
      return { kind: 'greedy', name: greedy[1] };
    }
    const param = /^\{([A-Za-z0-9_]+)\}$/.exec(part);
    if (param?.[1]) return { kind: 'param', name: param[1] };
    if (part === '' || /[{}]/.test(part)) throw new InvalidRouteError(`Not a resource path: ${route.resource}`);
    return { kind: 'literal', value: part };
  });
  return { ...route, segments };
}

/**
 * The resource API Gateway picks: literal segments before `{param}` before `{proxy+}`, left to right. A path that
 * matches a resource lacking the method is not found, as in API Gateway (its MISSING_AUTHENTICATION_TOKEN).
 */
function match(routes: readonly CompiledRoute[], method: string, path: string): Matched | undefined {
  const parts = path === '/' ? [] : path.slice(1).split('/');
  let best: { route: CompiledRoute; parameters: Record<string, string> | null } | undefined;
  for (const route of routes) {
    const parameters = bind(route.segments, parts);
    if (parameters === undefined) continue;
    if (best === undefined || moreSpecific(route.segments, best.route.segments)) best = { route, parameters };
  }
  if (best === undefined) return undefined;
  const { resource } = best.route;
  const route = routes.find((candidate) => candidate.resource === resource && candidate.method === method);
  return route && { route, pathParameters: best.parameters };
}

function bind(segments: readonly Segment[], parts: readonly string[]): Record<string, string> | null | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index);
      if (rest.length === 0 || rest.some((part) => part === '')) return undefined;
      const decoded = rest.map(decode);
      if (decoded.includes(undefined)) return undefined;
      parameters[segment.name] = decoded.join('/');
      return parameters;
    }
    const part = parts[index];
    if (part === undefined || part === '') return undefined;
    const value = decode(part);
    if (value === undefined) return undefined;
    if (segment.kind === 'literal' && value !== segment.value) return undefined;
    if (segment.kind === 'param') parameters[segment.name] = value;
  }
  if (parts.length !== segments.length) return undefined;
  return Object.keys(parameters).length === 0 ? null : parameters;
}

function moreSpecific(a: readonly Segment[], b: readonly Segment[]): boolean {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const rankA = SEGMENT_RANK[(a[index] as Segment).kind];
    const rankB = SEGMENT_RANK[(b[index] as Segment).kind];
    if (rankA !== rankB) return rankA < rankB;
  }
  return a.length > b.length;
}

function decode(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** Header names as the client sent them (REST API events keep their case); the last value wins in `headers`. */
function headersOf(request: IncomingMessage): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] as string;
    const value = raw[index + 1] as string;
    const existing = Object.keys(multiValueHeaders).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
    headers[existing] = value;
    multiValueHeaders[existing] = [...(multiValueHeaders[existing] ?? []), value];
  }
  return { headers, multiValueHeaders };
}

const headerOf = (headers: Record<string, string>, name: string): string | undefined =>
  Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];

/** The forwarding headers API Gateway adds before the request reaches the function. */
function withForwardingHeaders(
  headers: Record<string, string>,
  multiValueHeaders: Record<string, string[]>,
  sourceIp: string,
  request: IncomingMessage,
): Record<string, string> {
  const set = (name: string, value: string): void => {
    const existing = Object.keys(headers).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing !== undefined) {
      delete headers[existing];
      delete multiValueHeaders[existing];
    }
    headers[name] = value;
    multiValueHeaders[name] = [value];
  };
  const forwardedFor = headerOf(headers, 'x-forwarded-for');
  set('X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${sourceIp}` : sourceIp);
  set('X-Forwarded-Port', String(request.socket.localPort ?? 80));
  set('X-Forwarded-Proto', 'http');
  set(
    'X-Amzn-Trace-Id',
    `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
  );
  return headers;
}

function queryOf(url: URL): Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'> {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    single[name] = value;
    multi[name] = [...(multi[name] ?? []), value];
  }
  return Object.keys(single).length === 0
    ? { queryStringParameters: null, multiValueQueryStringParameters: null }
    : { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

function identityOf(
  sourceIp: string,
  userAgent: string | undefined,
): APIGatewayProxyEvent['requestContext']['identity'] {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp,
    user: null,
    userAgent: userAgent ?? null,
    userArn: null,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `10/Mar/2025:12:00:00 +0000`, the format of `requestContext.requestTime`. */
function apiGatewayTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/**
 * The proxy result as API Gateway maps it: `headers` and `multiValueHeaders` merged (a pair given in both appears
 * once), a base64 body decoded, `application/json` when the function names no content type.
 */
function proxyResult(result: unknown): { statusCode: number; headers: Map<string, string[]>; body: Buffer } {
  if (!isObject(result) || typeof result.statusCode !== 'number' || !Number.isInteger(result.statusCode)) {
    throw new InvalidProxyResultError('The function returned no proxy result with a statusCode');
  }
  const proxy = result as Partial<APIGatewayProxyResult> & { statusCode: number };
  const headers = new Map<string, string[]>();
  const add = (name: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    const key = [...headers.keys()].find((existing) => existing.toLowerCase() === name.toLowerCase()) ?? name;
    const values = headers.get(key) ?? [];
    if (!values.includes(String(value))) values.push(String(value));
    headers.set(key, values);
  };
  for (const [name, values] of Object.entries(isObject(proxy.multiValueHeaders) ? proxy.multiValueHeaders : {})) {
    for (const value of Array.isArray(values) ? values : []) add(name, value);
  }
  for (const [name, value] of Object.entries(isObject(proxy.headers) ? proxy.headers : {})) add(name, value);
  if (![...headers.keys()].some((name) => name.toLowerCase() === 'content-type')) {
    headers.set('Content-Type', ['application/json']);
  }
  const text = typeof proxy.body === 'string' ? proxy.body : '';
  const body = proxy.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode: proxy.statusCode, headers, body };
}

/**
 * The whole body, or PayloadTooLargeError past the limit. An oversized body is still read to its end (and dropped),
 * so the client, which is still sending, receives the 413 rather than a reset connection.
 */
async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size <= MAX_PAYLOAD_BYTES) chunks.push(buffer);
    else chunks.length = 0;
  }
  if (size > MAX_PAYLOAD_BYTES) throw new PayloadTooLargeError(`The body has ${size} bytes`);
  return Buffer.concat(chunks);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Browsers and fetch keep connections alive; without this, close would wait for them to time out.
    server.closeAllConnections();
  });
}

/** The report form's resources (`/report/{organisation}`): counted per organisation, whoever sends them. */
const REPORT_FORM_RESOURCES = new Set(
  apiRoutes()
    .filter((r) => r.functionName === 'ReportForm')
    .map((r) => r.path),
);

/** Requests per key over a sliding window, as a WAF rate-based rule counts them. */
class WindowCounter {
  readonly #seen = new Map<string, number[]>();
  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts the request; false once `limit` requests of this key already fell in the window. */
  admit(key: string, limit: number): boolean {
    const now = this.now();
    const recent = (this.#seen.get(key) ?? []).filter((at) => at > now - this.windowMs);
    const admitted = recent.length < limit;
    if (admitted) recent.push(now);
    this.#seen.set(key, recent);
    return admitted;
  }
}
