import type { APIGatewayProxyResult } from 'aws-lambda';

/**
 * Every response carries these. The API returns case files full of personal data: nothing may be cached by a browser
 * or proxy, sniffed into another content type, framed, or fetched over plain HTTP.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** A JSON response. Caller headers may add to the security headers but not weaken them. */
export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): APIGatewayProxyResult => ({
  statusCode,
  headers: { ...headers, 'content-type': contentType, ...SECURITY_HEADERS },
  body: JSON.stringify(body),
});
