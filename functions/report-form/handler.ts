import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { SfnWorkflowStarter } from '../adapters/workflow';
import { lambdaHandler } from '../config';
import { assertCsrfKey } from '../decision-page/csrf';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { makeHandler } from './make-handler';

// A missing or short key fails the first invocation, not a report midway.
export const wire = (config: FunctionConfig<'ReportForm'>) => {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  return makeHandler({
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
    // Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_SFN and talks to the local Step Functions endpoint.
    workflow: new SfnWorkflowStarter(new SFNClient({}), config.STATE_MACHINE_ARN),
    csrfKey: assertCsrfKey(config.CSRF_KEY),
  });
};

export const handler = lambdaHandler(FUNCTIONS.ReportForm.config, wire);
