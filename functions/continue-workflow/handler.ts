import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { SfnWorkflowControl } from '../adapters/workflow';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { traced } from '../observability/tracer';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'ContinueWorkflow'>) =>
  makeHandler({
    breaches: new DynamoBreachRepository({ client: documentClient(), tableName: config.TABLE_NAME }),
    // Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_SFN and talks to the local Step Functions endpoint.
    workflow: new SfnWorkflowControl(traced(new SFNClient({})), config.STATE_MACHINE_ARN),
  });

export const handler = lambdaHandler(FUNCTION_CONFIG.ContinueWorkflow, wire);
