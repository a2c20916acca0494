import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoSubjectEraser } from '../adapters/subject-eraser';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

/**
 * `DELETE /breaches/{id}/subjects` (make-handler.ts): the breach table (for the event) and the people (deleted). No
 * mailer: nobody is written to.
 */
export const wire = (config: FunctionConfig<'EraseSubjects'>) => {
  const client = documentClient();
  return makeHandler({
    breaches: new DynamoBreachRepository({ client, tableName: config.TABLE_NAME }),
    subjects: new DynamoSubjectEraser({ client, tableName: config.SUBJECTS_TABLE_NAME }),
    now: () => new Date(),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.EraseSubjects, wire);
