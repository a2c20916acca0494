import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import {
  EXPORT_ITEMS_TABLE,
  NAMED_QUERIES,
  type NamedQuery,
  namedQuerySql,
  QUERY_DESCRIPTIONS,
  VIEWS,
  viewSql,
} from '../../audit/named-queries';
import { AUDIT_EXPORT_PREFIX } from '../../functions/manifest';
import type { BreachdeskFunction } from './base-function';

export interface AuditExportsProps {
  /** The breach table: exported, and where the export watermark is kept. */
  readonly table: ITable;
  /**
   * How long each exported object is locked against deletion and overwrite (S3 Object Lock default retention).
   * Six years: the limitation period for claims in England and Wales (Limitation Act 1980), within which the
   * controller may have to show what it knew and decided about a breach (Art. 33(5)).
   * @default Duration.days(6 * 365)
   */
  readonly retention?: Duration;
  /**
   * What happens to the buckets and the key when the stack is deleted.
   * @default RemovalPolicy.RETAIN - the exports are the auditors' copy of the breach register
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The Glue table's columns and the keys of a DynamoDB export line they read: `Item` in a full export's lines,
 * `NewImage` in an incremental export's (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html).
 */
export const EXPORT_LINE_KEYS = [
  ['item', 'Item'],
  ['newimage', 'NewImage'],
] as const;

/** Where exports land in the bucket: `exports/AWSDynamoDB/<exportId>/…`. */
export const EXPORT_PREFIX = AUDIT_EXPORT_PREFIX;

/**
 * The auditors' copy of the breach register: scheduled DynamoDB exports (full, then incremental) into a locked,
 * versioned, KMS-encrypted bucket, a Glue table over them, the views of audit/views, and an Athena workgroup holding
 * the named queries of audit/queries — the same SQL files `npm run audit` runs locally with DuckDB.
 */
export class AuditExports extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly logsBucket: s3.Bucket;
  public readonly resultsBucket: s3.Bucket;
  /** Encrypts the exports and the query results: whoever may read the exports must be granted this key. */
  public readonly key: kms.Key;
  /** The function that exports (attachExportFunction). */
  public exportFunction?: BreachdeskFunction;
  public schedule?: scheduler.Schedule;
  private readonly table: ITable;
  public readonly database: glue.CfnDatabase;
  public readonly workGroup: athena.CfnWorkGroup;
  public readonly namedQueries: Record<NamedQuery, athena.CfnNamedQuery>;

