import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { logger } from '../observability/logger';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'Authorizer'>) =>
  makeHandler({
    organisations: new DynamoOrganisationRepository({ client: documentClient(), tableName: config.TABLE_NAME }),
    // The error's name only: its message could quote a key hash.
    onUseNotRecorded: (error) =>
      logger.warn('API key use not recorded', { errorClass: error instanceof Error ? error.name : typeof error }),
  });

export const handler = lambdaHandler(FUNCTIONS.Authorizer.config, wire);
