import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { BreachRepository, OrganisationRepository, WorkflowStarter } from '../domain/ports';
import { type Logger, makeReportBreach } from '../domain/report-breach';
import { UnauthorisedError } from '../http/errors';
import { idempotencyKeyOf } from '../http/headers';
import { type JsonBodyEvent, jsonBody } from '../http/json-body';
import { requestPath } from '../http/links';
import { authorizedOrganisationOf, organisationIdOf, requireOrganisation } from '../http/organisation';
import { problemJson } from '../http/problem-json';
import { json } from '../http/responses';
import type { Counter } from '../observability/counter';
import { logger as powertoolsLogger } from '../observability/logger';
import { metricsCounter } from '../observability/metrics';
import { METRIC_NAMES } from '../observability/names';

/**
 * POST /breaches: report a breach.
 *
 * 201 a new breach, its workflow started; 200 an idempotent repeat (same Idempotency-Key, same body); 202 the report
 * is recorded but its workflow could not be started yet (repeat the request with the same key to start it).
 * The body is the same in all three: { breachId, status, stage, awareAt, reportedAt, deadlines, workflow, links }.
 */

export interface IntakeDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  workflow: WorkflowStarter;
  now?: () => Date;
  logger?: Logger;
  /** @default the function's EMF metrics */
  metrics?: Counter;
}

export const makeHandler = (deps: IntakeDeps) => {
  const logger = deps.logger ?? powertoolsLogger;
  const reportBreach = makeReportBreach({ ...deps, logger });

  const intake = async (event: JsonBodyEvent): Promise<APIGatewayProxyResult> => {
    const idempotencyKey = idempotencyKeyOf(event.headers);
    // The organisation as the authorizer read it (no second read); as old as its cached answer at most, the bound
    // within which a removed organisation is refused. Without it in the context, it is read here.
    const organisation = authorizedOrganisationOf(event) ?? (await deps.organisations.get(organisationIdOf(event)));
    if (!organisation) throw new UnauthorisedError();

    const { created, workflow, ...breach } = await reportBreach({ organisation, idempotencyKey, body: event.body });
    if (created) (deps.metrics ?? metricsCounter).count(METRIC_NAMES.breachesReported);
    const self = `${requestPath(event)}/${breach.breachId}`;
    const statusCode = workflow === 'pending' ? 202 : created ? 201 : 200;
    return json(statusCode, { ...breach, workflow, links: { self } }, { location: self });
  };

  return middy<JsonBodyEvent, APIGatewayProxyResult>(intake)
    .use(problemJson({ logger }))
    .use(requireOrganisation())
    .use(jsonBody());
};
