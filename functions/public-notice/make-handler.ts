import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { publicNoticeApplies, publicNoticeText } from '../documents/public-notice';
import { isBreachId } from '../domain/breach-id';
import { ConflictError, NotFoundError } from '../domain/errors';
import { ownBreach } from '../domain/own-breach';
import type { BreachRepository, OrganisationRepository } from '../domain/ports';
import { type ConsoleAccessDeps, consoleAccess } from '../http/console-access';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { SECURITY_HEADERS } from '../http/responses';
import { logger as powertoolsLogger } from '../observability/logger';

/**
 * GET /breaches/{id}/public-notice: the Art. 34(3)(c) public communication as text/plain, when the breach's people
 * are told by a public notice (the notify-subjects decision, or until then the decision or assessment recommending
 * it). 404 for another organisation's breach; 409 when the people are told one by one instead.
 */

export interface PublicNoticeDeps {
  /** The console's downloads of this document (`/console/…`): who is signed in (http/console-access.ts). */
  console?: ConsoleAccessDeps;
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  logger?: ErrorLogger;
}

export const makeHandler = (deps: PublicNoticeDeps) => {
  const { logger = powertoolsLogger, breaches, organisations } = deps;

  const publicNotice = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const state = await ownBreach(breaches, organisationId, breachId);
    if (!publicNoticeApplies(state)) {
      throw new ConflictError('The people affected by this breach are told directly, not by a public notice.');
    }
    const organisation = await organisations.get(organisationId);
    if (!organisation) throw new NotFoundError();
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
      body: publicNoticeText({ state, organisationName: organisation.name, policy: organisation.policy }),
    };
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(publicNotice)
    .use(problemJson({ logger }))
    .use(deps.console ? [consoleAccess(deps.console)] : [])
    .use(requireOrganisation());
};
