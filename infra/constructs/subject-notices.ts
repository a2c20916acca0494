import { Annotations, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SUBJECT_NOTICE_TEMPLATE_NAME } from '../../functions/adapters/bulk-mailer';
import { LETTER_FONT_FILES } from '../../functions/documents/letter-font';
import { type BindMailerProps, BreachdeskFunction, type TableAccess } from './base-function';
import type { Workflow } from './workflow';

export interface SubjectNoticesProps {
  /** The breach table: the events that count the notices. */
  readonly table: ITable;
  /** The people affected and the SES message pointers (never exported): only these functions are given it. */
  readonly subjectsTable: ITable;
  /** The sender and its verified identity, shared with the DPO's mail. */
  readonly mail: BindMailerProps;
}

/**
 * Telling the people affected (issue 5): the list's API functions, the fan-out task the state machine loops on, and
 * the way back for SES's delivery events — a configuration set whose EventBridge destination feeds a function that
 * records each delivery, bounce and complaint on the person concerned.
 */
export class SubjectNotices extends Construct {
  /** `POST /breaches/{id}/subjects`. */
  public readonly addSubjects: BreachdeskFunction;
  /** `GET /breaches/{id}/public-notice`. */
  public readonly publicNotice: BreachdeskFunction;
  /** `GET /breaches/{id}/letters`. */
  public readonly subjectLetters: BreachdeskFunction;
  /** The ASL's `${SendSubjectNoticesFunctionArn}`: one bounded run of the fan-out per invocation. */
  public readonly sendNotices: BreachdeskFunction;
  /** `POST /breaches/{id}/subjects/unconfirmed`: a person resolves what a crashed run left claimed (sent, or resent). */
  public readonly resolveUnconfirmed: BreachdeskFunction;
  /** `DELETE /breaches/{id}/subjects`: the people's contact details erased once the case is closed (Art. 5(1)(e)). */
  public readonly eraseSubjects: BreachdeskFunction;
  public readonly sesEvents: BreachdeskFunction;
  /** Absent when SES sends from another region than the stack's: a configuration set is regional. */
  public readonly configurationSet?: ses.ConfigurationSet;

  public constructor(scope: Construct, id: string, props: SubjectNoticesProps) {
    super(scope, id);
    const { table, subjectsTable, mail } = props;
    const bindSubjects = (fn: BreachdeskFunction, access: TableAccess) =>
      fn.bindTable({ table: subjectsTable, access, envVarName: 'SUBJECTS_TABLE_NAME' });

    this.addSubjects = new BreachdeskFunction(this, 'AddSubjects', {
      entry: 'functions/add-subjects/handler.ts',
      // A 5 MiB CSV is ~50,000 conditional puts: API Gateway's 29 s is the real bound, and the parser wants room.
      timeout: Duration.seconds(29),
      memorySize: 1024,
    });
    this.addSubjects.bindTable({ table, access: 'readWrite' });
    bindSubjects(this.addSubjects, 'readWrite');

    // The public notice names nobody: it reads the breach, never the people.
    this.publicNotice = new BreachdeskFunction(this, 'PublicNotice', { entry: 'functions/public-notice/handler.ts' });
    this.publicNotice.bindTable({ table, access: 'read' });

    this.subjectLetters = new BreachdeskFunction(this, 'SubjectLetters', {
      entry: 'functions/subject-letters/handler.ts',
      timeout: Duration.seconds(29),
      memorySize: 1024,
      bundling: {
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // The letters' font is read beside the handler (functions/documents/letter-font.ts).
          afterBundling: (inputDir: string, outputDir: string) =>
            Object.values(LETTER_FONT_FILES).map(
              (file) => `cp "${inputDir}/node_modules/dejavu-fonts-ttf/ttf/${file}" "${outputDir}/${file}"`,
            ),
        },
      },
    });
    this.subjectLetters.bindTable({ table, access: 'read' });
    bindSubjects(this.subjectLetters, 'read');

    const stack = Stack.of(this);
    const sameRegion =
      Token.isUnresolved(mail.sesRegion) || Token.isUnresolved(stack.region) || mail.sesRegion === stack.region;
    if (sameRegion) {
      this.configurationSet = new ses.ConfigurationSet(this, 'NoticeEvents', {});
    } else {
      Annotations.of(this).addWarningV2(
        'breachdesk:subject-notices-events',
        `SES sends from ${mail.sesRegion}, not ${stack.region}: the notices' delivery events are not routed back.`,
      );
    }

