import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod/mini';
import { type BreachLogReader, type VerifyAllDeps, verifyAll } from '../domain/verify-all';
import '../domain/zod-english';
import { InvalidQueryError } from '../http/errors';
import { requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * GET /verification: re-computes the hash chain of every breach of the caller's organisation, re-hashes every attached
 * file against the SHA-256 its event holds, and compares each
 * projection with the fold of its log; answers the report. Problems found are the answer, not an error: 200 either
 * way, with `intact` saying which.
 *
 * The organisation's breaches only: they are found through the organisation's own index partition, and a finding
 * never names a breach or organisation outside it.
 */

export interface VerificationDeps {
  log: BreachLogReader;
  /** Where attached files are kept: each is hashed again against its `attachment-added` event. */
  attachments?: VerifyAllDeps['attachments'];
  now?: () => Date;
  logger?: ErrorLogger;
}

// No parameters yet; refusing unknown ones keeps room to add some without changing what old calls mean.
const querySchema = z.strictObject({});

export const makeHandler = (deps: VerificationDeps) => {
  const { log, attachments, now = () => new Date() } = deps;

  const verification = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const parsed = querySchema.safeParse(event.queryStringParameters ?? {});
    if (!parsed.success) {
      throw InvalidQueryError.fromZodError(parsed.error);
    }
    const verifiedAt = now().toISOString();
    const report = await verifyAll({ log, ...(attachments ? { attachments } : {}) }, { organisationId });
    return json(200, {
      organisationId,
      verifiedAt,
      intact: report.problems.length === 0,
      ...report,
      links: { self: requestPath(event) },
    });
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(verification)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation());
};
