import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { isBreachId } from '../domain/breach-id';
import { NotFoundError } from '../domain/errors';
import type { BreachRepository } from '../domain/ports';
import { recordAuthorityAcknowledgement } from '../domain/record-authority-acknowledgement';
import { type JsonBodyEvent, jsonBody } from '../http/json-body';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * POST /breaches/{id}/authority-acknowledgement: the authority's written confirmation of receipt (receivedAt,
 * reference). 201 when recorded, 200 when the same confirmation was recorded before; 409 before the initial report;
 * 400 with field errors.
 */

export interface AuthorityAcknowledgementDeps {
  breaches: BreachRepository;
  now?: () => Date;
  logger?: ErrorLogger;
}

export const makeHandler = (deps: AuthorityAcknowledgementDeps) => {
  const { breaches, now = () => new Date() } = deps;

  const acknowledge = async (event: JsonBodyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const { event: recorded, created } = await recordAuthorityAcknowledgement(
      { breaches, now },
      { organisationId, breachId, body: event.body },
    );
    return json(created ? 201 : 200, {
      breachId,
      seq: recorded.seq,
      recordedAt: recorded.at,
      acknowledgement: recorded.data,
    });
  };

  return middy<JsonBodyEvent, APIGatewayProxyResult>(acknowledge)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation())
    .use(jsonBody());
};
