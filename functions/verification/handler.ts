import { DynamoBreachLogReader } from '../adapters/breach-log-reader';
import { documentClient } from '../adapters/dynamodb-client';
import { requiredEnv } from '../config';
import { makeHandler } from './make-handler';

// Read once per container, and loudly: a missing variable fails the first invocation.
const tableName = requiredEnv('TABLE_NAME');

export const handler = makeHandler({ log: new DynamoBreachLogReader({ client: documentClient(), tableName }) });
