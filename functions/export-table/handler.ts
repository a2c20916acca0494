import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../adapters/dynamodb-client';
import { TableExports } from '../adapters/table-exports';
import { requiredEnv } from '../config';
import { runExport } from './run-export';

const tableExports = new TableExports({
  documentClient: documentClient(),
  client: new DynamoDBClient({}),
  tableName: requiredEnv('TABLE_NAME'),
  tableArn: requiredEnv('TABLE_ARN'),
  bucket: requiredEnv('EXPORT_BUCKET'),
  prefix: requiredEnv('EXPORT_PREFIX'),
  kmsKeyId: requiredEnv('EXPORT_KEY_ARN'),
});

/** Scheduled (EventBridge Scheduler): export what changed in the table since the last export, for the auditors. */
export const handler = async (): Promise<unknown> => {
  const result = await runExport(tableExports, new Date());
  // Times and ARNs only: nothing of a breach is in them.
  console.log(JSON.stringify({ level: 'INFO', message: 'table export', ...result }));
  return result;
};
