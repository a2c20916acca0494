import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The request's path as the caller addressed it, for links and Location headers. API Gateway's
 * `requestContext.path` keeps the stage or custom-domain base path (`/prod/breaches`) that `event.path` drops, so a
 * link built from it works when followed.
 */
export const requestPath = (event: Pick<APIGatewayProxyEvent, 'path' | 'requestContext'>): string =>
  (event.requestContext?.path ?? event.path).replace(/\/+$/, '');

/**
 * The stage or custom-domain base path the API is reached under: `/v1` when a route is reached as `/v1/breaches`, ''
 * when there is none. API Gateway's `requestContext.path` keeps it; `event.path` drops it.
 */
export const stagePrefixOf = (event: Pick<APIGatewayProxyEvent, 'path' | 'requestContext'>): string => {
  const full = event.requestContext?.path;
  const base = full && event.path && full.endsWith(event.path) ? full.slice(0, full.length - event.path.length) : '';
  return base.replace(/\/+$/, '');
};

/** Where a page's stylesheet is served: `/v1/assets` when the API is reached as `/v1/decisions/…`. */
export const assetsPathOf = (event: Pick<APIGatewayProxyEvent, 'path' | 'requestContext'>): string =>
  `${stagePrefixOf(event)}/assets`;

/** The console's base path: `/v1/console` when the API is reached under `/v1`. */
export const consoleBaseOf = (event: Pick<APIGatewayProxyEvent, 'path' | 'requestContext'>): string =>
  `${stagePrefixOf(event)}/console`;

/**
 * Where a browser without a console session is sent: the console's sign-in, which returns it afterwards to
 * `returnPath` (a path inside the console) with the request's query string.
 */
export const consoleSignInPath = (
  consoleBase: string,
  returnPath: string,
  event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>,
): string => {
  const query = new URLSearchParams(
    Object.entries(event.queryStringParameters ?? {}).flatMap(([k, v]): [string, string][] =>
      v === undefined ? [] : [[k, v]],
    ),
  ).toString();
  const returnTo = `${returnPath}${query ? `?${query}` : ''}`;
  return `${consoleBase}/sign-in?${new URLSearchParams({ returnTo })}`;
};
