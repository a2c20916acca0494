import { type CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
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
    const roleId = logicalIdOf(stack.auditExports.exportFunction.executionRole);
    return Object.values(template.findResources('AWS::IAM::Policy') as Resources)
      .filter(({ Properties }) => JSON.stringify(Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(({ Properties }) => (Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };

  it('invokes the export function on a schedule, with retries', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(6 hours)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalIdOf(stack.auditExports.exportFunction), 'Arn'] },
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
