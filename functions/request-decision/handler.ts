import { SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod/mini';
import { DynamoDecisionRequestRepository } from '../adapters/decision-request-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { SfnTaskCallbacks } from '../adapters/task-callbacks';
import { lambdaHandler } from '../config';
import { DECISION_STEPS } from '../domain/decisions';
import { type RequestDecisionDeps, requestDecision } from '../domain/request-decision';
import { traced } from '../observability/tracer';
import '../domain/zod-english';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { breachIdInput, parseTaskInput } from '../task-input';
import { workflowDeps } from '../workflow-deps';

/** The Payload of every callback state: `{ breachId, step, taskToken.$: $$.Task.Token }`. */
const input = z.extend(breachIdInput, {
  step: z.enum(DECISION_STEPS),
  // Step Functions task tokens are up to 2048 characters.
  taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
});

/** Asks a person for a step's decision and leaves the callback task waiting for it (request-decision.ts). */
export const makeHandler = (deps: RequestDecisionDeps) => async (event: unknown) =>
  requestDecision(deps, parseTaskInput(input, event));

export const wire = (config: FunctionConfig<'RequestDecision'>) =>
  makeHandler({
    ...workflowDeps(config),
    requests: new DynamoDecisionRequestRepository({ client: documentClient(), tableName: config.TABLE_NAME }),
    // Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_SFN and talks to the local Step Functions endpoint.
    callbacks: new SfnTaskCallbacks(traced(new SFNClient({}))),
    publicBaseUrl: config.PUBLIC_BASE_URL,
  });

export const handler = lambdaHandler(FUNCTION_CONFIG.RequestDecision, wire);
