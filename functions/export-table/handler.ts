import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { documentClient } from '../adapters/dynamodb-client';
import { TableExports } from '../adapters/table-exports';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { logger } from '../observability/logger';
import { traced } from '../observability/tracer';
import { runExport } from './run-export';

/** Scheduled (EventBridge Scheduler): export what changed in the table since the last export, for the auditors. */
export const wire = (config: FunctionConfig<'ExportTable'>) => {
  const tableExports = new TableExports({
    documentClient: documentClient(),
    client: traced(new DynamoDBClient({})),
    tableName: config.TABLE_NAME,
    tableArn: config.TABLE_ARN,
    bucket: config.EXPORT_BUCKET,
    prefix: config.EXPORT_PREFIX,
    kmsKeyId: config.EXPORT_KEY_ARN,
  });
  return async (): Promise<unknown> => {
    const result = await runExport(tableExports, new Date());
    // Times and ARNs only: nothing of a breach is in them.
    logger.info('table export', { ...result });
    return result;
  };
};

export const handler = lambdaHandler(FUNCTION_CONFIG.ExportTable, wire);
