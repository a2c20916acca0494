import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { requestPath } from '../http/links';
import { json } from '../http/responses';

/**
 * GET /openapi.json: the API's OpenAPI 3.1 document (document.ts), public like any API reference. Its server is the
 * path the document was fetched under (`/v1`), relative, so it is right behind a custom domain too.
 */
export const makeHandler = (document: Record<string, unknown>) => {
  const body = (prefix: string) => ({ ...document, servers: [{ url: prefix || '/' }] });
  const serve = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
    json(200, body(requestPath(event).replace(/\/openapi\.json$/, '')));
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(serve);
};