  public constructor(scope: Construct, id: string, props: AuditExportsProps) {
    super(scope, id);
    // Log delivery through a bucket policy, as AWS now recommends, rather than the deprecated LogDeliveryWrite ACL:
    // the feature flag is read from the construct's context, so it holds for these buckets whatever cdk.json says.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const retention = props.retention ?? Duration.days(6 * 365);

    this.key = new kms.Key(this, 'ExportKey', {
      description: 'Breachdesk audit exports and Athena query results',
      enableKeyRotation: true,
      removalPolicy,
    });

    // S3 server access logs can only be delivered to a bucket encrypted with S3-managed keys (SSE-S3).
    this.logsBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        { expiration: retention.plus(Duration.days(30)), noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy,
    });
    Validations.of(this.logsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the export and results buckets; logging its own reads into itself would ' +
        'loop, and a further log bucket would only move the question one bucket along.',
    });

    this.bucket = new s3.Bucket(this, 'Exports', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // GOVERNANCE rather than COMPLIANCE: the exports hold personal data, and a court order or the end of a
      // retention obligation may require erasing some before the lock runs out (GDPR Art. 5(1)(e), 17). Governance
      // mode still stops every ordinary delete and overwrite; only a principal explicitly granted
      // s3:BypassGovernanceRetention (nobody in this stack) can remove a version, and that act is itself logged.
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(retention),
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'exports/',
      lifecycleRules: [
        // Auditors query the history rarely: infrequent access after a month keeps it readable by Athena.
        { transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }] },
        { expiration: retention.plus(Duration.days(1)), noncurrentVersionExpiration: Duration.days(1) },
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy,
    });

    this.resultsBucket = new s3.Bucket(this, 'QueryResults', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'query-results/',
      // Results are copies of what the exports hold; they are not kept once the auditor has read them.
      lifecycleRules: [{ expiration: Duration.days(30) }],
      removalPolicy,
    });

    this.acknowledgeRegulatedPacks();

    this.table = props.table;

    const databaseName = `${Stack.of(this)
      .stackName.toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')}_audit`;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Stack.of(this).account,
      databaseInput: { name: databaseName, description: 'Breachdesk: DynamoDB exports of the breach register' },
    });
    const itemsTable = this.buildExportItemsTable(databaseName);
    let previous: glue.CfnTable = itemsTable;
    for (const view of VIEWS) {
      const viewTable = this.buildView(databaseName, view);
      viewTable.node.addDependency(previous);
      previous = viewTable;
    }

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      // A name of this stack instance (its id's unique part): a workgroup left by an earlier stack of the same name
      // never blocks a redeploy.
      name: `${databaseName.replace(/_/g, '-')}-${stackInstanceSuffix(this)}`,
      description: 'Breachdesk auditors: the named queries over the breach register exports',
      state: 'ENABLED',
      // A queried workgroup holds query history: without this, deleting the stack fails on it. The results bucket
      // and the exports are separate resources with their own retention; nothing of the record is lost here.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        // Enforced: a user cannot send results elsewhere or unencrypted from the client side.
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // 10 GB: far beyond the register of any one organisation, so only a runaway query is stopped.
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: this.resultsBucket.s3UrlForObject('results/'),
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: this.key.keyArn },
        },
      },
    });

    this.namedQueries = Object.fromEntries(
      NAMED_QUERIES.map((name) => {
        const query = new athena.CfnNamedQuery(this, `Query-${name}`, {
          name,
          description: QUERY_DESCRIPTIONS[name],
          database: databaseName,
          workGroup: this.workGroup.ref,
          // Read at synth time from the file `npm run audit` runs: one SQL for both engines.
          queryString: namedQuerySql(name),
        });
        query.node.addDependency(previous);
        return [name, query];
      }),
    ) as Record<NamedQuery, athena.CfnNamedQuery>;
  }

  /**
   * The function that exports the table (functions/manifest.ts: ExportTable), given exactly what an export needs, and
   * run on its schedule (the manifest's `everyMinutes`).
   */
  public attachExportFunction(fn: BreachdeskFunction, everyMinutes: number): void {
    const table = this.table;
    // Exactly this table may be exported; the watermark item is the only one the function reads and writes.
    // A statement of its own rather than table.grant, which would add the table's indexes, which nothing here reads.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:ExportTableToPointInTime', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [table.tableArn],
      }),
    );
    table.encryptionKey?.grant(fn, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
    const exportsOfTable = `${table.tableArn}/export/*`;
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:DescribeExport'], resources: [exportsOfTable] }));
    Validations.of(fn.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${flattened(this, table.tableArn)}/export/*]`,
      reason:
        'Export ARNs are minted by DynamoDB when an export starts; the wildcard covers the exports of this table ' +
        'only, which the function must describe to learn whether the last one completed.',
    });
    // DynamoDB writes the export objects with the caller's permissions, under the export prefix only.
    this.bucket.grantPut(fn, `${EXPORT_PREFIX}/*`);
    this.bucket.grantPutAcl(fn, `${EXPORT_PREFIX}/*`);
    Validations.of(fn.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${flattened(this, this.bucket.bucketArn)}/${EXPORT_PREFIX}/*]`,
      reason:
        'Export object keys are chosen by DynamoDB (AWSDynamoDB/<exportId>/data/<random>.json.gz); the wildcard ' +
        'is the export prefix of the audit bucket alone.',
    });
    for (const action of ['s3:Abort*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(fn.executionRole).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} is part of writing export objects (multipart uploads) under the audit bucket's own key; the grant names that bucket prefix and key alone.`,
      });
    }
    this.exportFunction = fn;
    this.schedule = new scheduler.Schedule(this, 'ExportSchedule', {
      description: 'Breachdesk: export the breach table to the audit bucket',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(everyMinutes)),
      target: new targets.LambdaInvoke(fn, {
        role: this.buildSchedulerRole(fn),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
      }),
    });
  }

  /** HIPAA Security and NIST 800-53 R5 findings this construct answers by design rather than by a change. */
  private acknowledgeRegulatedPacks(): void {
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      for (const bucket of [this.logsBucket, this.bucket, this.resultsBucket]) {
        Validations.of(bucket).acknowledge({
          id: `${pack}-S3BucketReplicationEnabled`,
          reason:
            'The exports are themselves the copy: the table keeps point-in-time recovery for 35 days and the export ' +
            'is re-creatable from it; cross-region replication would put a third copy of personal data in another ' +
            'region, which a UK organisation may not want. Add a replication rule per deployment if policy asks.',
        });
      }
      Validations.of(this.logsBucket).acknowledge({
        id: `${pack}-S3DefaultEncryptionKMS`,
        reason:
          'S3 server access logs can only be delivered to a bucket encrypted with S3-managed keys (SSE-S3); the ' +
          'logs hold request metadata, not the exported data.',
      });
      Validations.of(this.resultsBucket).acknowledge({
        id: `${pack}-S3BucketVersioningEnabled`,
        reason:
          'Athena query results are disposable copies of what the versioned, object-locked exports hold, expired ' +
          'after 30 days; versions would only keep personal data longer.',
      });
    }
  }

  /** The role the schedule invokes the export function with: its own, so its one finding is acknowledged on it. */
  private buildSchedulerRole(fn: BreachdeskFunction): iam.Role {
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      Validations.of(role).acknowledge({
        id: `${pack}-IAMNoInlinePolicy`,
        reason:
          "The schedule role's default policy is generated by the scheduler target's grant, names the export " +
          'function alone and belongs to this role alone; a managed policy would be a shared object.',
      });
    }
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${flattened(this, fn.functionArn)}:*]`,
      reason:
        'The scheduler target grants invoke on the export function and its versions and aliases (`:*`); it names ' +
        'that one function and nothing else.',
    });
    return role;
  }

  /** The exported lines: `Item` of a full export, `NewImage` of an incremental one, each kept as JSON text. */
  private buildExportItemsTable(databaseName: string): glue.CfnTable {
    const itemsTable = new glue.CfnTable(this, 'ExportItems', {
      catalogId: Stack.of(this).account,
      databaseName,
      tableInput: {
        name: EXPORT_ITEMS_TABLE,
        description: 'Lines of the DynamoDB exports of the breach table (full and incremental)',
        tableType: 'EXTERNAL_TABLE',
        parameters: { classification: 'json', compressionType: 'gzip', EXTERNAL: 'TRUE' },
        storageDescriptor: {
          // Every export under the prefix: Athena reads the export folders recursively; manifest lines have neither
          // column and are dropped by the views.
          location: this.bucket.s3UrlForObject(`${EXPORT_PREFIX}/AWSDynamoDB/`),
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: {
            // The OpenX SerDe hands a nested object declared as string over as its JSON text, which the views
            // read with json_extract; malformed lines (none are expected) are skipped rather than failing a query.
            // Case-sensitive, with each column mapped to the export's own key: case-insensitive matching lower-cases
            // keys, and the views' paths ('$.SK.S', '$.breachId.S') are DynamoDB's mixed-case names.
            serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            parameters: {
              'ignore.malformed.json': 'true',
              'case.insensitive': 'false',
              ...Object.fromEntries(EXPORT_LINE_KEYS.map(([column, key]) => [`mapping.${column}`, key])),
            },
          },
          columns: EXPORT_LINE_KEYS.map(([name]) => ({ name, type: 'string' })),
        },
      },
    });
    itemsTable.node.addDependency(this.database);
    return itemsTable;
  }

  /**
   * A view of audit/views as Athena stores one in the Glue catalog: a VIRTUAL_VIEW whose original text is the
   * base64 JSON of a Presto view (its SQL and columns), so the SQL file is the view without a CREATE VIEW run by hand.
   */
  private buildView(databaseName: string, view: (typeof VIEWS)[number]): glue.CfnTable {
    const prestoView = {
      originalSql: viewSql(view.name),
      catalog: 'awsdatacatalog',
      schema: databaseName,
      columns: view.columns.map(([name, type]) => ({ name, type })),
    };
    const encoded = Buffer.from(JSON.stringify(prestoView), 'utf8').toString('base64');
    return new glue.CfnTable(this, `View-${view.name}`, {
      catalogId: Stack.of(this).account,
      databaseName,
      tableInput: {
        name: view.name,
        tableType: 'VIRTUAL_VIEW',
        parameters: { presto_view: 'true', comment: 'Presto View' },
        viewOriginalText: `/* Presto View: ${encoded} */`,
        viewExpandedText: '/* Presto View */',
        storageDescriptor: {
          columns: view.columns.map(([name, type]) => ({ name, type: HIVE_TYPES[type] })),
          serdeInfo: {},
        },
      },
    });
  }
}

/** The unique part of this stack instance's id: different for every stack created, the same across its updates. */
export function stackInstanceSuffix(scope: Construct): string {
  return Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Stack.of(scope).stackId))));
}

/** The catalog's Hive names of the views' Presto column types. */
const HIVE_TYPES: Record<string, string> = { varchar: 'string', integer: 'int', double: 'double' };

/** An ARN as cdk-nag names it in a finding: `<LogicalId.Arn>` for an attribute of a resource of this stack. */
function flattened(scope: Construct, arn: string): string {
  const resolved: unknown = Stack.of(scope).resolve(arn);
  if (typeof resolved === 'object' && resolved !== null && 'Fn::GetAtt' in resolved) {
    const getAtt = resolved['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
  }
  return String(resolved);
}
