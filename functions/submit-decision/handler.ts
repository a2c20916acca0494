import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { DynamoDecisionRequestRepository } from '../adapters/decision-request-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { SfnTaskCallbacks } from '../adapters/task-callbacks';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { traced } from '../observability/tracer';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'SubmitDecision'>) => {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  return makeHandler({
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
    requests: new DynamoDecisionRequestRepository(options),
    // Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_SFN and talks to the local Step Functions endpoint.
    callbacks: new SfnTaskCallbacks(traced(new SFNClient({}))),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.SubmitDecision, wire);
