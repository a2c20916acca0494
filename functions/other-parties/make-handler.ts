import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { isBreachId } from '../domain/breach-id';
import { NotFoundError } from '../domain/errors';
import { otherPartiesFor } from '../domain/other-parties';
import { ownBreach } from '../domain/own-breach';
import type { BreachRepository, OrganisationRepository } from '../domain/ports';
import { UnauthorisedError } from '../http/errors';
import { requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * GET /breaches/{id}/other-parties: every party the policy and the facts suggest telling (police, controller, DSPT,
 * local authority, insurer, court, ICT provider, board, governors...), why each is suggested, and where each stands:
 * told (when, with what reference), not told (with the note saying why), or pending.
 */

export interface OtherPartiesDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  logger?: ErrorLogger;
}

export const makeHandler = (deps: OtherPartiesDeps) => {
  const { breaches, organisations } = deps;

  const otherParties = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const state = await ownBreach(breaches, organisationId, breachId);
    const organisation = await organisations.get(organisationId);
    if (!organisation) throw new UnauthorisedError();
    const parties = otherPartiesFor(state, organisation.policy);
    return json(200, { breachId, parties, links: { self: requestPath(event) } });
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(otherParties)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation());
};
