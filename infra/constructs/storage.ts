import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE } from '../../functions/adapters/table-layout';

export interface StorageProps {
  /**
   * What happens to the table and its key when the stack is deleted. The table is the record of every breach, which
   * the controller must be able to produce to the supervisory authority (GDPR Art. 33(5)), so it outlives the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single table that holds every breach's event log, its projection, organisations, API key hashes and pending
 * decisions (the layout is `functions/adapters/table-layout.ts`), encrypted with a key this deployment owns.
 */
export class Storage extends Construct {
  public readonly table: dynamodb.Table;
  /** The table's customer-managed key: disabling it makes every breach record unreadable at once. */
  public readonly key: kms.Key;

  public constructor(scope: Construct, id: string, props: StorageProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.key = new kms.Key(this, 'TableKey', {
      description: 'Breachdesk table: breach records, organisations and decisions',
      enableKeyRotation: true,
      removalPolicy,
    });

    this.table = new dynamodb.Table(this, 'Table', {
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
      Validations.of(this.table).acknowledge({
        id: `${pack}-DynamoDBInBackupPlan`,
        reason:
          'Point-in-time recovery keeps 35 days of continuous backups, deletion protection and RETAIN guard the ' +
          'table, and the audit exports copy it on a schedule to a locked bucket; an AWS Backup plan would be a ' +
          'third copy of the same personal data.',
      });
    }
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE.gsi1.indexName,
      partitionKey: { name: TABLE.gsi1.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.gsi1.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
