import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface ReconcilerProps {
  /** functions/manifest.ts: Reconcile. */
  readonly function: lambda.IFunction;
  /** How often open breaches without a running execution are looked for (the manifest's `everyMinutes`). */
  readonly everyMinutes: number;
}

/**
 * The safety net behind intake and the workflow (functions/domain/reconcile-workflows.ts): on a schedule, starts the
 * lifecycle of any open breach whose report was stored but whose execution never started, or continues one whose
 * execution ended, and alerts the DPO if it cannot.
 */
export class Reconciler extends Construct {
  public constructor(scope: Construct, id: string, props: ReconcilerProps) {
    super(scope, id);
    const rule = new events.Rule(this, 'Schedule', {
      description: 'Breachdesk: start or continue the lifecycle of any open breach that has none running',
      schedule: events.Schedule.rate(Duration.minutes(props.everyMinutes)),
    });
    rule.addTarget(new targets.LambdaFunction(props.function, { retryAttempts: 0 }));
    Validations.of(rule).acknowledge({
      id: 'Serverless-EventBusDLQ',
      reason:
        'A scheduled run carries no event worth redelivering: a failed run is simply repeated by the next one a few ' +
        'minutes later, which finds the same breaches.',
    });
  }
}
