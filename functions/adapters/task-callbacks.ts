import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '../domain/ports';

/**
 * Completes waiting callback tasks through Step Functions (SendTaskSuccess / SendTaskFailure).
 *
 * A token nobody waits on any more (the task timed out, the execution moved on or stopped, or the token is not one)
 * resolves false rather than failing: the decision is already recorded in the breach's log by then, and the task
 * that is replayed or retried completes itself from that record. Throttling and service faults are thrown for the
 * caller to retry: those tokens may still be waited on.
 */

/** Error names that mean "this token is not waited on"; by name, as another copy of the SDK makes other classes. */
const NOT_WAITED_ON = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

const isNotWaitedOn = (error: unknown): boolean => error instanceof Error && NOT_WAITED_ON.has(error.name);

/** SendTaskFailure limits: error 256 characters, cause 32,768. */
const MAX_ERROR = 256;
const MAX_CAUSE = 32_768;

export class SfnTaskCallbacks implements TaskCallbacks {
  readonly #client: SFNClient;

  /** @param client built once per container by the handler module, shared by every invocation. */
  constructor(client: SFNClient) {
    this.#client = client;
  }

  async succeed(taskToken: string, output: unknown): Promise<boolean> {
    return this.#complete(() =>
      this.#client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? null) })),
    );
  }

  async fail(taskToken: string, error: string, cause: string): Promise<boolean> {
    return this.#complete(() =>
      this.#client.send(
        new SendTaskFailureCommand({
          taskToken,
          error: error.slice(0, MAX_ERROR),
          cause: cause.slice(0, MAX_CAUSE),
        }),
      ),
    );
  }

  async #complete(send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      return true;
    } catch (error) {
      if (isNotWaitedOn(error)) return false;
      throw error;
    }
  }
}
