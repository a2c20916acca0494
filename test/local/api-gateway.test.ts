import { request as httpRequest } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { hashApiKey } from '../../functions/domain/api-keys';
import { presetPolicy } from '../../functions/domain/presets';
import { type LocalApiGateway, MAX_PAYLOAD_BYTES, startApiGateway } from '../../local/api-gateway';
import { apiMount } from '../../local/api-routes';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { callbackMatching } from '../../local/step-functions';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { aReportInput } from '../support/reports';
import { type LocalSes, startLocalSes } from '../support/ses';

/**
 * The API Gateway adapter of local mode with the real handlers on dynalite: requests over real HTTP (fetch), the
 * real TOKEN authorizer, and stub routes that show the proxy event a function receives.
 */

const KEY_A = `bd_live_${'a'.repeat(43)}`;
const KEY_B = `bd_live_${'b'.repeat(43)}`;
const KEY_C = `bd_live_${'c'.repeat(43)}`;
const UNKNOWN_KEY = `bd_live_${'d'.repeat(43)}`;

let table: LocalTable;
let ses: LocalSes;
let gateway: LocalApiGateway;
let runtime: LocalRuntime;
const received: APIGatewayProxyEvent[] = [];
const authorizerCalls = vi.fn();

const echo = async (event: unknown) => {
  received.push(event as APIGatewayProxyEvent);
  return {
    statusCode: 207,
    headers: { 'Content-Type': 'application/octet-stream', 'X-Single': 'one' },
    multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'], 'X-Single': ['one'] },
    body: Buffer.from([0, 1, 2, 255]).toString('base64'),
    isBase64Encoded: true,
  };
};

