import { DynamoBreachLogReader } from '../adapters/breach-log-reader';
import { documentClient } from '../adapters/dynamodb-client';
import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'Verification'>) =>
  makeHandler({ log: new DynamoBreachLogReader({ client: documentClient(), tableName: config.TABLE_NAME }) });

export const handler = lambdaHandler(FUNCTIONS.Verification.config, wire);
