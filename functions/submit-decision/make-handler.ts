import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { isBreachId } from '../domain/breach-id';
import { DECISION_STEPS, type DecisionStep } from '../domain/decisions';
import { NotFoundError } from '../domain/errors';
import { type TakeDecisionDeps, type TakeDecisionLogger, takeDecision } from '../domain/take-decision';
import { type JsonBodyEvent, jsonBody } from '../http/json-body';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';
import { logger as powertoolsLogger } from '../observability/logger';

/**
 * POST /breaches/{id}/decisions/{step}: an organisation records a step's decision through the API, as the person
 * named in `decidedBy`. 200 with { breachId, step, recordedAt }; 404 for an unknown step name or a breach that is not
 * the caller's; 409 when the breach is not waiting for the step; 422 with field errors for a decision that does not
 * hold (its schema or the policy's rules).
 */

export interface SubmitDecisionDeps extends Omit<TakeDecisionDeps, 'now' | 'logger'> {
  now?: () => Date;
  logger?: ErrorLogger & TakeDecisionLogger;
}

const isDecisionStep = (value: unknown): value is DecisionStep =>
  typeof value === 'string' && (DECISION_STEPS as readonly string[]).includes(value);

export const makeHandler = (deps: SubmitDecisionDeps) => {
  const { now = () => new Date(), logger = powertoolsLogger, ...ports } = deps;

  const submitDecision = async (event: JsonBodyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    const step = event.pathParameters?.step;
    if (!isBreachId(breachId) || !isDecisionStep(step)) throw new NotFoundError();
    const { event: recorded } = await takeDecision(
      { ...ports, now, logger },
      { via: 'api', organisationId, breachId, step, body: event.body },
    );
    return json(200, { breachId, step, recordedAt: recorded.at });
  };

  return middy<JsonBodyEvent, APIGatewayProxyResult>(submitDecision)
    .use(problemJson({ logger }))
    .use(requireOrganisation())
    .use(jsonBody());
};
