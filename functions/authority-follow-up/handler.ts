import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'AuthorityFollowUp'>) =>
  makeHandler({ breaches: new DynamoBreachRepository({ client: documentClient(), tableName: config.TABLE_NAME }) });

export const handler = lambdaHandler(FUNCTIONS.AuthorityFollowUp.config, wire);