beforeAll(async () => {
  [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  gateway = await startApiGateway();
  runtime = await startLocalRuntime({
    dynamoEndpoint: table.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: table.tableName,
    publicBaseUrl: gateway.stageUrl,
    retryIntervalMs: 0,
  });
  const organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
  for (const [id, key] of [
    ['org-a', KEY_A],
    ['org-b', KEY_B],
    ['org-c', KEY_C],
  ] as const) {
    await organisations.put({ id, name: id, policy: presetPolicy('generic') });
    await organisations.addApiKeyHash(id, hashApiKey(key));
  }
  const mount = apiMount(runtime.http);
  const authorizer = runtime.http.authorizer;
  gateway.mount({
    ...mount,
    authorizer: async (event, context) => {
      authorizerCalls(event);
      return authorizer(event, context);
    },
    routes: [
      ...mount.routes,
      { method: 'POST', resource: '/echo/{name}', handler: echo, authorized: false },
      { method: 'GET', resource: '/echo/{name}', handler: echo, authorized: true },
      { method: 'GET', resource: '/files/{proxy+}', handler: echo, authorized: false },
      { method: 'GET', resource: '/files/readme', handler: echo, authorized: false },
    ],
  });
});

afterAll(async () => {
  await runtime?.close();
  await gateway?.close();
  await Promise.all([ses?.close(), table?.close()]);
});

const report = (key: string, path = '/v1/breaches') =>
  fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${key}`,
      'Idempotency-Key': crypto.randomUUID(),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(aReportInput({}, new Date())),
  });

const problemOf = async (response: Response) => ({
  status: response.status,
  contentType: response.headers.get('content-type'),
  body: (await response.json()) as Record<string, unknown>,
});

describe('the API routes with the real handlers', () => {
  it('files a breach with a real API key and starts its execution', async () => {
    const response = await report(KEY_A);

    expect(response.status).toBe(201);
    const body = (await response.json()) as { breachId: string; workflow: string };
    expect(response.headers.get('location')).toBe(`/v1/breaches/${body.breachId}`);
    const task = await runtime.stepFunctions.waitForCallback(
      callbackMatching({ breachId: body.breachId, step: 'contain' }),
      { timeoutMs: 20_000 },
    );
    expect(runtime.stepFunctions.describeExecution(task.executionArn).status).toBe('RUNNING');
  });

  it('serves the same API without the stage prefix, and the breach at the Location it gave', async () => {
    const response = await report(KEY_A, '/breaches');
    expect(response.status).toBe(201);
    const location = response.headers.get('location') ?? '';

    const fetched = await fetch(`${gateway.url}${location}`, { headers: { Authorization: `Bearer ${KEY_A}` } });

    expect(fetched.status).toBe(200);
    const list = await fetch(`${gateway.url}/breaches`, { headers: { Authorization: `Bearer ${KEY_A}` } });
    expect(list.status).toBe(200);
  });

  it('answers a wrong key with the gateway 401 as problem+json, never reaching the handler', async () => {
    const wrong = await problemOf(await report(UNKNOWN_KEY));
    const missing = await problemOf(await fetch(`${gateway.url}/v1/breaches`));

    for (const answer of [wrong, missing]) {
      expect(answer.status).toBe(401);
      expect(answer.contentType).toBe('application/problem+json');
      expect(answer.body).toEqual({
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: 'A valid API key is required in the Authorization header.',
        requestId: expect.any(String),
      });
    }
  });

  it("answers another organisation's breach with 404, as for one that does not exist", async () => {
    const filed = (await (await report(KEY_A)).json()) as { breachId: string };

    const other = await fetch(`${gateway.url}/v1/breaches/${filed.breachId}`, {
      headers: { Authorization: `Bearer ${KEY_B}` },
    });

    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('answers an unknown route, or a method the resource lacks, with the gateway 404', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing-here'],
      ['DELETE', '/v1/breaches'],
      ['GET', '/v2/breaches'],
    ]) {
      const answer = await problemOf(await fetch(`${gateway.url}${path}`, { method }));
      expect(answer).toEqual({
        status: 404,
        contentType: 'application/problem+json',
        body: {
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: 'No such resource.',
          requestId: expect.any(String),
        },
      });
    }
  });

  it("refuses a body over API Gateway's 10 MB with 413", async () => {
    const response = await fetch(`${gateway.url}/v1/echo/big`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: 'x'.repeat(MAX_PAYLOAD_BYTES + 1),
    });

    expect(response.status).toBe(413);
    expect(((await response.json()) as { title: string }).title).toBe('Content Too Large');
  });
});

describe('the proxy event', () => {
  it('carries what API Gateway sends: resource, path, headers in their case, queries, path parameters, context', async () => {
    received.length = 0;
    const response = await rawRequest({
      method: 'POST',
      path: '/v1/echo/caf%C3%A9?tag=a&tag=b&single=1',
      headers: ['Content-Type', 'application/json', 'X-Custom-Header', 'first', 'x-custom-header', 'second'],
      body: '{"hello":"world"}',
    });

    expect(response.status).toBe(207);
    const event = received[0];
    expect(event).toMatchObject({
      resource: '/echo/{name}',
      path: '/echo/caf%C3%A9',
      httpMethod: 'POST',
      queryStringParameters: { tag: 'b', single: '1' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], single: ['1'] },
      pathParameters: { name: 'café' },
      stageVariables: null,
      body: '{"hello":"world"}',
      isBase64Encoded: false,
      requestContext: {
        path: '/v1/echo/caf%C3%A9',
        stage: 'v1',
        resourcePath: '/echo/{name}',
        httpMethod: 'POST',
        requestId: expect.any(String),
        identity: { sourceIp: '127.0.0.1' },
        authorizer: null,
      },
    });
    expect(event?.headers['Content-Type']).toBe('application/json');
    expect(event?.headers['X-Custom-Header']).toBe('second');
    expect(event?.multiValueHeaders['X-Custom-Header']).toEqual(['first', 'second']);
    expect(event?.headers['X-Forwarded-For']).toBe('127.0.0.1');
  });

  it('maps the result back: status, headers and multi-value headers merged, a base64 body decoded', async () => {
    const response = await rawRequest({ method: 'GET', path: '/files/a/b.txt' });

    expect(response.status).toBe(207);
    expect(response.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(response.headers['x-single']).toBe('one');
    expect([...response.body]).toEqual([0, 1, 2, 255]);
    expect(received.at(-1)?.pathParameters).toEqual({ proxy: 'a/b.txt' });
  });

  it('prefers a literal resource over {proxy+}', async () => {
    await rawRequest({ method: 'GET', path: '/files/readme' });
    expect(received.at(-1)?.resource).toBe('/files/readme');
  });

  it('base64-encodes a body that is not text', async () => {
    await rawRequest({
      method: 'POST',
      path: '/echo/bytes',
      headers: ['Content-Type', 'application/pdf'],
      body: Buffer.from([37, 80, 68, 70, 0, 200]),
    });

    expect(received.at(-1)).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from([37, 80, 68, 70, 0, 200]).toString('base64'),
    });
  });

  it("gives an authorized route the authorizer's context, calls the authorizer as a TOKEN authorizer, and caches by token", async () => {
    authorizerCalls.mockClear();
    await rawRequest({ method: 'GET', path: '/v1/echo/one', headers: ['Authorization', `Bearer ${KEY_C}`] });
    await rawRequest({ method: 'GET', path: '/echo/two', headers: ['Authorization', `Bearer ${KEY_C}`] });

    expect(received.at(-1)?.requestContext.authorizer).toMatchObject({ organisationId: 'org-c', principalId: 'org-c' });
    expect(authorizerCalls).toHaveBeenCalledTimes(1);
    expect(authorizerCalls).toHaveBeenCalledWith({
      type: 'TOKEN',
      authorizationToken: `Bearer ${KEY_C}`,
      methodArn: 'arn:aws:execute-api:eu-west-2:000000000000:breachdesk/v1/GET/echo/one',
    });
  });
});

describe('the authorizer policy', () => {
  let policed: LocalApiGateway;
  const authorizer = vi.fn(async (event: unknown) => {
    const { authorizationToken } = event as { authorizationToken: string };
    if (authorizationToken === 'broken') throw new Error('table unreachable');
    if (authorizationToken === 'nobody') throw new Error('Unauthorized');
    const [effect, resource] =
      authorizationToken === 'get-only'
        ? ['Allow', 'arn:aws:execute-api:eu-west-2:000000000000:breachdesk/v1/GET/*']
        : ['Deny', '*'];
    return {
      principalId: 'someone',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
      },
      context: { organisationId: 'someone', level: 3 },
    };
  });

  beforeAll(async () => {
    policed = await startApiGateway({
      authorizer,
      routes: [
        { method: 'GET', resource: '/things', handler: echo, authorized: true },
        { method: 'POST', resource: '/things', handler: echo, authorized: true },
      ],
    });
  });

  afterAll(async () => {
    await policed?.close();
  });

  const call = (method: string, token: string) =>
    fetch(`${policed.url}/v1/things`, { method, headers: { Authorization: token } });

  it('honours Allow for the method ARN it covers and denies the others with the gateway 403', async () => {
    expect((await call('GET', 'get-only')).status).toBe(207);
    const denied = await problemOf(await call('POST', 'get-only'));

    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ title: 'Forbidden', detail: 'This API key may not access this resource.' });
    // The second request was judged by the cached policy.
    expect(authorizer).toHaveBeenCalledTimes(1);
    expect(received.at(-1)?.requestContext.authorizer).toMatchObject({ level: '3' });
  });

  it('honours an explicit Deny', async () => {
    expect((await call('GET', 'deny-all')).status).toBe(403);
  });

  it("answers the authorizer's 'Unauthorized' with 401 and its failure with 500, caching neither", async () => {
    authorizer.mockClear();
    expect((await call('GET', 'nobody')).status).toBe(401);
    expect((await call('GET', 'nobody')).status).toBe(401);
    expect((await call('GET', 'broken')).status).toBe(500);
    expect(authorizer).toHaveBeenCalledTimes(3);
  });
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, because fetch folds repeated request headers into one and hides Set-Cookie lists. */
function rawRequest(options: {
  method: string;
  path: string;
  headers?: string[];
  body?: string | Buffer;
}): Promise<RawResponse> {
  const url = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        // Given as a list, the headers are sent as they are: Host is not added for us.
        headers: ['Host', url.host, ...(options.headers ?? [])],
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
