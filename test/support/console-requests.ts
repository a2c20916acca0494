import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { expect } from 'vitest';
import { walkAuthorization } from './oidc-browser';

/**
 * The console handler as a browser sees it through API Gateway: cookies and an optional form in, a proxy response
 * out. Shared by the console's integration tests and `console-world.ts`.
 */

export type Cookies = Record<string, string>;

export interface ConsoleRequest {
  cookies?: Cookies;
  form?: URLSearchParams;
  /** A file upload, as the REST API hands multipart/form-data (a binary media type) over: base64. */
  multipart?: MultipartBody;
  query?: Record<string, string>;
}

export interface MultipartBody {
  body: Buffer;
  contentType: string;
}

/** A form with files, encoded as a browser does (the WHATWG FormData encoder). */
export const multipartOf = async (form: FormData): Promise<MultipartBody> => {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    body: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  };
};

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
      ...(options.multipart ? { 'content-type': options.multipart.contentType } : {}),
    },
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    body: options.multipart ? options.multipart.body.toString('base64') : options.form ? options.form.toString() : null,
    isBase64Encoded: options.multipart !== undefined,
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

/** A console request as the tests make it: method, path, and what the browser holds. */
export type ConsoleCall = (method: string, path: string, options?: ConsoleRequest) => Promise<APIGatewayProxyResult>;

/**
 * Signs a person in as a browser would: the console's sign-in, the embedded provider's pages (`account`: a listed
 * account's id, or an address typed in), the callback. Returns the browser's session cookie and where it was sent back to.
 */
export const signInThrough = async (
  call: ConsoleCall,
  account: string | { email: string },
  callbackUrl: string,
  options: { returnTo?: string; cookies?: Cookies } = {},
): Promise<{ cookies: Cookies; returnedTo: string }> => {
  const start = await call('GET', '/console/sign-in', {
    query: options.returnTo ? { returnTo: options.returnTo } : {},
  });
  expect(start.statusCode).toBe(302);
  const cookies = { ...options.cookies, ...setCookies(start) };
  const callback = new URL(await walkAuthorization(location(start), account, callbackUrl));
  const done = await call('GET', '/console/callback', {
    cookies,
    query: Object.fromEntries(callback.searchParams),
  });
  expect(done.statusCode).toBe(303);
  const session = setCookies(done)['__Host-bd_session'] ?? '';
  expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return { cookies: { '__Host-bd_session': session }, returnedTo: location(done) };
};
