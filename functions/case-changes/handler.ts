import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDecisionRequestRepository } from '../adapters/decision-request-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { SfnTaskCallbacks } from '../adapters/task-callbacks';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { traced } from '../observability/tracer';
import { clockLoop, reminderLoop } from '../reminder-loop-deps';
import { workflowDeps } from '../workflow-deps';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'CaseChanges'>) =>
  makeHandler({
    ...workflowDeps(config),
    requests: new DynamoDecisionRequestRepository({ client: documentClient(), tableName: config.TABLE_NAME }),
    // A revision while the case waits at Close fails that task, so the Case branch takes the revised duties.
    callbacks: new SfnTaskCallbacks(traced(new SFNClient({}))),
    reminders: reminderLoop(config),
    clock: clockLoop(config),
  });

export const handler = lambdaHandler(FUNCTION_CONFIG.CaseChanges, wire);
