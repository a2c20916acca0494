import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/**
 * The console handler as a browser sees it through API Gateway: cookies and an optional form in, a proxy response
 * out. Shared by the console's integration tests and `console-world.ts`.
 */

export type Cookies = Record<string, string>;

export interface ConsoleRequest {
  cookies?: Cookies;
  form?: URLSearchParams;
  query?: Record<string, string>;
}

type ConsoleHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

/** One request to the console handler, as the REST API's proxy integration hands it over. */
export const callConsole = async (
  handler: ConsoleHandler,
  method: string,
  path: string,
  options: ConsoleRequest = {},
): Promise<APIGatewayProxyResult> => {
  const cookie = Object.entries(options.cookies ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  const event = {
    httpMethod: method,
    path,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    body: options.form ? options.form.toString() : null,
    isBase64Encoded: false,
    requestContext: { path: `/v1${path}`, requestId: 'req-1' },
  } as unknown as APIGatewayProxyEvent;
  return (await handler(event, { awsRequestId: 'aws-1' } as Context)) as APIGatewayProxyResult;
};

/** The cookies a response sets, by name. */
export const setCookies = (response: APIGatewayProxyResult): Cookies =>
  Object.fromEntries(
    ((response.multiValueHeaders?.['set-cookie'] ?? []) as string[]).map((line) => {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

/** Where a redirect sends the browser. */
export const location = (response: APIGatewayProxyResult): string => String(response.headers?.location ?? '');
