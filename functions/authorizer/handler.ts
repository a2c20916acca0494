import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { requiredEnv } from '../config';
import { makeHandler } from './make-handler';

// Read once per container, and loudly: a missing variable fails the first invocation.
const tableName = requiredEnv('TABLE_NAME');

export const handler = makeHandler({
  organisations: new DynamoOrganisationRepository({ client: documentClient(), tableName }),
  // The error's name only: its message could quote a key hash.
  onUseNotRecorded: (error) =>
    console.warn(JSON.stringify({ message: 'API key use not recorded', error: (error as Error)?.name })),
});
