import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoSubjectList } from '../adapters/subject-list';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

/** `POST /breaches/{id}/subjects`: the breach table, and the people affected in a table of their own. */
export const wire = (config: FunctionConfig<'AddSubjects'>) => {
  const client = documentClient();
  return makeHandler({
    breaches: new DynamoBreachRepository({ client, tableName: config.TABLE_NAME }),
    // Never exported to the audit bucket (adapters/table-layout.ts).
    subjects: new DynamoSubjectList({ client, tableName: config.SUBJECTS_TABLE_NAME }),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.AddSubjects, wire);
