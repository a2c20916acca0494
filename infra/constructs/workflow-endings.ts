import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Workflow } from './workflow';

/** The execution statuses that end a breach's execution without the case being closed by the workflow. */
export const ENDED_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

export interface WorkflowEndingsProps {
  readonly workflow: Workflow;
  /** functions/manifest.ts: the function whose trigger is `workflow-ended`. */
  readonly function: lambda.IFunction;
  /** Where an ending that could not be recorded after the retries waits for a person. */
  readonly deadLetters: sqs.IQueue;
}

/**
 * No execution ends silently: every execution of the breach lifecycle that fails, times out or is stopped from
 * outside reaches a function that records `workflow-ended` on the breach and mails the DPO, who can continue it.
 */
export class WorkflowEndings extends Construct {
  public readonly rule: events.Rule;

  public constructor(scope: Construct, id: string, props: WorkflowEndingsProps) {
    super(scope, id);
    this.rule = new events.Rule(this, 'Rule', {
      description: 'Breachdesk: a breach lifecycle execution ended without closing the case',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [props.workflow.stateMachine.stateMachineArn],
          status: [...ENDED_STATUSES],
        },
      },
      targets: [
        new targets.LambdaFunction(props.function, {
          deadLetterQueue: props.deadLetters,
          retryAttempts: 8,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    Validations.of(this.rule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason: 'The rule target has its own dead-letter queue (the function’s), which is where a lost ending goes.',
    });
  }
}
