import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SUBJECT_NOTICE_TEMPLATE_NAME } from '../../functions/adapters/bulk-mailer';
import type { BreachdeskFunction, MailSettings } from './base-function';

export interface SubjectNoticesProps {
  /** The sender and its verified identity, shared with the DPO's mail. */
  readonly mail: MailSettings;
}

/**
 * The SES side of telling the people affected: the configuration set whose EventBridge destination brings back each
 * delivery, bounce and complaint, the rule that hands them to their function (functions/manifest.ts: SesEvents), and
 * the bulk-sending grant of the functions that send notices (the fan-out task and a person's resend).
 */
export class SubjectNotices extends Construct {
  /** Absent when SES sends from another region than the stack's: a configuration set is regional. */
  public readonly configurationSet?: ses.ConfigurationSet;
  private readonly mail: MailSettings;

  public constructor(scope: Construct, id: string, props: SubjectNoticesProps) {
    super(scope, id);
    const { mail } = props;
    this.mail = mail;
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
  }

  /**
   * SendBulkEmail as the sender with the notice template (and the configuration set), the template's upkeep, and
   * GetAccount, whose send quota paces the fan-out.
   */
  public grantBulkMail(fn: BreachdeskFunction): void {
    const stack = Stack.of(this);
    const { mail } = this;
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

  /** Routes the configuration set's events to `fn`; what cannot be delivered lands in `deadLetters`. */
  public routeEventsTo(fn: BreachdeskFunction, deadLetters: sqs.IQueue): void {
    if (!this.configurationSet) return;
    this.configurationSet.addEventDestination('ToEventBridge', {
      destination: ses.EventDestination.eventBus(events.EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [ses.EmailSendingEvent.DELIVERY, ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
    new events.Rule(this, 'SesEventsRule', {
      description: "Breachdesk: delivery, bounce and complaint events of the notices' configuration set",
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...SES_EVENT_DETAIL_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': [this.configurationSet.configurationSetName] } } },
      },
      targets: [
        new targets.LambdaFunction(fn, {
          deadLetterQueue: deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}

/**
 * The EventBridge detail-types of the SES events the function records, as SES publishes them
 * (https://docs.aws.amazon.com/ses/latest/dg/monitoring-eventbridge.html): a complaint is `Email Complaint Received`.
 */
export const SES_EVENT_DETAIL_TYPES = ['Email Delivered', 'Email Bounced', 'Email Complaint Received'] as const;
