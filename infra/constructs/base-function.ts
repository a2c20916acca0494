import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { BUNDLE_OPTIONS } from '../bundle-options';
import { projectPath } from '../project-paths';

export interface BreachdeskFunctionProps
  extends Omit<NodejsFunctionProps, 'entry' | 'handler' | 'runtime' | 'architecture' | 'logGroup' | 'role'> {
  /** The handler file, relative to the repository root, e.g. `functions/intake/handler.ts`; it exports `handler`. */
  readonly entry: string;
  /**
   * How long the function's own log group keeps its events. Handlers never log personal data, so the retention
   * serves operations and audit, not data minimisation.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN - the logs outlive the function so an incident can still be investigated
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * How a function may use a table: `items` is single-item reads and writes only (no Scan, DeleteItem or batch writes),
 * for the functions the public reaches without a key; `itemReads` the reads of those alone (GetItem, Query).
 */
export type TableAccess = 'read' | 'readWrite' | 'items' | 'itemReads';

/** The item-level actions of `items` access: read, query and write one item at a time; never scan, delete or batch. */
export const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** The reads of `items` access: one item, or one partition's items, at a time. */
export const ITEM_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;

/** The state machine a function starts, answers or continues, and the key its executions are encrypted with. */
export interface WorkflowTarget {
  readonly stateMachine: sfn.IStateMachine;
  /**
   * The customer-managed key the state machine encrypts its executions with; the caller of StartExecution needs it
   * to encrypt the execution input.
   * @default - the state machine uses an AWS-owned key and no key grant is needed
   */
  readonly encryptionKey?: kms.IKey;
}

/** The sender every mailing function shares. */
export interface MailSettings {
  /** The verified SES identity the mail is sent from (a domain, or the sender address itself). */
  readonly identity: ses.IEmailIdentity;
  /** The From address. */
  readonly senderAddress: string;
  /** The region SES sends from, when it is not the function's own. */
  readonly sesRegion: string;
  /** The link base written into mails (decision links, the breach's page), without a trailing slash. */
  readonly publicBaseUrl: string;
}

/**
 * Every Breachdesk Lambda: Node.js 24 on ARM64, active X-Ray tracing, a bounded timeout and memory, an ESM bundle
 * with source maps, its own log group with a retention, and its own role with nothing attached until a `bind*`
 * method grants it something. Function defaults live here so that no two functions drift apart.
 */
export class BreachdeskFunction extends NodejsFunction {
  /** The function's own role; grants land here, never on a shared role. */
  public readonly executionRole: iam.Role;

  public constructor(scope: Construct, id: string, props: BreachdeskFunctionProps) {
    const { entry, logRetention, logRemovalPolicy, environment, bundling, ...rest } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    // A role of our own instead of the default one: the default attaches the AWS-managed
    // AWSLambdaBasicExecutionRole (logs:* on every log group), where this one may write to its own log group only.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      timeout: Duration.seconds(10),
      memorySize: 512,
      ...rest,
      entry: projectPath(entry),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        // Stack traces from the minified bundle point at the TypeScript sources.
        NODE_OPTIONS: '--enable-source-maps',
        ...environment,
      },
      bundling: {
        // As infra/bundle-options.ts says, which the bundle benchmark and tests build with too.
        format: OutputFormat.ESM,
        target: BUNDLE_OPTIONS.target,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        banner: BUNDLE_OPTIONS.banner,
        minify: BUNDLE_OPTIONS.minify,
        sourceMap: true,
        logLevel: LogLevel.WARNING,
        ...bundling,
      },
    });
    this.executionRole = role;

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; ' +
        'CDK adds them for active tracing and they grant nothing else.',
    });
    acknowledgeFunctionBaseline(this, role, logGroup);
    if (props.deadLetterQueue === undefined && props.deadLetterQueueEnabled !== true) {
      for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
        Validations.of(this).acknowledge({
          id: `${pack}-LambdaDLQ`,
          reason:
            'Invoked synchronously (API Gateway, Step Functions tasks with Retry and Catch): a failure returns to the ' +
            'caller, which retries or records it; a DLQ only receives failed asynchronous invocations.',
        });
      }
      Validations.of(this).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously (API Gateway, its authorizer, Step Functions tasks with Retry and Catch): a failure ' +
          'returns to the caller, which retries or records it, and a DLQ only ever receives failed asynchronous ' +
          'invocations. A function invoked asynchronously sets deadLetterQueueEnabled.',
      });
    }
  }

  /**
   * Grants exactly the data-plane access `access` needs on the table. The table's name reaches the function through
   * its configuration (functions/manifest.ts), never here.
   */
  public grantTable(table: ITable, access: TableAccess): void {
    if (access === 'items') {
      table.grant(this, ...ITEM_ACTIONS);
      table.encryptionKey?.grant(this, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
    } else if (access === 'itemReads') {
      table.grant(this, ...ITEM_READ_ACTIONS);
      table.encryptionKey?.grant(this, 'kms:Decrypt', 'kms:DescribeKey');
    } else if (access === 'readWrite') {
      table.grantReadWriteData(this);
    } else {
      table.grantReadData(this);
    }

    const tableArn = this.flattenedArnOf(table);
    Validations.of(this.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${tableArn}/index/*]`,
      reason:
        "Queries through the table's own global secondary indexes; the wildcard covers this table's indexes only.",
    });
    if (access === 'readWrite' && table.encryptionKey) {
      for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
        Validations.of(this.executionRole).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: `${action} is what DynamoDB needs to write items under the table's own customer-managed key, and the grant names that key alone.`,
        });
      }
    }
  }

  /**
   * Lets the function start executions of the state machine: `states:StartExecution` on that state machine only and,
   * when the executions are encrypted with a customer-managed key, the use of that key for the execution input.
   */
  public grantStartExecution({ stateMachine, encryptionKey }: WorkflowTarget): void {
    stateMachine.grantStartExecution(this);
    encryptionKey?.grant(this, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  /**
   * Lets the function send single mails (`ses:SendEmail`, the one call functions/adapters/mailer.ts makes; no raw
   * mail) through the sender identity, and only from the sender address (`ses:FromAddress`).
   */
  public grantSendEmail({ identity, senderAddress }: MailSettings): void {
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [identity.emailIdentityArn],
        conditions: { StringEquals: { 'ses:FromAddress': senderAddress } },
      }),
    );
  }

  /**
   * Lets the function complete callback tasks (SendTaskSuccess / SendTaskFailure) of this state machine only; the
   * task token itself is the capability, and it never leaves the server.
   */
  public grantTaskResponse({ stateMachine, encryptionKey }: WorkflowTarget): void {
    // A policy of its own, not the role's default policy: the function resource waits for its default policy, the
    // state machine waits for the function it invokes, and a grant on the state machine in the default policy would
    // close that circle. Same actions and resource as stateMachine.grantTaskResponse.
    const policy = new iam.Policy(this, 'TaskResponse', {
      statements: [
        new iam.PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [stateMachine.stateMachineArn],
        }),
      ],
    });
    if (this.role) policy.attachToRole(this.role);
    encryptionKey?.grant(this, 'kms:GenerateDataKey', 'kms:Decrypt');
  }

  /** The table ARN as cdk-nag renders it in a finding, e.g. `<BreachTable1234.Arn>`. */
  private flattenedArnOf(table: ITable): string {
    const stack = Stack.of(this);
    const resolved: unknown = stack.resolve(table.tableArn);
    if (typeof resolved === 'object' && resolved !== null && 'Fn::GetAtt' in resolved) {
      const getAtt = resolved['Fn::GetAtt'];
      if (Array.isArray(getAtt)) return `<${getAtt.join('.')}>`;
    }
    return String(resolved);
  }
}

