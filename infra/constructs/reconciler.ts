import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { BreachdeskFunction } from './base-function';
import { mailSettings } from './lifecycle-tasks';
import type { Workflow } from './workflow';

export interface ReconcilerProps {
  readonly table: ITable;
  readonly workflow: Workflow;
  /** The API's base URL, for links in the DPO's mail (unless `breachdesk:publicBaseUrl` is set). */
  readonly apiBaseUrl: () => string;
  /**
   * How often open breaches without an execution are looked for.
   * @default Duration.minutes(5)
   */
  readonly every?: Duration;
}

/**
 * The safety net behind intake (functions/domain/reconcile-workflows.ts): on a schedule, starts the lifecycle of
 * any open breach whose report was stored but whose execution never started, and alerts the DPO if it cannot.
 */
export class Reconciler extends Construct {
  public readonly function: BreachdeskFunction;

  public constructor(scope: Construct, id: string, props: ReconcilerProps) {
    super(scope, id);
    this.function = new BreachdeskFunction(this, 'Function', {
      entry: 'functions/reconcile/handler.ts',
      timeout: Duration.minutes(1),
      // A failed run is not redelivered: the next scheduled run repeats it with fresh data.
      retryAttempts: 0,
    });
    this.function.bindTable({ table: props.table, access: 'readWrite' });
    this.function.bindWorkflow(props.workflow);
    this.function.bindMailer(mailSettings(this, props.apiBaseUrl));
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked asynchronously by a schedule with no retries on purpose: the run holds no event worth keeping, and ' +
        'the next run a few minutes later finds the same unstarted breaches and tries again.',
    });

    const rule = new events.Rule(this, 'Schedule', {
      description: 'Breachdesk: start the lifecycle of any open breach that has none',
      schedule: events.Schedule.rate(props.every ?? Duration.minutes(5)),
    });
    rule.addTarget(new targets.LambdaFunction(this.function, { retryAttempts: 0 }));
    const noRedelivery =
      'A scheduled run carries no event worth redelivering: a failed run is simply repeated by the next one a few ' +
      'minutes later, which finds the same unstarted breaches.';
    Validations.of(rule).acknowledge({ id: 'Serverless-EventBusDLQ', reason: noRedelivery });
    Validations.of(this.function).acknowledge({ id: 'Serverless-LambdaAsyncFailureDestination', reason: noRedelivery });
  }
}
