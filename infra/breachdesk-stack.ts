import { CfnOutput, Lazy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { STACK_OUTPUTS } from '../functions/adapters/stack-outputs';
import { FUNCTION_NAMES, type FunctionName, functionSpec, taskFunctions } from '../functions/manifest';
import { ALARM_EMAIL_CONTEXT, Alarms } from './constructs/alarms';
import { Api } from './constructs/api';
import { Attachments } from './constructs/attachments';
import { AuditExports, EXPORT_PREFIX } from './constructs/audit-exports';
import type { BreachdeskFunction } from './constructs/base-function';
import { Functions } from './constructs/functions';
import { grantFunctions } from './constructs/grants';
import { mailSettings } from './constructs/mail-settings';
import { Reconciler } from './constructs/reconciler';
import { SignIn } from './constructs/sign-in';
import { Storage } from './constructs/storage';
import { SubjectNotices } from './constructs/subject-notices';
import { Workflow } from './constructs/workflow';
import { WorkflowEndings } from './constructs/workflow-endings';

/** The context flag that creates the account's API Gateway CloudWatch role (see Api's `createCloudWatchRole`). */
export const API_GATEWAY_ROLE_CONTEXT = 'breachdesk:apiGatewayCloudWatchRole';

/**
 * The whole deployment: one stack, composed of one construct per concern. The functions, their environments, their
 * grants and what invokes them are all derived from functions/manifest.ts.
 */
export class BreachdeskStack extends Stack {
  public readonly storage: Storage;
  public readonly workflow: Workflow;
  public readonly api: Api;
  public readonly auditExports: AuditExports;
  public readonly subjectNotices: SubjectNotices;
  public readonly signIn: SignIn;
  public readonly attachments: Attachments;
  public readonly alarms: Alarms;
  /** Every function of the manifest, by name. */
  public readonly functions: Record<FunctionName, BreachdeskFunction>;

  public constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.storage = new Storage(this, 'Storage');
    const { table, subjectsTable } = this.storage;
    const mail = mailSettings(this, () => this.api.publicBaseUrl);
    const csrfKey = this.csrfKey();
    // The SES configuration set of the notices (absent when SES sends from another region).
    this.subjectNotices = new SubjectNotices(this, 'SubjectNotices', { mail });
    // The auditors' copy (issue 6): the breach table only; the subjects table is never exported.
    this.auditExports = new AuditExports(this, 'AuditExports', { table });
    // Evidence files, their access logs beside the exports' in the one log bucket.
    this.attachments = new Attachments(this, 'Evidence', { accessLogs: this.auditExports.logsBucket });

    // People sign in to the console with Cognito's managed login (OIDC, code + PKCE); systems keep their API keys.
    this.signIn = new SignIn(this, 'SignIn', { publicBaseUrl: mail.publicBaseUrl });

    const functions = new Functions(this, 'Functions', {
      config: {
        TABLE_NAME: table.tableName,
        TABLE_ARN: table.tableArn,
        SUBJECTS_TABLE_NAME: subjectsTable.tableName,
        // The state machine and the API are built after the functions they invoke.
        STATE_MACHINE_ARN: Lazy.string({ produce: () => this.workflow.stateMachine.stateMachineArn }),
        SENDER_ADDRESS: mail.senderAddress,
        SES_REGION: mail.sesRegion,
        PUBLIC_BASE_URL: mail.publicBaseUrl,
        // The secret's ARN, never its value: the pages read the key at init (functions/adapters/secret-value.ts).
        CSRF_KEY_SECRET: csrfKey.secretArn,
        OIDC_ISSUER: this.signIn.issuer,
        OIDC_CLIENT_ID: this.signIn.client.userPoolClientId,
        SUBJECT_NOTICES_CONFIGURATION_SET: this.subjectNotices.configurationSet?.configurationSetName,
        EXPORT_BUCKET: this.auditExports.bucket.bucketName,
        EXPORT_PREFIX,
        EXPORT_KEY_ARN: this.auditExports.key.keyArn,
        ATTACHMENTS_BUCKET: this.attachments.bucket.bucketName,
      },
    });
    this.functions = functions.byName;

    const tasks = taskFunctions();
    this.workflow = new Workflow(this, 'Workflow', {
      definitionSubstitutions: Object.fromEntries(
        [...tasks].map(([placeholder, name]) => [`${placeholder}FunctionArn`, this.functions[name].functionArn]),
      ),
      tasks: [...tasks.values()].map((name) => this.functions[name]),
    });
    grantFunctions(this.functions, {
      table,
      subjectsTable,
      workflow: this.workflow,
      mail,
      subjectNotices: this.subjectNotices,
      auditExports: this.auditExports,
      attachments: this.attachments,
      csrfKey,
    });

    this.api = new Api(this, 'Api', {
      functions: this.functions,
      createCloudWatchRole:
        this.node.tryGetContext(API_GATEWAY_ROLE_CONTEXT) === true ||
        this.node.tryGetContext(API_GATEWAY_ROLE_CONTEXT) === 'true',
    });

    // Schedules and event rules, as the manifest's triggers say.
    for (const name of FUNCTION_NAMES) {
      const { trigger, grants } = functionSpec(name);
      if (trigger.kind === 'event' && trigger.source === 'ses-notice-events') {
        const deadLetters = functions.deadLetterQueues[name];
        if (!deadLetters) throw new Error(`${name} needs a dead-letter queue for its events`);
        this.subjectNotices.routeEventsTo(this.functions[name], deadLetters);
      }
      if (trigger.kind === 'event' && trigger.source === 'workflow-ended') {
        const deadLetters = functions.deadLetterQueues[name];
        if (!deadLetters) throw new Error(`${name} needs a dead-letter queue for its events`);
        new WorkflowEndings(this, 'WorkflowEndings', {
          workflow: this.workflow,
          function: this.functions[name],
          deadLetters,
        });
      }
      if (trigger.kind === 'schedule' && grants.table !== 'export') {
        // The export's schedule is the audit exports' own (grantFunctions attaches it with its grants).
        new Reconciler(this, `${name}Schedule`, { function: this.functions[name], everyMinutes: trigger.everyMinutes });
      }
    }

    // Failed executions and tasks, and missed deadlines, to the operator or DPO subscribed to the topic.
    const alarmEmail: unknown = this.node.tryGetContext(ALARM_EMAIL_CONTEXT);
    this.alarms = new Alarms(this, 'Alarms', {
      stateMachine: this.workflow.stateMachine,
      workflowEnded: this.functions.WorkflowEnded,
      recordFailure: this.functions.RecordFailure,
      ...(typeof alarmEmail === 'string' && alarmEmail.trim() !== '' ? { email: alarmEmail.trim() } : {}),
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });

    // What `npm run admin` and `npm run smoke` read to find the deployment (functions/adapters/stack-outputs.ts).
    const outputs: Record<keyof typeof STACK_OUTPUTS, string> = {
      apiUrl: this.api.publicBaseUrl,
      tableName: table.tableName,
      subjectsTableName: subjectsTable.tableName,
      stateMachineArn: this.workflow.stateMachine.stateMachineArn,
    };
    for (const [name, value] of Object.entries(outputs)) {
      new CfnOutput(this, STACK_OUTPUTS[name as keyof typeof STACK_OUTPUTS], { value });
    }
  }

  /** The key of the pages' anti-forgery tokens. */
  private csrfKey(): secretsmanager.Secret {
    const csrfKey = new secretsmanager.Secret(this, 'CsrfKey', {
      description: "Breachdesk: key of the decision pages' anti-forgery tokens",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(csrfKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key only signs anti-forgery tokens of decision forms (HMAC of the link hash); rotating it would only ' +
        'void forms open at that moment, and a redeploy with a new secret value does it when needed.',
    });
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      Validations.of(csrfKey).acknowledge({
        id: `${pack}-SecretsManagerRotationEnabled`,
        reason:
          'The key only signs anti-forgery tokens of forms (HMAC of the link hash); rotating it would only void forms ' +
          'open at that moment, and a redeploy with a new secret value does it when needed.',
      });
      Validations.of(csrfKey).acknowledge({
        id: `${pack}-SecretsManagerUsingKMSKey`,
        reason:
          'The secret is a random signing key, no personal data; the AWS-managed Secrets Manager key encrypts it, and ' +
          'a customer-managed key would add a monthly key cost for nothing an auditor needs to control.',
      });
    }
    return csrfKey;
  }
}