/**
 * The HIPAA Security and NIST 800-53 R5 findings every Breachdesk function shares, acknowledged once here with the
 * reasons that hold for all of them.
 */
function acknowledgeFunctionBaseline(fn: BreachdeskFunction, role: iam.Role, logGroup: logs.LogGroup): void {
  for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
    Validations.of(fn).acknowledge({
      id: `${pack}-LambdaConcurrency`,
      reason:
        'Request rates are bounded where they enter: API Gateway stage and usage-plan throttling, WAF rate rules, ' +
        'and Step Functions for the tasks. Reserved concurrency per function would carve up the account pool and ' +
        'turn a burst of breach reports into throttled reports.',
    });
    Validations.of(fn).acknowledge({
      id: `${pack}-LambdaInsideVPC`,
      reason:
        'The functions reach only AWS service endpoints (DynamoDB, SES, Step Functions) over TLS with IAM; there is ' +
        'no private resource to reach. A VPC would add NAT or interface endpoints (a fixed monthly cost) and no control.',
    });
    Validations.of(fn).acknowledge({
      id: `${pack}-IAMNoInlinePolicy`,
      reason:
        'The task-response policy belongs to this function alone and names one state machine; a managed policy would ' +
        'be a shared object that another role could be given by mistake.',
    });
    Validations.of(role).acknowledge({
      id: `${pack}-IAMNoInlinePolicy`,
      reason:
        "The role's default policy is generated by grant* calls scoped to exact resources and belongs to this role " +
        'alone; a managed policy would be a shared object that another role could be given by mistake.',
    });
    Validations.of(logGroup).acknowledge({
      id: `${pack}-CloudWatchLogGroupEncrypted`,
      reason:
        'CloudWatch Logs encrypts every log group at rest with service keys, and these logs carry no personal data ' +
        '(ids and error classes only; test/security/log-scan.test.ts proves it), so a customer-managed key would add ' +
        'a key per month and a key policy without protecting anything more.',
    });
  }
}
