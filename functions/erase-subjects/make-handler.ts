import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { isBreachId } from '../domain/breach-id';
import { type EraseSubjectsDeps, eraseSubjects } from '../domain/erase-subjects';
import { NotFoundError } from '../domain/errors';
import { callDeadline, type LambdaContextLike } from '../http/call-deadline';
import { type JsonBodyEvent, jsonBody } from '../http/json-body';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * DELETE /breaches/{id}/subjects: once the case is closed, the contact details of the people affected are erased
 * (domain/erase-subjects.ts). 200 `{ erased, remaining }`, and `remaining > 0` means call again; 409 while the breach
 * is open; 400 with field errors; 404 for a breach of another organisation.
 */

export interface EraseSubjectsHandlerDeps extends EraseSubjectsDeps {
  logger?: ErrorLogger;
}

export const makeHandler = (deps: EraseSubjectsHandlerDeps) => {
  const erase = async (event: JsonBodyEvent, context?: LambdaContextLike): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const deadlineMs = callDeadline(deps.now(), context);
    const {
      erased,
      remaining,
      event: recorded,
    } = await eraseSubjects(deps, { organisationId, breachId, body: event.body, deadlineMs });
    return json(200, {
      breachId,
      erased,
      remaining,
      ...(recorded ? { seq: recorded.seq, recordedAt: recorded.at } : {}),
    });
  };

  return middy<JsonBodyEvent, APIGatewayProxyResult>(erase)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation())
    .use(jsonBody());
};
