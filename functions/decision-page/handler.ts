import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { DynamoDecisionRequestRepository } from '../adapters/decision-request-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { SfnTaskCallbacks } from '../adapters/task-callbacks';
import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { assertCsrfKey } from './csrf';
import { makeHandler } from './make-handler';

// A missing or short key fails the first invocation, not a decision midway.
export const wire = (config: FunctionConfig<'DecisionPage'>) => {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  return makeHandler({
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
    requests: new DynamoDecisionRequestRepository(options),
    // Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_SFN and talks to the local Step Functions endpoint.
    callbacks: new SfnTaskCallbacks(new SFNClient({})),
    csrfKey: assertCsrfKey(config.CSRF_KEY),
  });
};

export const handler = lambdaHandler(FUNCTIONS.DecisionPage.config, wire);
