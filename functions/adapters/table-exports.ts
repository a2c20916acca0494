import {
  DescribeExportCommand,
  type DynamoDBClient,
  ExportTableToPointInTimeCommand,
  type ExportTableToPointInTimeCommandInput,
} from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ExportPlan, ExportWatermark, PendingStatus } from '../export-table/plan-export';
import { isConditionalCheckFailed } from './dynamodb-client';
import { TABLE } from './table-layout';

/**
 * The table's exports to S3 for auditors: DynamoDB's ExportTableToPointInTime and DescribeExport, and the watermark
 * item that remembers where the exported history ends (`PK=AUDIT#EXPORT`, `SK=WATERMARK`, in the table itself, so it
 * is backed up and restored with the history it describes).
 */

export const WATERMARK_KEY = { [TABLE.partitionKey]: 'AUDIT#EXPORT', [TABLE.sortKey]: 'WATERMARK' } as const;

export interface TableExportsOptions {
  documentClient: DynamoDBDocumentClient;
  client: DynamoDBClient;
  tableName: string;
  tableArn: string;
  bucket: string;
  /** The key prefix exports land under: `<prefix>/AWSDynamoDB/<exportId>/…`. */
  prefix: string;
  /** The bucket's KMS key: every export object is encrypted with it. */
  kmsKeyId: string;
}

/** Another run moved the watermark first: this run's export request stands, but it leaves the record to the other. */
export class WatermarkConflictError extends Error {
  override readonly name = 'WatermarkConflictError';
  constructor(options?: ErrorOptions) {
    super('the export watermark was changed by another run', options);
  }
}

export class TableExports {
  readonly #options: TableExportsOptions;

  constructor(options: TableExportsOptions) {
    this.#options = options;
  }

  async watermark(): Promise<ExportWatermark & { version: number }> {
    const { Item } = await this.#options.documentClient.send(
      new GetCommand({ TableName: this.#options.tableName, Key: WATERMARK_KEY, ConsistentRead: true }),
    );
    if (Item === undefined) return { version: 0 };
    const { exportedTo, pending, version } = Item as ExportWatermark & { version?: number };
    return { ...(exportedTo ? { exportedTo } : {}), ...(pending ? { pending } : {}), version: version ?? 0 };
  }

  async status(exportArn: string): Promise<PendingStatus | undefined> {
    const { ExportDescription } = await this.#options.client.send(new DescribeExportCommand({ ExportArn: exportArn }));
    return ExportDescription?.ExportStatus;
  }

  /**
   * Asks DynamoDB for the planned export. The client token is derived from the window, so a retried run (the
   * scheduler retries) gets the same export back instead of starting a second one.
   */
  async start(plan: Exclude<ExportPlan, { action: 'wait' }>): Promise<{ exportArn: string }> {
    const o = this.#options;
    const common: ExportTableToPointInTimeCommandInput = {
      TableArn: o.tableArn,
      S3Bucket: o.bucket,
      S3Prefix: o.prefix,
      S3SseAlgorithm: 'KMS',
      S3SseKmsKeyId: o.kmsKeyId,
      ExportFormat: 'DYNAMODB_JSON',
    };
    const input: ExportTableToPointInTimeCommandInput =
      plan.action === 'full'
        ? {
            ...common,
            ExportType: 'FULL_EXPORT',
            ExportTime: new Date(plan.exportTime),
            ClientToken: `full-${plan.exportTime}`,
          }
        : {
            ...common,
            ExportType: 'INCREMENTAL_EXPORT',
            IncrementalExportSpecification: {
              ExportFromTime: new Date(plan.from),
              ExportToTime: new Date(plan.to),
              ExportViewType: 'NEW_IMAGE',
            },
            ClientToken: `incremental-${plan.from}-${plan.to}`,
          };
    const { ExportDescription } = await o.client.send(new ExportTableToPointInTimeCommand(input));
    if (!ExportDescription?.ExportArn) throw new Error('ExportTableToPointInTime returned no export ARN');
    return { exportArn: ExportDescription.ExportArn };
  }

  /** Records the new watermark, only if no other run has recorded one since `expectedVersion` was read. */
  async record(watermark: ExportWatermark, expectedVersion: number): Promise<void> {
    try {
      await this.#options.documentClient.send(
        new PutCommand({
          TableName: this.#options.tableName,
          Item: { ...WATERMARK_KEY, ...watermark, version: expectedVersion + 1 },
          ConditionExpression: 'attribute_not_exists(#pk) OR #version = :expected',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        throw new WatermarkConflictError({ cause: error });
      }
      throw error;
    }
  }
}
