import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/observability/names';
import { ALARM_EMAIL_CONTEXT } from '../../infra/constructs/alarms';
import { buildBreachdeskApp } from './synth';

/**
 * The alarms on the synthesized template: failed executions and tasks and missed deadlines go to one encrypted SNS
 * topic, which the address named by `-c breachdesk:alarmEmail` is subscribed to.
 */

type Resources = Record<string, { Properties: Record<string, unknown> }>;

let template: Template;
let alarms: Resources;

beforeAll(() => {
  const { stack } = buildBreachdeskApp({ context: { [ALARM_EMAIL_CONTEXT]: 'operator@example.org' } });
  template = Template.fromStack(stack);
  alarms = template.findResources('AWS::CloudWatch::Alarm') as Resources;
});

const topicId = () => {
  const topics = Object.keys(
    template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'Breachdesk alarms' } }),
  );
  expect(topics).toHaveLength(1);
  return topics[0] as string;
};

const alarmNamed = (fragment: string) => {
  const found = Object.entries(alarms).filter(([id]) => id.includes(fragment));
  expect(found, fragment).toHaveLength(1);
  return (found[0] as [string, { Properties: Record<string, unknown> }])[1].Properties;
};

describe('alarms', () => {
  it('sends every alarm, and only to the alarm topic, when it fires', () => {
    const topic = topicId();
    const ours = Object.entries(alarms).filter(([id]) => id.startsWith('Alarms'));
    expect(ours.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'AlarmsDeadlinesMissed',
      'AlarmsExecutionsFailed',
      'AlarmsTaskFailures',
      'AlarmsWorkflowEnded',
    ]);
    for (const [, { Properties }] of ours) {
      expect(Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('alarms on the deadlines missed that the functions count, in the namespace they write to', () => {
    expect(alarmNamed('DeadlinesMissed')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC_NAMES.deadlinesMissed,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Sum',
    });
  });

  it('alarms on executions that failed, timed out or were aborted, and on the workflow-ended and failure tasks', () => {
    const metricsOf = (fragment: string) =>
      (alarmNamed(fragment).Metrics as { MetricStat?: { Metric: { MetricName: string; Namespace: string } } }[])
        .flatMap((m) => (m.MetricStat ? [`${m.MetricStat.Metric.Namespace}/${m.MetricStat.Metric.MetricName}`] : []))
        .sort();
    expect(metricsOf('ExecutionsFailed')).toEqual([
      'AWS/States/ExecutionsAborted',
      'AWS/States/ExecutionsFailed',
      'AWS/States/ExecutionsTimedOut',
    ]);
    expect(metricsOf('WorkflowEnded')).toEqual(['AWS/Lambda/Errors', 'AWS/Lambda/Invocations']);
    expect(alarmNamed('TaskFailures')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Invocations' });
  });

  it('encrypts the topic with a rotated key that CloudWatch may use, refuses plain HTTP, and lets CloudWatch publish', () => {
    const topic = template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'Breachdesk alarms' } });
    const [{ Properties }] = Object.values(topic as Resources) as [
      { Properties: { KmsMasterKeyId: { 'Fn::GetAtt': string[] } } },
    ];
    const keyId = Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        },
      },
    });
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toContain(keyId);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
  });

  it('subscribes the address named in the context by e-mail, and nobody without it', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'operator@example.org',
      TopicArn: { Ref: topicId() },
    });
    const { stack } = buildBreachdeskApp();
    const without = Template.fromStack(stack);
    expect(
      Object.values(without.findResources('AWS::SNS::Subscription') as Resources).filter(
        ({ Properties }) => Properties.Protocol === 'email',
      ),
    ).toEqual([]);
    without.hasOutput('AlarmTopicArn', {});
  });
});
