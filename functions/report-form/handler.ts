import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { SfnWorkflowStarter } from '../adapters/workflow';
import { requiredEnv } from '../config';
import { assertCsrfKey } from '../decision-page/csrf';
import { makeHandler } from './make-handler';

// Read once per container, and loudly: a missing or short key fails the first invocation, not a report midway.
const tableName = requiredEnv('TABLE_NAME');
const stateMachineArn = requiredEnv('STATE_MACHINE_ARN');
const csrfKey = assertCsrfKey(requiredEnv('CSRF_KEY'));
const client = documentClient();

export const handler = makeHandler({
  breaches: new DynamoBreachRepository({ client, tableName }),
  organisations: new DynamoOrganisationRepository({ client, tableName }),
  // Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_SFN and talks to the local Step Functions endpoint.
  workflow: new SfnWorkflowStarter(new SFNClient({}), stateMachineArn),
  csrfKey,
});
