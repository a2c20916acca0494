import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { isBreachId } from '../domain/breach-id';
import { NotFoundError } from '../domain/errors';
import { resolveUnconfirmedNotices } from '../domain/resolve-unconfirmed-notices';
import type { SendSubjectNoticesDeps } from '../domain/send-subject-notices';
import { callDeadline, type LambdaContextLike } from '../http/call-deadline';
import { type JsonBodyEvent, jsonBody } from '../http/json-body';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * POST /breaches/{id}/subjects/unconfirmed: a person resolves the notices a crashed run left unconfirmed, either
 * `sent` (SES shows they left) or `resend` (sent again now). 200 with the counts; 409 when nobody is unconfirmed (or
 * only people a run may still be sending to), or `resend` without e-mail notices; 400 with field errors; 404 for a
 * breach of another organisation.
 */

export interface ResolveUnconfirmedDeps extends SendSubjectNoticesDeps {
  logger?: ErrorLogger;
}

export const makeHandler = (deps: ResolveUnconfirmedDeps) => {
  const resolve = async (event: JsonBodyEvent, context?: LambdaContextLike): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const deadlineMs = callDeadline(deps.now(), context);
    const {
      event: recorded,
      left,
      sending,
    } = await resolveUnconfirmedNotices(deps, {
      organisationId,
      breachId,
      body: event.body,
      deadlineMs,
    });
    // No event: people an earlier resend released were still queued, and this call only sent them.
    return json(200, {
      breachId,
      resolution: recorded?.data.resolution ?? 'resend',
      resolved: recorded?.data.resolved ?? 0,
      left,
      ...(recorded ? { seq: recorded.seq, recordedAt: recorded.at } : {}),
      ...(sending
        ? {
            sending: {
              sent: sending.sent,
              failed: sending.failed,
              remaining: sending.remaining,
              unconfirmed: sending.unconfirmed,
            },
          }
        : {}),
    });
  };

  return middy<JsonBodyEvent, APIGatewayProxyResult>(resolve)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation())
    .use(jsonBody());
};
