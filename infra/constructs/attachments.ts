import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ATTACHMENTS_PREFIX } from '../../functions/domain/attachments';
import type { BreachdeskFunction } from './base-function';

export interface AttachmentsProps {
  /** Where the bucket's server access logs go (the audit exports' access-log bucket, SSE-S3 as log delivery needs). */
  readonly accessLogs: s3.IBucket;
  /**
   * How long an attached file is kept: as long as the breach record it belongs to. Six years, the limitation period
   * for claims in England and Wales (Limitation Act 1980), the same as the audit exports' lock, within which the
   * controller may have to show what it knew about a breach (Art. 33(5)).
   * @default Duration.days(6 * 365)
   */
  readonly retention?: Duration;
  /**
   * @default RemovalPolicy.RETAIN - evidence outlives the stack, like the breach table that records its hashes
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The evidence bucket: files attached to breaches, uploaded straight from the caller through presigned URLs
 * (functions/adapters/s3-attachment-store.ts) under `attachments/<organisation>/<breach>/<attachment>`. Encrypted with
 * a key of its own (as the tables and the exports are), versioned so a replaced file's original can be restored,
 * private, TLS only, access-logged. The SHA-256 of each file is in its breach's hash-chained log; verification hashes
 * each file again.
 */
export class Attachments extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly key: kms.Key;

  public constructor(scope: Construct, id: string, props: AttachmentsProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retention = props.retention ?? Duration.days(6 * 365);

    this.key = new kms.Key(this, 'AttachmentKey', {
      description: 'Breachdesk evidence attached to breaches',
      enableKeyRotation: true,
      removalPolicy,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'attachments/',
      lifecycleRules: [
        {
          id: 'evidence-retention',
          prefix: `${ATTACHMENTS_PREFIX}/`,
          // Evidence is read rarely after the first weeks of a case.
          transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
          expiration: retention,
          // A replaced or deleted file's original stays restorable for as long as the record it belonged to.
          noncurrentVersionExpiration: retention,
          expiredObjectDeleteMarker: false,
        },
        { id: 'unfinished-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy,
    });
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      Validations.of(this.bucket).acknowledge({
        id: `${pack}-S3BucketReplicationEnabled`,
        reason:
          'Versioning keeps every earlier version of a file for the retention period and each file’s SHA-256 is in ' +
          'the breach log; a replica in another region would be a second copy of personal data to account for.',
      });
    }
  }

  /**
   * What a function may do to the files, under `attachments/*` only. `upload`: s3:PutObject, which the presigned PUTs
   * and POST policies it signs act with (it never writes bytes itself), and s3:GetObject to read each file back, hash
   * it and sign its download; `read`: s3:GetObject only. Written out rather than `grantPut`/`grantRead`, which would
   * add listing the bucket (every organisation's keys), tagging, retention and legal-hold writes, and aborts.
   */
  public grant(fn: BreachdeskFunction, access: 'upload' | 'read'): void {
    const objects = `${ATTACHMENTS_PREFIX}/*`;
    const actions = access === 'upload' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'];
    fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [this.bucket.arnForObjects(objects)] }));
    // SSE-KMS: a put makes a data key, a get decrypts it.
    this.key.grant(fn, ...(access === 'upload' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt']));
    Validations.of(fn.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.bucketLogicalId()}.Arn>/${objects}]`,
      reason:
        'Object keys are minted per attachment (attachments/<organisation>/<breach>/<attachment>); the wildcard covers ' +
        'the evidence prefix of this bucket only. Which organisation a request may touch is checked by the function.',
    });
  }

  private bucketLogicalId(): string {
    const cfn = this.bucket.node.defaultChild;
    if (!(cfn instanceof s3.CfnBucket)) throw new Error('the attachments bucket has no CfnBucket');
    return String(Stack.of(this).resolve(cfn.logicalId));
  }
}
