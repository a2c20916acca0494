import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE } from '../../functions/adapters/table-layout';

export interface StorageProps {
  /**
   * What happens to the tables and their key when the stack is deleted. The breach table is the record of every
   * breach, which the controller must be able to produce to the supervisory authority (GDPR Art. 33(5)), so it
   * outlives the stack; the subjects table goes with it, so that nobody told is lost by a redeploy.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The two tables (the layout is `functions/adapters/table-layout.ts`), both encrypted with a key this deployment owns:
 * - the breach table: every breach's event log, its projection, organisations, API key hashes and pending decisions;
 *   the record of the breaches, exported to the audit bucket (audit-exports.ts);
 * - the subjects table: the people affected (names, e-mail and postal addresses, representatives) and their delivery
 *   status, and the SES message pointers. Never exported: DynamoDB exports a whole table, and contact details must
 *   not be copied into a bucket under six years of Object Lock. The breach's log keeps only counts of them.
 */
export class Storage extends Construct {
  public readonly table: dynamodb.Table;
  /** The people affected and the SES message pointers: only the functions that notify them are given it. */
  public readonly subjectsTable: dynamodb.Table;
  /** The tables' customer-managed key: disabling it makes every breach record unreadable at once. */
  public readonly key: kms.Key;

  public constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.key = new kms.Key(this, 'TableKey', {
      description: 'Breachdesk tables: breach records, organisations, decisions and the people affected',
      enableKeyRotation: true,
      removalPolicy,
    });

    this.table = this.buildTable('Table', removalPolicy, {
      backup:
        'Point-in-time recovery keeps 35 days of continuous backups, deletion protection and RETAIN guard the ' +
        'table, and the audit exports copy it on a schedule to a locked bucket; an AWS Backup plan would be a ' +
        'third copy of the same personal data.',
    });
    this.subjectsTable = this.buildTable('SubjectsTable', removalPolicy, {
      backup:
        'Point-in-time recovery keeps 35 days of continuous backups, and deletion protection and RETAIN guard the ' +
        'table; it holds contact details needed to tell people, not the record of the breach (whose log keeps the ' +
        'counts), so an AWS Backup plan would only be a longer-lived copy of contact details.',
    });
  }

  /** On demand, the shared key, PITR, deletion protection, the TTL attribute, and GSI1. */
  private buildTable(id: string, removalPolicy: RemovalPolicy, reasons: { backup: string }): dynamodb.Table {
    const table = new dynamodb.Table(this, id, {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE.ttlAttribute,
      removalPolicy,
    });
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      Validations.of(table).acknowledge({ id: `${pack}-DynamoDBInBackupPlan`, reason: reasons.backup });
    }
    table.addGlobalSecondaryIndex({
      indexName: TABLE.gsi1.indexName,
      partitionKey: { name: TABLE.gsi1.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.gsi1.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    return table;
  }
}
