import { DescribeExportCommand, DynamoDBClient, ExportTableToPointInTimeCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { TableExports, WATERMARK_KEY } from '../../../functions/adapters/table-exports';
import { runExport } from '../../../functions/export-table/run-export';

const dynamo = mockClient(DynamoDBClient);
const documents = mockClient(DynamoDBDocumentClient);
const tableArn = 'arn:aws:dynamodb:eu-west-2:111122223333:table/breaches';
const exportArn = `${tableArn}/export/01767000000000-abcdef12`;

const exportsFor = () =>
  new TableExports({
    documentClient: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    client: new DynamoDBClient({}),
    tableName: 'breaches',
    tableArn,
    bucket: 'audit-bucket',
    prefix: 'exports',
    kmsKeyId: 'arn:aws:kms:eu-west-2:111122223333:key/k',
  });

afterEach(() => {
  dynamo.reset();
  documents.reset();
});

describe('runExport', () => {
  it('asks for a KMS-encrypted DynamoDB JSON full export first and records it as pending', async () => {
    const now = new Date('2026-01-10T12:00:00.000Z');
    documents.on(GetCommand).resolves({});
    documents.on(PutCommand).resolves({});
    dynamo.on(ExportTableToPointInTimeCommand).resolves({ ExportDescription: { ExportArn: exportArn } });

    expect(await runExport(exportsFor(), now)).toMatchObject({ action: 'full', exportArn });

    expect(dynamo.commandCalls(ExportTableToPointInTimeCommand)[0]?.args[0].input).toMatchObject({
      TableArn: tableArn,
      S3Bucket: 'audit-bucket',
      S3Prefix: 'exports',
      S3SseAlgorithm: 'KMS',
      ExportFormat: 'DYNAMODB_JSON',
      ExportType: 'FULL_EXPORT',
      ExportTime: now,
    });
    expect(documents.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { ...WATERMARK_KEY, pending: { exportArn, type: 'FULL_EXPORT', to: now.toISOString() }, version: 1 },
      ExpressionAttributeValues: { ':expected': 0 },
    });
  });

  it('exports incrementally from the end of a completed export, with new images', async () => {
    const to = '2026-01-10T06:00:00.000Z';
    documents.on(GetCommand).resolves({
      Item: { ...WATERMARK_KEY, pending: { exportArn, type: 'FULL_EXPORT', to }, version: 1 },
    });
    documents.on(PutCommand).resolves({});
    dynamo.on(DescribeExportCommand).resolves({ ExportDescription: { ExportStatus: 'COMPLETED' } });
    dynamo.on(ExportTableToPointInTimeCommand).resolves({ ExportDescription: { ExportArn: `${exportArn}-2` } });

    await runExport(exportsFor(), new Date('2026-01-10T12:00:00.000Z'));

    expect(dynamo.commandCalls(ExportTableToPointInTimeCommand)[0]?.args[0].input).toMatchObject({
      ExportType: 'INCREMENTAL_EXPORT',
      IncrementalExportSpecification: {
        ExportFromTime: new Date(to),
        ExportToTime: new Date('2026-01-10T12:00:00.000Z'),
        ExportViewType: 'NEW_IMAGE',
      },
    });
    expect(documents.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({ exportedTo: to, version: 2 });
  });

  it('starts nothing while the last export runs', async () => {
    documents
      .on(GetCommand)
      .resolves({ Item: { ...WATERMARK_KEY, pending: { exportArn, type: 'FULL_EXPORT', to: 'x' } } });
    dynamo.on(DescribeExportCommand).resolves({ ExportDescription: { ExportStatus: 'IN_PROGRESS' } });

    expect(await runExport(exportsFor(), new Date())).toMatchObject({ action: 'wait' });
    expect(dynamo.commandCalls(ExportTableToPointInTimeCommand)).toHaveLength(0);
    expect(documents.commandCalls(PutCommand)).toHaveLength(0);
  });
});
