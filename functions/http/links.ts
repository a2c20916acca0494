import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The request's path as the caller addressed it, for links and Location headers. API Gateway's
 * `requestContext.path` keeps the stage or custom-domain base path (`/prod/breaches`) that `event.path` drops, so a
 * link built from it works when followed.
 */
export const requestPath = (event: Pick<APIGatewayProxyEvent, 'path' | 'requestContext'>): string =>
  (event.requestContext?.path ?? event.path).replace(/\/+$/, '');

/**
 * Where a page's stylesheet is served: `/v1/assets` when the API is reached as `/v1/decisions/…`. API Gateway's
 * `requestContext.path` keeps the stage or custom-domain base path that `event.path` drops.
 */
export const assetsPathOf = (event: Pick<APIGatewayProxyEvent, 'path' | 'requestContext'>): string => {
  const full = event.requestContext?.path;
  const base = full && event.path && full.endsWith(event.path) ? full.slice(0, full.length - event.path.length) : '';
  return `${base.replace(/\/+$/, '')}/assets`;
};
