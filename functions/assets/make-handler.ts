import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { headerValue } from '../http/headers';
import type { Asset } from './stylesheet';

/**
 * GET /assets/{proxy+}: the pages' stylesheet, from memory. Public and the same for everyone, so unlike every other
 * response it may be cached: for a week, then revalidated by its ETag. The name carries no version, so a week bounds
 * how long a browser keeps an old stylesheet after an upgrade of govuk-frontend.
 */

export const ASSET_CACHE_CONTROL = 'public, max-age=604800';

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'cross-origin-resource-policy': 'same-origin',
};

const notFound = (statusCode: number, message: string, extra: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: {
    ...extra,
    ...COMMON_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  },
  body: message,
});

/** True when the client's cached copy (If-None-Match) is this one. */
const isFresh = (ifNoneMatch: string | undefined, etag: string): boolean =>
  (ifNoneMatch ?? '').split(',').some((tag) => {
    const value = tag.trim().replace(/^W\//, '');
    return value === etag || value === '*';
  });

export const makeHandler = (assets: ReadonlyMap<string, Asset>) => {
  const serve = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    if (event.httpMethod !== 'GET' && event.httpMethod !== 'HEAD') {
      return notFound(405, 'Method not allowed', { allow: 'GET, HEAD' });
    }
    const asset = assets.get(event.pathParameters?.proxy ?? '');
    if (!asset) return notFound(404, 'Not found');
    const headers = {
      ...COMMON_HEADERS,
      'content-type': asset.contentType,
      'cache-control': ASSET_CACHE_CONTROL,
      etag: asset.etag,
    };
    if (isFresh(headerValue(event.headers, 'if-none-match'), asset.etag)) return { statusCode: 304, headers, body: '' };
    return { statusCode: 200, headers, body: event.httpMethod === 'HEAD' ? '' : asset.body };
  };
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(serve);
};
