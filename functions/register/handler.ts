import { DynamoBreachRepository } from '../adapters/breach-repository';
import { DynamoConsoleDirectory } from '../adapters/console-directory';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'Register'>) => {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  // The console's download: the session and the person it is, read-only (http/console-access.ts).
  const directory = new DynamoConsoleDirectory(options);
  return makeHandler({
    console: { sessions: directory, users: directory },
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.Register, wire);
