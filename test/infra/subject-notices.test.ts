import type { CfnResource } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeliveryEvent } from '../../functions/ses-events/delivery-event';
import type { BreachdeskStack } from '../../infra/breachdesk-stack';
import { SES_EVENTBRIDGE_SAMPLES } from './fixtures/ses-eventbridge-events';
import { buildBreachdeskApp } from './synth';

/** The people affected (issue 5): least-privilege SES grants, the configuration set and the way its events come back. */

type Resources = Record<string, { Properties: Record<string, unknown> }>;
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

let stack: BreachdeskStack;
let template: Template;

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }): string =>
  Stack.of(stack).resolve(Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnResource)) as string;

const statementsOf = (fn: { executionRole: { node: { defaultChild?: unknown } } }): Statement[] => {
  const roleId = logicalIdOf(fn.executionRole);
  return Object.values(template.findResources('AWS::IAM::Policy') as Resources)
    .filter(({ Properties }) => JSON.stringify(Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(({ Properties }) => (Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());

beforeAll(() => {
  ({ stack } = buildBreachdeskApp());
  template = Template.fromStack(stack);
});

describe('subject notices', () => {
  it.each(['SendSubjectNotices', 'ResolveUnconfirmed'] as const)(
    'lets %s send bulk mail with its one template, and read the quota, but never SendEmail',
    (name) => {
      const statements = statementsOf(stack.functions[name]);
      const actions = actionsOf(statements);
      expect(actions).toEqual(
        expect.arrayContaining([
          'ses:SendBulkEmail',
          'ses:GetEmailTemplate',
          'ses:CreateEmailTemplate',
          'ses:GetAccount',
        ]),
      );
      expect(actions).not.toContain('ses:SendEmail');
      const bulk = statements.find((s) => actionsOf([s]).includes('ses:SendBulkEmail'));
      const resources = JSON.stringify(bulk?.Resource);
      expect(resources).toContain(':identity/');
      expect(resources).toContain(':template/breachdesk-subject-notice');
      expect(resources).toContain(':configuration-set/');
      const templates = statements.find((s) => actionsOf([s]).includes('ses:CreateEmailTemplate'));
      expect(JSON.stringify(templates?.Resource)).toContain(':template/breachdesk-subject-notice');
      expect(JSON.stringify(templates?.Resource)).not.toContain('*');
    },
  );

  it('gives the upload, letters, public-notice and erasure functions no SES and the read-only ones no writes', () => {
    const { AddSubjects, PublicNotice, SubjectLetters, EraseSubjects } = stack.functions;
    for (const fn of [AddSubjects, PublicNotice, SubjectLetters, EraseSubjects]) {
      expect(actionsOf(statementsOf(fn)).filter((a) => a.startsWith('ses:'))).toEqual([]);
    }
    for (const fn of [PublicNotice, SubjectLetters]) {
      expect(actionsOf(statementsOf(fn))).not.toContain('dynamodb:PutItem');
    }
  });

  it('routes delivery, bounce and complaint events of its configuration set through EventBridge to the SES events function', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['delivery', 'bounce', 'complaint']),
        EventBridgeDestination: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        source: ['aws.ses'],
        'detail-type': ['Email Delivered', 'Email Bounced', 'Email Complaint Received'],
      }),
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(stack.functions.SesEvents), 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ SUBJECT_NOTICES_CONFIGURATION_SET: { Ref: Match.anyValue() } }),
      },
    });
  });

  it.each(Object.entries(SES_EVENTBRIDGE_SAMPLES))(
    "hands SES's own %s event (as EventBridge publishes it) to the function, which records it",
    (_kind, sample) => {
      const [rule] = Object.values(
        template.findResources('AWS::Events::Rule', {
          Properties: { EventPattern: { source: ['aws.ses'] } },
        }) as Resources,
      );
      const pattern = rule?.Properties.EventPattern as { 'detail-type': string[]; source: string[] };
      const event = { ...sample, detail: { ...sample.detail, mail: { ...sample.detail.mail, tags: {} } } };

      expect(pattern.source).toContain(event.source);
      expect(pattern['detail-type']).toContain(event['detail-type']);
      expect(parseDeliveryEvent(event)?.status).toBe(STATUS_OF[event.detail.eventType]);
    },
  );
});

/** What each SES event type becomes on the person concerned. */
const STATUS_OF: Record<string, string> = { Delivery: 'delivered', Bounce: 'bounced', Complaint: 'complained' };
