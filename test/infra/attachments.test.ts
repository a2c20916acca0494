import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, type FunctionName, functionSpec } from '../../functions/manifest';
import { buildBreachdeskApp } from './synth';

/**
 * The evidence bucket as synthesized: encrypted with its own key, versioned, private, TLS only, logged, kept as long
 * as a breach record, and reachable only by the functions the manifest grants it to, under the evidence prefix.
 */

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}
interface Resource {
  readonly Type: string;
  readonly Metadata?: Record<string, string>;
  readonly Properties: Record<string, unknown>;
}

let template: Template;
let resources: Record<string, Resource>;

const logicalIdAt = (path: string): string => {
  const found = Object.entries(resources).find(([, r]) => r.Metadata?.['aws:cdk:path'] === `Breachdesk/${path}`);
  if (!found) throw new Error(`no resource at ${path}`);
  return found[0];
};

const statementsOf = (name: FunctionName): Statement[] => {
  const roleId = logicalIdAt(`${name}Role/Resource`);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) =>
      (r.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};

/** The S3 statements of a function that name the attachments bucket. */
const bucketStatements = (name: FunctionName, bucketId: string): Statement[] =>
  statementsOf(name).filter((s) => JSON.stringify(s.Resource).includes(bucketId));

beforeAll(() => {
  const { stack } = buildBreachdeskApp();
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, Resource>;
});

describe('the attachments bucket', () => {
  it('is encrypted with a rotated customer-managed key, versioned, private and logged', () => {
    const bucketId = logicalIdAt('Evidence/Bucket/Resource');
    const keyId = logicalIdAt('Evidence/AttachmentKey/Resource');
    expect(resources[keyId]?.Properties.EnableKeyRotation).toBe(true);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
            },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'attachments/' },
    });
    expect(Object.keys(resources[bucketId]?.Properties ?? {})).toContain('LoggingConfiguration');
  });

  it('refuses any request over plain HTTP', () => {
    const bucketId = logicalIdAt('Evidence/Bucket/Resource');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('keeps evidence and its earlier versions for six years, as long as the breach record', () => {
    const bucketId = logicalIdAt('Evidence/Bucket/Resource');
    const lifecycle = resources[bucketId]?.Properties.LifecycleConfiguration as
      | { Rules: Record<string, unknown>[] }
      | undefined;
    const rules = lifecycle?.Rules ?? [];
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'attachments/',
        ExpirationInDays: 6 * 365,
        NoncurrentVersionExpiration: { NoncurrentDays: 6 * 365 },
        Status: 'Enabled',
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    );
    expect(template.findResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' })).toHaveProperty(bucketId);
  });
});

describe('who may touch the evidence', () => {
  const granted = FUNCTION_NAMES.filter((name) => functionSpec(name).grants.attachments !== undefined);

  it('is granted to the functions that attach, show and verify evidence', () => {
    expect(granted).toEqual(expect.arrayContaining(['Attachments']));
  });

  it.each(FUNCTION_NAMES.filter((name) => !granted.includes(name)))('%s has no access to the bucket', (name) => {
    const bucketId = logicalIdAt('Evidence/Bucket/Resource');
    expect(bucketStatements(name, bucketId)).toEqual([]);
  });

  it.each(granted)('%s reaches objects under attachments/ only, and may put them only if it signs uploads', (name) => {
    const bucketId = logicalIdAt('Evidence/Bucket/Resource');
    const statements = bucketStatements(name, bucketId);
    expect(statements.length).toBeGreaterThan(0);
    const objectResources = statements
      .flatMap((s) => [s.Resource].flat())
      .filter((resource) => JSON.stringify(resource).includes('/'));
    for (const resource of objectResources) expect(JSON.stringify(resource)).toContain('/attachments/*');
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions).toContain('s3:GetObject');
    expect(actions.filter((a) => a.startsWith('s3:List') || a.endsWith('*'))).toEqual([]);
    expect(actions.includes('s3:PutObject')).toBe(functionSpec(name).grants.attachments === 'upload');
    expect(actions.filter((a) => a.startsWith('s3:Delete'))).toEqual([]);
  });

  it('gives the Attachments function the bucket name and nothing of another bucket', () => {
    const bucketId = logicalIdAt('Evidence/Bucket/Resource');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Breachdesk: evidence attached'),
      Environment: { Variables: Match.objectLike({ ATTACHMENTS_BUCKET: { Ref: bucketId } }) },
    });
  });
});
