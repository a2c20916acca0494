import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { requiredEnv } from '../config';
import { makeHandler } from './make-handler';

// Read once per container, and loudly: a missing variable fails the first invocation.
const tableName = requiredEnv('TABLE_NAME');

const options = { client: documentClient(), tableName };

export const handler = makeHandler({
  breaches: new DynamoBreachRepository(options),
  organisations: new DynamoOrganisationRepository(options),
});
