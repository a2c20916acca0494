import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { isBreachId } from '../domain/breach-id';
import { breachObligationStatus } from '../domain/breach-obligations';
import { clockStatuses } from '../domain/clocks';
import { NotFoundError } from '../domain/errors';
import { ownBreach } from '../domain/own-breach';
import type { Clock } from '../domain/policy';
import type { BreachRepository, OrganisationRepository } from '../domain/ports';
import type { BreachState } from '../domain/state';
import { UnauthorisedError } from '../http/errors';
import { requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * GET /breaches/{id}: the breach's current state, its deadlines with where each stands now (met, pending, warning,
 * missed...), each obligation (which authority, each stage's due time and whether it was met), and its event log.
 *
 * A malformed id, an unknown id and another organisation's breach all get the same 404, so a caller can never learn
 * that an id exists outside their own organisation.
 */

export interface GetBreachDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  now?: () => Date;
  logger?: ErrorLogger;
}

export const makeHandler = (deps: GetBreachDeps) => {
  const { breaches, organisations, now = () => new Date() } = deps;

  const getBreach = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const state = await ownBreach(breaches, organisationId, breachId);

    const [events, clocks, organisation] = await Promise.all([
      breaches.events(breachId),
      clocksOf(state, organisationId),
      organisations.get(organisationId),
    ]);
    const deadlines = clockStatuses(state.awareAt, clocks, now(), state.milestones);
    const obligations = organisation ? breachObligationStatus(state, organisation.policy, now()) : [];
    return json(200, { state, deadlines, obligations, events, links: { self: requestPath(event) } });
  };

  /** The clocks as they were when the breach was reported; the policy's current ones for a report that predates that. */
  const clocksOf = async (state: BreachState, organisationId: string): Promise<readonly Clock[]> => {
    if (state.clocks) return state.clocks;
    const organisation = await organisations.get(organisationId);
    if (!organisation) throw new UnauthorisedError();
    return organisation.policy.clocks;
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(getBreach)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation());
};
