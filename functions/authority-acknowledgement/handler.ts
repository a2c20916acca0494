import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { requiredEnv } from '../config';
import { makeHandler } from './make-handler';

// Read once per container, and loudly: a missing variable fails the first invocation.
const tableName = requiredEnv('TABLE_NAME');

export const handler = makeHandler({ breaches: new DynamoBreachRepository({ client: documentClient(), tableName }) });
