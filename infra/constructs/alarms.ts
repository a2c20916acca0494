import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRIC_DIMENSIONS, METRIC_NAMES, METRICS_NAMESPACE } from '../../functions/observability/names';

/** The CDK context key of the address the alarms are mailed to (the operator's, or the DPO's). */
export const ALARM_EMAIL_CONTEXT = 'breachdesk:alarmEmail';

export interface AlarmsProps {
  /** The lifecycle state machine: an execution that fails, times out or is aborted. */
  readonly stateMachine: sfn.IStateMachine;
  /** The function EventBridge invokes for each execution that ended otherwise than in success. */
  readonly workflowEnded: lambda.IFunction;
  /** The lifecycle task that records a task failed after its retries (the DPO is mailed by it too). */
  readonly recordFailure: lambda.IFunction;
  /**
   * Subscribed to the topic by e-mail (AWS mails it a confirmation link first).
   * @default - no subscription: subscribe someone to the `AlarmTopicArn` output
   */
  readonly email?: string;
}

/**
 * What an operator must hear of without watching a dashboard: lifecycle executions that ended badly, tasks that failed
 * after their retries, and deadlines missed. Each alarm goes to one SNS topic, encrypted with a key of its own that
 * CloudWatch may use, to which the operator or the DPO subscribes.
 */
export class Alarms extends Construct {
  public readonly topic: sns.Topic;
  public readonly alarms: readonly cloudwatch.Alarm[];

  public constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);

    const key = new kms.Key(this, 'TopicKey', {
      description: 'Breachdesk: encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes the alarm to the encrypted topic: it needs the key for that, and nothing else does.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Breachdesk alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
      }),
    );
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    const fiveMinutes = Duration.minutes(5);
    const sum = { period: fiveMinutes, statistic: cloudwatch.Stats.SUM };
    const atLeastOnce = (name: string, description: string, metric: cloudwatch.IMetric): cloudwatch.Alarm => {
      const alarm = new cloudwatch.Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data is the good case: nothing failed, nothing was missed.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      return alarm;
    };

    this.alarms = [
      atLeastOnce(
        'ExecutionsFailed',
        'A breach lifecycle execution failed, timed out or was aborted. The DPO was mailed; continue it with ' +
          'POST /breaches/{id}/workflow/continue, or let the reconciler do it.',
        new cloudwatch.MathExpression({
          expression: 'failed + timedOut + aborted',
          usingMetrics: {
            failed: props.stateMachine.metricFailed(sum),
            timedOut: props.stateMachine.metricTimedOut(sum),
            aborted: props.stateMachine.metricAborted(sum),
          },
          label: 'Executions ended otherwise than in success',
          period: fiveMinutes,
        }),
      ),
      atLeastOnce(
        'WorkflowEnded',
        'The workflow-ended function was told of an execution that did not succeed (or failed itself: see its dead ' +
          'letters). Open the breach: its log says which step.',
        new cloudwatch.MathExpression({
          expression: 'invocations + errors',
          usingMetrics: {
            invocations: props.workflowEnded.metricInvocations(sum),
            errors: props.workflowEnded.metricErrors(sum),
          },
          label: 'workflow-ended invocations and errors',
          period: fiveMinutes,
        }),
      ),
      atLeastOnce(
        'TaskFailures',
        'A lifecycle task failed after its retries: the breach records a step-failed event and waits for a person to ' +
          'recover it.',
        props.recordFailure.metricInvocations(sum),
      ),
      atLeastOnce(
        'DeadlinesMissed',
        'A breach deadline (e.g. the 72 h to the supervisory authority) passed unmet.',
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: METRIC_NAMES.deadlinesMissed,
          dimensionsMap: { ...METRIC_DIMENSIONS },
          ...sum,
        }),
      ),
    ];
  }
}
