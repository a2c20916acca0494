import { DynamoBreachLogReader } from '../adapters/breach-log-reader';
import { documentClient } from '../adapters/dynamodb-client';
import { S3AttachmentStore, s3Client } from '../adapters/s3-attachment-store';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'Verification'>) =>
  makeHandler({
    log: new DynamoBreachLogReader({ client: documentClient(), tableName: config.TABLE_NAME }),
    attachments: new S3AttachmentStore({ client: s3Client(), bucket: config.ATTACHMENTS_BUCKET }),
  });

export const handler = lambdaHandler(FUNCTION_CONFIG.Verification, wire);
