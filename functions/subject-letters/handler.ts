import { DynamoBreachRepository } from '../adapters/breach-repository';
import { DynamoConsoleDirectory } from '../adapters/console-directory';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { DynamoSubjectList } from '../adapters/subject-list';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'SubjectLetters'>) => {
  const client = documentClient();
  // A download from the console: the session and the person it is, read-only (http/console-access.ts).
  const directory = new DynamoConsoleDirectory({ client, tableName: config.TABLE_NAME });
  return makeHandler({
    console: { sessions: directory, users: directory },
    breaches: new DynamoBreachRepository({ client, tableName: config.TABLE_NAME }),
    organisations: new DynamoOrganisationRepository({ client, tableName: config.TABLE_NAME }),
    // The people affected live in a table of their own, never exported to the audit bucket.
    subjects: new DynamoSubjectList({ client, tableName: config.SUBJECTS_TABLE_NAME }),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.SubjectLetters, wire);
