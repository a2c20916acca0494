import { documentClient } from '../adapters/dynamodb-client';
import { DynamoSubjectRepository } from '../adapters/subject-repository';
import { requiredEnv } from '../config';
import { makeHandler } from './make-handler';

const tableName = requiredEnv('TABLE_NAME');

/** EventBridge → this function, asynchronously: a failure retries, then lands in the dead-letter queue. */
export const handler = makeHandler({ subjects: new DynamoSubjectRepository({ client: documentClient(), tableName }) });
