import { DynamoDeliveryEvents } from '../adapters/delivery-events';
import { documentClient } from '../adapters/dynamodb-client';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

/** EventBridge → this function, asynchronously: a failure retries, then lands in the dead-letter queue. */
export const wire = (config: FunctionConfig<'SesEvents'>) =>
  // Only the subjects table: an SES event names a message, and the message's pointer leads to one person.
  makeHandler({
    subjects: new DynamoDeliveryEvents({ client: documentClient(), tableName: config.SUBJECTS_TABLE_NAME }),
  });

export const handler = lambdaHandler(FUNCTION_CONFIG.SesEvents, wire);
