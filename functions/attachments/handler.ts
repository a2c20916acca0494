import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { S3AttachmentStore, s3Client } from '../adapters/s3-attachment-store';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'Attachments'>) => {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  return makeHandler({
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
    store: new S3AttachmentStore({ client: s3Client(), bucket: config.ATTACHMENTS_BUCKET }),
    now: () => new Date(),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.Attachments, wire);
