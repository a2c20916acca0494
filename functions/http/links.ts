import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The request's path as the caller addressed it, for links and Location headers. API Gateway's
 * `requestContext.path` keeps the stage or custom-domain base path (`/prod/breaches`) that `event.path` drops, so a
 * link built from it works when followed.
 */
export const requestPath = (event: Pick<APIGatewayProxyEvent, 'path' | 'requestContext'>): string =>
  (event.requestContext?.path ?? event.path).replace(/\/+$/, '');
