import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { S3AttachmentStore, s3Client } from '../adapters/s3-attachment-store';
import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
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

export const handler = lambdaHandler(FUNCTIONS.Attachments.config, wire);
