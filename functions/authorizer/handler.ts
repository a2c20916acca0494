import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { logger } from '../observability/logger';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'Authorizer'>) =>
  makeHandler({
    organisations: new DynamoOrganisationRepository({ client: documentClient(), tableName: config.TABLE_NAME }),
    // The error's name only: its message could quote a key hash.
    onUseNotRecorded: (error) =>
      logger.warn('API key use not recorded', { errorClass: error instanceof Error ? error.name : typeof error }),
  });

export const handler = lambdaHandler(FUNCTION_CONFIG.Authorizer, wire);
