import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { isBreachId } from '../domain/breach-id';
import { NotFoundError } from '../domain/errors';
import type { BreachRepository, OrganisationRepository } from '../domain/ports';
import { recordAuthorityFollowUp } from '../domain/record-authority-follow-up';
import { type JsonBodyEvent, jsonBody } from '../http/json-body';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * POST /breaches/{id}/authority-reports: a follow-up or final report to the authority was submitted (phase,
 * submittedAt, reference, what was added). 201 when recorded, 200 when the same report was recorded before; 409
 * before the initial report; 400 with field errors.
 */

export interface AuthorityFollowUpDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  now?: () => Date;
  logger?: ErrorLogger;
}

export const makeHandler = (deps: AuthorityFollowUpDeps) => {
  const { breaches, organisations, now = () => new Date() } = deps;

  const followUp = async (event: JsonBodyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const result = await recordAuthorityFollowUp(
      { breaches, organisations, now },
      { organisationId, breachId, body: event.body },
    );
    return json(result.created ? 201 : 200, {
      breachId,
      seq: result.event.seq,
      recordedAt: result.event.at,
      report: result.event.data,
      authorityReports: result.authorityReports,
    });
  };

  return middy<JsonBodyEvent, APIGatewayProxyResult>(followUp)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation())
    .use(jsonBody());
};
