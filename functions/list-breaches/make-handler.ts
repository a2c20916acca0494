import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod/mini';
import { InvalidCursorError } from '../adapters/breach-repository';
import type { BreachRepository } from '../domain/ports';
import '../domain/zod-english';
import { InvalidQueryError } from '../http/errors';
import { requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * GET /breaches?status=open|closed&limit=1..100&cursor=…: the organisation's breaches, newest awareness first.
 *
 * Unknown parameters and bad values are refused rather than ignored: a misspelt `stauts=open` must not quietly
 * return closed breaches too.
 */

export interface ListBreachesDeps {
  breaches: BreachRepository;
  logger?: ErrorLogger;
}

export const MAX_LIMIT = 100;

export const listQuerySchema = z.strictObject({
  status: z.optional(z.enum(['open', 'closed'])),
  limit: z.optional(
    z.pipe(
      z.pipe(
        z.string().check(z.regex(/^[1-9]\d{0,2}$/, `must be a whole number from 1 to ${MAX_LIMIT}`)),
        z.transform(Number),
      ),
      z.number().check(z.maximum(MAX_LIMIT, `must be a whole number from 1 to ${MAX_LIMIT}`)),
    ),
  ),
  // Opaque to callers; its content is checked by the repository, its shape here.
  cursor: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9_-]{1,2048}$/, 'must be a cursor returned by a previous page')),
  ),
});

const invalidQuery = (errors: { path: string; message: string }[]) => new InvalidQueryError(errors);

const parseQuery = (event: APIGatewayProxyEvent) => {
  const repeated = Object.entries(event.multiValueQueryStringParameters ?? {})
    .filter(([, values]) => (values?.length ?? 0) > 1)
    .map(([name]) => ({ path: name, message: 'may be given only once' }));
  if (repeated.length > 0) throw invalidQuery(repeated);
  const parsed = listQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw InvalidQueryError.fromZodError(parsed.error);
  return parsed.data;
};

export const makeHandler = (deps: ListBreachesDeps) => {
  const { breaches } = deps;

  const listBreaches = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const query = parseQuery(event);
    let page: Awaited<ReturnType<BreachRepository['list']>>;
    try {
      page = await breaches.list(organisationIdOf(event), query);
    } catch (error) {
      if (error instanceof InvalidCursorError)
        throw invalidQuery([{ path: 'cursor', message: 'must be a cursor returned by a previous page' }]);
      throw error;
    }

    const collection = requestPath(event);
    const pageLink = (cursor?: string) => {
      const params = new URLSearchParams();
      if (query.status) params.set('status', query.status);
      if (query.limit) params.set('limit', String(query.limit));
      if (cursor) params.set('cursor', cursor);
      const search = params.toString();
      return search ? `${collection}?${search}` : collection;
    };

    return json(200, {
      items: page.items.map((item) => ({ ...item, links: { self: `${collection}/${item.breachId}` } })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
      links: { self: pageLink(query.cursor), ...(page.cursor ? { next: pageLink(page.cursor) } : {}) },
    });
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(listBreaches)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation());
};
