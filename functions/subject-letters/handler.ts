import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { DynamoSubjectRepository } from '../adapters/subject-repository';
import { requiredEnv } from '../config';
import { makeHandler } from './make-handler';

const tableName = requiredEnv('TABLE_NAME');
// The people affected live in a table of their own, never exported to the audit bucket (adapters/table-layout.ts).
const subjectsTableName = requiredEnv('SUBJECTS_TABLE_NAME');
const client = documentClient();

export const handler = makeHandler({
  breaches: new DynamoBreachRepository({ client, tableName }),
  organisations: new DynamoOrganisationRepository({ client, tableName }),
  subjects: new DynamoSubjectRepository({ client, tableName: subjectsTableName }),
});
