import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { isBreachId } from '../domain/breach-id';
import { NotFoundError } from '../domain/errors';
import type { BreachRepository } from '../domain/ports';
import { continueWorkflow, type WorkflowControl } from '../domain/workflow-continuation';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * POST /breaches/{id}/workflow/continue: an open breach whose workflow ended is continued (redriven, or replaced by
 * a new execution that replays to where the breach stood). 200 with what was done; 200 `running` when it runs
 * already; 409 when the breach is closed or has no workflow yet; 404 for another organisation's breach.
 */
export interface ContinueWorkflowDeps {
  breaches: BreachRepository;
  workflow: WorkflowControl;
  now?: () => Date;
  logger?: ErrorLogger;
}

export const makeHandler = (deps: ContinueWorkflowDeps) => {
  const { breaches, workflow, now = () => new Date() } = deps;
  const continueIt = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const result = await continueWorkflow(
      { breaches, workflow, now },
      { breachId, organisationId, actor: { kind: 'api-client', organisationId } },
    );
    return json(200, { breachId, ...result });
  };
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(continueIt)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation());
};
