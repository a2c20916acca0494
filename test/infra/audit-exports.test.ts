import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTableExport } from '../../audit/export-layout';
import { NAMED_QUERIES, namedQuerySql, VIEWS, viewSql } from '../../audit/named-queries';
import type { BreachdeskStack } from '../../infra/breachdesk-stack';
import { buildBreachdeskApp } from './synth';

type Resources = Record<string, { Properties: Record<string, unknown>; DependsOn?: string[] }>;
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

let stack: BreachdeskStack;
let template: Template;

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }): string =>
  Stack.of(stack).resolve(Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnResource)) as string;

beforeAll(() => {
  ({ stack } = buildBreachdeskApp());
  template = Template.fromStack(stack);
});

describe('audit exports bucket', () => {
  it('versions, locks (governance, six years), encrypts with its own rotating key, and logs access', () => {
    const audit = stack.auditExports;
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 6 * 365 } },
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [logicalIdOf(audit.key), 'Arn'] },
              },
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: logicalIdOf(audit.logsBucket) },
          LogFilePrefix: 'exports/',
        },
      }),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Breachdesk audit exports and Athena query results',
      EnableKeyRotation: true,
    });
  });

  it('refuses every request without TLS on the export, results and log buckets', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy') as Resources);
    for (const bucket of [stack.auditExports.bucket, stack.auditExports.resultsBucket, stack.auditExports.logsBucket]) {
      const policy = policies.find(
        (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: logicalIdOf(bucket) }),
      );
      expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
  });
});

describe('scheduled export', () => {
  const roleStatements = (): Statement[] => {
    const roleId = logicalIdOf(stack.functions.ExportTable.executionRole);
    return Object.values(template.findResources('AWS::IAM::Policy') as Resources)
      .filter(({ Properties }) => JSON.stringify(Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(({ Properties }) => (Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };

  it('invokes the export function on a schedule, with retries', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(6 hours)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalIdOf(stack.functions.ExportTable), 'Arn'] },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
      }),
    });
  });

  it('lets the function export exactly the breach table, and read and write nothing but there', () => {
    const tableArn = { 'Fn::GetAtt': [logicalIdOf(stack.storage.table), 'Arn'] };
    const dynamo = roleStatements().filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: ['dynamodb:ExportTableToPointInTime', 'dynamodb:GetItem', 'dynamodb:PutItem'],
          Resource: tableArn,
        }),
        expect.objectContaining({
          Action: 'dynamodb:DescribeExport',
          Resource: { 'Fn::Join': ['', [tableArn, '/export/*']] },
        }),
      ]),
    );
    expect(dynamo).toHaveLength(2);
  });

  it('lets the function write export objects under the export prefix only, with the bucket key', () => {
    const bucketArn = { 'Fn::GetAtt': [logicalIdOf(stack.auditExports.bucket), 'Arn'] };
    const s3 = roleStatements().filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3.length).toBeGreaterThan(0);
    for (const statement of s3) {
      expect(statement.Resource).toEqual({ 'Fn::Join': ['', [bucketArn, '/exports/*']] });
      expect([statement.Action].flat()).not.toContain('s3:DeleteObject');
    }
    const exportKey = { 'Fn::GetAtt': [logicalIdOf(stack.auditExports.key), 'Arn'] };
    expect(roleStatements().some((s) => JSON.stringify(s.Resource) === JSON.stringify(exportKey))).toBe(true);
  });

  it('tells the function the table, bucket, prefix and key it exports with', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: logicalIdOf(stack.storage.table) },
          EXPORT_BUCKET: { Ref: logicalIdOf(stack.auditExports.bucket) },
          EXPORT_PREFIX: 'exports',
          EXPORT_KEY_ARN: { 'Fn::GetAtt': [logicalIdOf(stack.auditExports.key), 'Arn'] },
        }),
      },
      DeadLetterConfig: { TargetArn: Match.anyValue() },
    });
  });
});

