import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'AuthorityAcknowledgement'>) =>
  makeHandler({ breaches: new DynamoBreachRepository({ client: documentClient(), tableName: config.TABLE_NAME }) });

export const handler = lambdaHandler(FUNCTION_CONFIG.AuthorityAcknowledgement, wire);
