import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'Authorizer'>) =>
  makeHandler({
    organisations: new DynamoOrganisationRepository({ client: documentClient(), tableName: config.TABLE_NAME }),
    // The error's name only: its message could quote a key hash.
    onUseNotRecorded: (error) =>
      console.warn(JSON.stringify({ message: 'API key use not recorded', error: (error as Error)?.name })),
  });

export const handler = lambdaHandler(FUNCTIONS.Authorizer.config, wire);
