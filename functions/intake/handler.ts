import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { SfnWorkflowStarter } from '../adapters/workflow';
import { requiredEnv } from '../config';
import { makeHandler } from './make-handler';

// Read once per container, and loudly: a missing variable fails the first invocation, not a breach report midway.
const tableName = requiredEnv('TABLE_NAME');
const stateMachineArn = requiredEnv('STATE_MACHINE_ARN');

const client = documentClient();
const sfn = new SFNClient({});

export const handler = makeHandler({
  breaches: new DynamoBreachRepository({ client, tableName }),
  organisations: new DynamoOrganisationRepository({ client, tableName }),
  workflow: new SfnWorkflowStarter(sfn, stateMachineArn),
});
