import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** A Lambda proxy event as API Gateway (REST) sends it, for the parts the handlers read. */
export interface ApiEventOptions {
  method?: string;
  path?: string;
  body?: string | null;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  query?: Record<string, string | string[]>;
  pathParameters?: Record<string, string>;
  /** The organisation the authorizer found; null for a request that reached the handler without one. */
  organisationId?: string | null;
  stage?: string;
}

export const apiEvent = (options: ApiEventOptions = {}): APIGatewayProxyEvent => {
  const { method = 'GET', path = '/breaches', body = null, isBase64Encoded = false, stage = 'prod' } = options;
  const query = options.query;
  const organisationId = options.organisationId === undefined ? 'org-1' : options.organisationId;
  return {
    httpMethod: method,
    path,
    resource: path,
    body,
    isBase64Encoded,
    headers: options.headers ?? {},
    multiValueHeaders: {},
    queryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? (v.at(-1) ?? '') : v]))
      : null,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))
      : null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: organisationId === null ? null : { organisationId, principalId: organisationId },
      protocol: 'HTTP/1.1',
      httpMethod: method,
      identity: {} as APIGatewayProxyEvent['requestContext']['identity'],
      path: `/${stage}${path}`,
      stage,
      requestId: 'req-1234',
      requestTimeEpoch: 0,
      resourceId: 'res',
      resourcePath: path,
    },
  };
};

export const jsonRequest = (body: unknown, options: ApiEventOptions = {}): APIGatewayProxyEvent =>
  apiEvent({
    method: 'POST',
    ...options,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...options.headers },
  });

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:test',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-req-1',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'stream',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/** A logger that keeps what it is given, to assert on what was (and was not) logged. */
export const memoryLogger = () => {
  const lines: string[] = [];
  return {
    lines,
    error: (message: string, attributes: Record<string, unknown> = {}) =>
      void lines.push(JSON.stringify({ level: 'ERROR', message, ...attributes })),
  };
};
