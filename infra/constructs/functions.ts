import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ConfigKey } from '../../functions/config';
import { environmentOf, FUNCTION_NAMES, type FunctionName, functionSpec } from '../../functions/manifest';
import { BreachdeskFunction } from './base-function';

export interface FunctionsProps {
  /**
   * The value of every configuration key in this deployment (a token, often lazy: the state machine and the API
   * are built after the functions they invoke). A key without a value is left out of every environment; a required
   * one then fails the function's load, which the bundle-load test catches before any deploy.
   */
  readonly config: { readonly [K in ConfigKey]: string | undefined };
}

/**
 * Every function of functions/manifest.ts, built with its entry, description, timeout, memory and exactly the
 * environment its configuration keys name; nothing is granted here (infra/constructs/grants.ts does it once the
 * resources exist) and nothing invokes them yet (the API, the workflow, the schedules and rules are derived from the
 * same manifest).
 */
export class Functions extends Construct {
  public readonly byName: Record<FunctionName, BreachdeskFunction>;
  /** The dead-letter queues of the functions whose manifest entry asks for one. */
  public readonly deadLetterQueues: Partial<Record<FunctionName, sqs.Queue>> = {};

  public constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const built = FUNCTION_NAMES.map((name) => [name, this.build(scope, name, props)] as const);
    this.byName = Object.fromEntries(built) as Record<FunctionName, BreachdeskFunction>;
  }

  private build(scope: Construct, name: FunctionName, props: FunctionsProps): BreachdeskFunction {
    const spec = functionSpec(name);
    const deadLetterQueue = spec.async?.deadLetterQueue ? this.deadLetterQueue(name) : undefined;
    const beside = spec.besideHandler ?? [];
    // Built in the stack's own scope, named after the manifest entry: a function's logical id is its name.
    const fn = new BreachdeskFunction(scope, name, {
      entry: spec.entry,
      description: spec.description,
      timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
      memorySize: spec.memoryMiB ?? 512,
      environment: environmentOf(name, props.config),
      // With a dead-letter queue Lambda's own retries (2) stand; without one, the manifest says how many.
      ...(spec.async && !spec.async.deadLetterQueue ? { retryAttempts: spec.async.retryAttempts } : {}),
      ...(deadLetterQueue ? { deadLetterQueue } : {}),
      ...(beside.length > 0
        ? {
            bundling: {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  beside.map((file) => `cp "${inputDir}/node_modules/${file}" "${outputDir}/"`),
              },
            },
          }
        : {}),
    });
    if (spec.async && !spec.async.deadLetterQueue) {
      const reason =
        'Invoked asynchronously by a schedule with no retries on purpose: the run holds no event worth keeping, and ' +
        'the next run a few minutes later repeats it with fresh data.';
      Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
      Validations.of(fn).acknowledge({ id: 'Serverless-LambdaAsyncFailureDestination', reason });
    }
    return fn;
  }

  private deadLetterQueue(name: FunctionName): sqs.Queue {
    const queue = new sqs.Queue(this, `${name}DeadLetters`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        `The last stop of ${name}'s failed asynchronous invocations: redriving it would only loop them back to the ` +
        'same failing function, so a person reads it instead.',
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself the dead-letter queue of ${name}; a dead-letter queue needs none of its own.`,
    });
    this.deadLetterQueues[name] = queue;
    return queue;
  }
}