/** The first line of a full export file, written by the local export (audit/export-layout.ts) in DynamoDB's layout. */
async function fullExportLine(): Promise<Record<string, unknown>> {
  const outDir = mkdtempSync(join(tmpdir(), 'export-line-'));
  try {
    const item = {
      PK: { S: 'BREACH#BR-1' },
      SK: { S: 'EVENT#0000000001' },
      breachId: { S: 'BR-1' },
      type: { S: 'reported' },
      seq: { N: '1' },
    };
    await writeTableExport([item], {
      outDir,
      tableArn: 'arn:aws:dynamodb:eu-west-2:000000000000:table/t',
      tableId: 'table-id',
    });
    const [file] = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json.gz'));
    const [line] = gunzipSync(readFileSync(join(outDir, file ?? '')))
      .toString('utf8')
      .split('\n');
    return JSON.parse(line ?? '') as Record<string, unknown>;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * A line of an incremental export as the DynamoDB Developer Guide shows it ("DynamoDB table export output format",
 * incremental export: Metadata, Keys, OldImage, NewImage).
 */
const INCREMENTAL_EXPORT_LINE = {
  Metadata: { WriteTimestampMicros: { N: '1700000000000000' } },
  Keys: { PK: { S: 'BREACH#BR-1' }, SK: { S: 'EVENT#0000000002' } },
  NewImage: {
    PK: { S: 'BREACH#BR-1' },
    SK: { S: 'EVENT#0000000002' },
    breachId: { S: 'BR-1' },
    type: { S: 'contained' },
    seq: { N: '2' },
  },
} as const;

describe('Glue and Athena', () => {
  it('catalogues the export lines as a JSON table over the export prefix', () => {
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'export_items',
        TableType: 'EXTERNAL_TABLE',
        StorageDescriptor: Match.objectLike({
          SerdeInfo: Match.objectLike({ SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' }),
          Columns: [
            { Name: 'item', Type: 'string' },
            { Name: 'newimage', Type: 'string' },
          ],
        }),
      }),
    });
  });

  it('reads the export lines case-sensitively, each column mapped to the key DynamoDB writes', async () => {
    const [table] = Object.values(
      template.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: 'export_items' } } }) as Resources,
    );
    const input = table?.Properties.TableInput as {
      StorageDescriptor: { Columns: { Name: string }[]; SerdeInfo: { Parameters: Record<string, string> } };
    };
    const parameters = input.StorageDescriptor.SerdeInfo.Parameters;
    // Case-insensitive matching would lower-case keys, and the views read DynamoDB's mixed-case names ($.SK.S).
    expect(parameters['case.insensitive']).toBe('false');
    // A full export's line and an incremental export's line, as DynamoDB writes them: every column maps to a key of
    // one of them, exactly as spelt there, and that key holds the item the views read.
    const lines = [await fullExportLine(), INCREMENTAL_EXPORT_LINE];
    for (const { Name: column } of input.StorageDescriptor.Columns) {
      const key = parameters[`mapping.${column}`];
      expect(key, column).toBeDefined();
      const line = lines.find((candidate) => key !== undefined && key in candidate);
      expect(line, `${column} → ${key}`).toBeDefined();
      const image = (line as Record<string, { SK?: { S?: string } }>)[key as string];
      expect(image?.SK?.S, column).toMatch(/^EVENT#/);
    }
  });

  it('can be deleted although queried, and never blocks a redeploy with a fixed name', () => {
    const [workGroup] = Object.values(template.findResources('AWS::Athena::WorkGroup') as Resources);
    expect(workGroup?.Properties.RecursiveDeleteOption).toBe(true);
    // The name carries the unique part of the stack's id: a workgroup of an earlier stack cannot collide with it.
    expect(JSON.stringify(workGroup?.Properties.Name)).toContain('AWS::StackId');
  });

  it.each(VIEWS.map((view) => [view.name]))('holds the view %s with the SQL of its file', (name) => {
    const [table] = Object.values(
      template.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: name } } }) as Resources,
    );
    const input = table?.Properties.TableInput as { TableType: string; ViewOriginalText: string };
    expect(input.TableType).toBe('VIRTUAL_VIEW');
    const encoded = /^\/\* Presto View: (.+) \*\/$/.exec(input.ViewOriginalText)?.[1] ?? '';
    const view = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { originalSql: string };
    expect(view.originalSql).toBe(viewSql(name));
  });

  it.each(NAMED_QUERIES.map((name) => [name]))('holds the named query %s with the SQL of its file', (name) => {
    template.hasResourceProperties('AWS::Athena::NamedQuery', {
      Name: name,
      QueryString: namedQuerySql(name),
      WorkGroup: { Ref: Stack.of(stack).resolve(Stack.of(stack).getLogicalId(stack.auditExports.workGroup)) },
    });
  });

  it('enforces the workgroup configuration: encrypted results, a scan cutoff, engine v3', () => {
    template.resourceCountIs('AWS::Athena::NamedQuery', NAMED_QUERIES.length);
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          OutputLocation: Match.anyValue(),
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            KmsKey: { 'Fn::GetAtt': [logicalIdOf(stack.auditExports.key), 'Arn'] },
          },
        },
      }),
    });
  });
});
