import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'Authorizer'>) =>
  makeHandler({
    organisations: new DynamoOrganisationRepository({ client: documentClient(), tableName: config.TABLE_NAME }),
  });

export const handler = lambdaHandler(FUNCTIONS.Authorizer.config, wire);
