import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  RedriveExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { WorkflowStarter } from '../domain/ports';
import type { WorkflowControl } from '../domain/workflow-continuation';

/**
 * Starts a breach's lifecycle execution. The execution is named after the breach id, so Step Functions itself
 * guarantees one execution per breach: a repeated start with the same input returns the running execution, and
 * any other repeat fails with ExecutionAlreadyExists, which here counts as success.
 */

/** The state machine ARN does not have the form arn:<partition>:states:<region>:<account>:stateMachine:<name>. */
export class InvalidStateMachineArnError extends Error {
  constructor(readonly stateMachineArn: string) {
    super(`not a state machine ARN: ${stateMachineArn}`);
    this.name = 'InvalidStateMachineArnError';
  }
}

/** StartExecution answered without an execution ARN, which its contract says cannot happen. */
export class MissingExecutionArnError extends Error {
  constructor(readonly executionName: string) {
    super(`StartExecution returned no executionArn for ${executionName}`);
    this.name = 'MissingExecutionArnError';
  }
}

const STATE_MACHINE_ARN =
  /^arn:([a-z-]+):states:([a-z0-9-]+):(\d{12}):stateMachine:([A-Za-z0-9_-]{1,80})(?::[A-Za-z0-9_-]+)?$/;

/**
 * arn:…:stateMachine:<machine>[:<version or alias>] → arn:…:execution:<machine>:<name>. An execution's ARN is fixed
 * by its machine and name (a version or alias qualifier is not part of it), so it can be known without a call.
 */
export const executionArnFor = (stateMachineArn: string, executionName: string): string => {
  const match = STATE_MACHINE_ARN.exec(stateMachineArn);
  if (!match) throw new InvalidStateMachineArnError(stateMachineArn);
  const [, partition, region, account, machine] = match;
  return `arn:${partition}:states:${region}:${account}:execution:${machine}:${executionName}`;
};

export class SfnWorkflowStarter implements WorkflowStarter {
  readonly #client: SFNClient;
  readonly #stateMachineArn: string;

  /** @param client built once per container by the handler module, shared by every invocation. */
  constructor(client: SFNClient, stateMachineArn: string) {
    // Checked now, so a wrong ARN fails the deployment's first invocation rather than a breach's first retry.
    executionArnFor(stateMachineArn, 'check');
    this.#client = client;
    this.#stateMachineArn = stateMachineArn;
  }

  async start(breachId: string, input: unknown): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    try {
      const { executionArn } = await this.#client.send(
        new StartExecutionCommand({
          stateMachineArn: this.#stateMachineArn,
          name: breachId,
          input: JSON.stringify(input),
        }),
      );
      if (!executionArn) throw new MissingExecutionArnError(breachId);
      return { executionArn, alreadyStarted: false };
    } catch (error) {
      if (!isExecutionAlreadyExists(error)) throw error;
      return { executionArn: executionArnFor(this.#stateMachineArn, breachId), alreadyStarted: true };
    }
  }
}

// By name as well as by class: an error deserialised by another copy of the SDK is not an instance of this one's.
const isExecutionAlreadyExists = (error: unknown): boolean =>
  error instanceof ExecutionAlreadyExists || (error instanceof Error && error.name === 'ExecutionAlreadyExists');

/** Reads, redrives and starts executions of the lifecycle, to continue one that ended (workflow-continuation.ts). */
export class SfnWorkflowControl implements WorkflowControl {
  readonly #client: SFNClient;
  readonly #stateMachineArn: string;

  constructor(client: SFNClient, stateMachineArn: string) {
    executionArnFor(stateMachineArn, 'check');
    this.#client = client;
    this.#stateMachineArn = stateMachineArn;
  }

  async status(executionArn: string): Promise<Awaited<ReturnType<WorkflowControl['status']>>> {
    try {
      const { status } = await this.#client.send(new DescribeExecutionCommand({ executionArn }));
      return status === 'RUNNING' ||
        status === 'SUCCEEDED' ||
        status === 'FAILED' ||
        status === 'TIMED_OUT' ||
        status === 'ABORTED' ||
        status === 'PENDING_REDRIVE'
        ? status
        : undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  }

  async redrive(executionArn: string): Promise<boolean> {
    try {
      await this.#client.send(new RedriveExecutionCommand({ executionArn }));
      return true;
    } catch (error) {
      // Too old (14 days), over the history limit, or a run Step Functions cannot resume: start a new one instead.
      if (error instanceof Error && NOT_REDRIVABLE.has(error.name)) return false;
      throw error;
    }
  }

  async start(name: string, input: unknown): Promise<{ executionArn: string }> {
    try {
      const { executionArn } = await this.#client.send(
        new StartExecutionCommand({ stateMachineArn: this.#stateMachineArn, name, input: JSON.stringify(input) }),
      );
      if (!executionArn) throw new MissingExecutionArnError(name);
      return { executionArn };
    } catch (error) {
      if (!isExecutionAlreadyExists(error)) throw error;
      return { executionArn: executionArnFor(this.#stateMachineArn, name) };
    }
  }
}

const NOT_REDRIVABLE = new Set(['ExecutionNotRedrivable', 'ExecutionDoesNotExist', 'ExecutionLimitExceeded']);
