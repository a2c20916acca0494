import { documentClient } from '../adapters/dynamodb-client';
import { DynamoSubjectRepository } from '../adapters/subject-repository';
import { requiredEnv } from '../config';
import { makeHandler } from './make-handler';

// Only the subjects table: an SES event names a message, and the message's pointer leads to one person.
const tableName = requiredEnv('SUBJECTS_TABLE_NAME');

/** EventBridge → this function, asynchronously: a failure retries, then lands in the dead-letter queue. */
export const handler = makeHandler({ subjects: new DynamoSubjectRepository({ client: documentClient(), tableName }) });
