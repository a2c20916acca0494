import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'OtherParties'>) => {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  return makeHandler({
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.OtherParties, wire);