    this.sendNotices = new BreachdeskFunction(this, 'SendNotices', {
      entry: 'functions/send-subject-notices/handler.ts',
      description: 'Breachdesk lifecycle task SendSubjectNotices',
      // Lambda's longest: each run sends for ~14.5 minutes, so a million people at 14/s take ~83 runs of the loop.
      timeout: Duration.minutes(15),
      environment: {
        SENDER_ADDRESS: mail.senderAddress,
        SES_REGION: mail.sesRegion,
        ...(this.configurationSet
          ? { SUBJECT_NOTICES_CONFIGURATION_SET: this.configurationSet.configurationSetName }
          : {}),
      },
    });
    this.sendNotices.bindTable({ table, access: 'readWrite' });
    bindSubjects(this.sendNotices, 'readWrite');

    this.resolveUnconfirmed = new BreachdeskFunction(this, 'ResolveUnconfirmed', {
      entry: 'functions/resolve-unconfirmed/handler.ts',
      // A resend sends for up to 20 s (functions/resolve-unconfirmed/make-handler.ts) under API Gateway's 29 s.
      timeout: Duration.seconds(29),
      environment: {
        SENDER_ADDRESS: mail.senderAddress,
        SES_REGION: mail.sesRegion,
        ...(this.configurationSet
          ? { SUBJECT_NOTICES_CONFIGURATION_SET: this.configurationSet.configurationSetName }
          : {}),
      },
    });
    this.resolveUnconfirmed.bindTable({ table, access: 'readWrite' });
    bindSubjects(this.resolveUnconfirmed, 'readWrite');

    // Deletes the people and appends one event: both tables, no SES (nobody is written to).
    this.eraseSubjects = new BreachdeskFunction(this, 'EraseSubjects', {
      entry: 'functions/erase-subjects/handler.ts',
      // Deletes for up to 20 s (functions/erase-subjects/make-handler.ts) under API Gateway's 29 s.
      timeout: Duration.seconds(29),
    });
    this.eraseSubjects.bindTable({ table, access: 'readWrite' });
    bindSubjects(this.eraseSubjects, 'readWrite');

    const template = stack.formatArn({
      service: 'ses',
      region: mail.sesRegion,
      resource: 'template',
      resourceName: SUBJECT_NOTICE_TEMPLATE_NAME,
    });
    const configurationSetArn = this.configurationSet
      ? stack.formatArn({
          service: 'ses',
          region: mail.sesRegion,
          resource: 'configuration-set',
          resourceName: this.configurationSet.configurationSetName,
        })
      : undefined;
    // The fan-out task and a person's resend send the same way (domain/send-subject-notices.ts).
    for (const fn of [this.sendNotices, this.resolveUnconfirmed]) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendBulkEmail'],
          resources: [mail.identity.emailIdentityArn, template, ...(configurationSetArn ? [configurationSetArn] : [])],
        }),
      );
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:GetEmailTemplate', 'ses:CreateEmailTemplate', 'ses:UpdateEmailTemplate'],
          resources: [template],
        }),
      );
      // GetAccount has no resource-level permissions: it reads the account's send quota, which paces the fan-out.
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
    }

    // Failed deliveries of events (EventBridge → Lambda) and failed asynchronous invocations wait here for a person.
    const deadLetters = new sqs.Queue(this, 'SesEventsDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is the last stop for SES events that could not be recorded; redriving it would only loop them ' +
        'back to the same failing function, so a person reads it instead.',
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the SES events rule target and of the function it invokes; a ' +
        'dead-letter queue needs no dead-letter queue of its own.',
    });
    this.sesEvents = new BreachdeskFunction(this, 'SesEvents', {
      entry: 'functions/ses-events/handler.ts',
      deadLetterQueue: deadLetters,
    });
    // Only the subjects table: an event's message id leads to its person's pointer, and the event is recorded there.
    bindSubjects(this.sesEvents, 'readWrite');

    if (this.configurationSet) {
      this.configurationSet.addEventDestination('ToEventBridge', {
        destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
        events: [ses.EmailSendingEvent.DELIVERY, ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
      });
      new events.Rule(this, 'SesEventsRule', {
        description: "Breachdesk: delivery, bounce and complaint events of the notices' configuration set",
        eventPattern: {
          source: ['aws.ses'],
          detailType: ['Email Delivered', 'Email Bounced', 'Email Complained'],
          detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
        },
        targets: [
          new targets.LambdaFunction(this.sesEvents, {
            deadLetterQueue: deadLetters,
            retryAttempts: 8,
            maxEventAge: Duration.hours(24),
          }),
        ],
      });
    }
  }

  /** The value of the ASL's `${SendSubjectNoticesFunctionArn}` placeholder. */
  public get definitionSubstitutions(): Record<string, string> {
    return { SendSubjectNoticesFunctionArn: this.sendNotices.functionArn };
  }

  /** The state machine may invoke the fan-out task (unqualified ARN only, as for the other tasks). */
  public grantToWorkflow(workflow: Workflow): void {
    workflow.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.sendNotices.functionArn] }),
    );
  }
}
