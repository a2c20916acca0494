import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalFunctions } from '../../local/lambda-functions';
import {
  callbackMatching,
  type ExecutionEvent,
  LocalStepFunctions,
  MissingLocalFunctionError,
} from '../../local/step-functions';
import {
  ExecutionAlreadyExistsError,
  ExecutionDoesNotExistError,
  InvalidOutputError,
  InvalidTokenError,
  TaskDoesNotExistError,
  TaskTimedOutError,
} from '../../local/step-functions-errors';

const reviewPath = fileURLToPath(new URL('./fixtures/review.asl.json', import.meta.url));
const timeoutPath = fileURLToPath(new URL('./fixtures/timeout.asl.json', import.meta.url));

const past = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

class FlakyError extends Error {
  override readonly name = 'Test.Flaky';
}

class FatalError extends Error {
  override readonly name = 'Test.Fatal';
}

function stubs(overrides: Partial<Record<string, LocalFunctions[string]>> = {}) {
  const calls = {
    Prepare: vi.fn(async (event: unknown) => event),
    RequestDecision: vi.fn(async (_event: unknown) => ({ requested: true })),
    Check: vi.fn(async (_event: unknown) => ({ checked: true })),
    RecordFailure: vi.fn(async (_event: unknown) => ({ recorded: true })),
  };
  const functions: LocalFunctions = { ...calls, ...overrides };
  return { calls, functions };
}

const entered = (events: readonly ExecutionEvent[], stateName: string): number =>
  events.filter((event) => event.type === 'StateEntered' && event.state.name === stateName).length;

let sfn: LocalStepFunctions | undefined;

afterEach(async () => {
  await sfn?.stopAll();
  sfn = undefined;
});

describe('LocalStepFunctions', () => {
  it('runs a Parallel whose branch ends in a Fail state, stopping the sibling branch and its waiting callback', async () => {
    // Prepare
    const { calls, functions } = stubs();
    sfn = new LocalStepFunctions({ definitionPath: reviewPath, functions, retryIntervalMs: 0 });

    // Act
    const { executionArn } = sfn.startExecution({
      name: 'case-1',
      input: JSON.stringify({ caseId: 'case-1', marks: [past(2), past(1)] }),
    });
    const approve = await sfn.waitForCallback(callbackMatching({ caseId: 'case-1', step: 'approve' }));
    const watch = await sfn.waitForCallback(callbackMatching({ caseId: 'case-1', step: 'watch' }));
    sfn.sendTaskSuccess(approve.token, JSON.stringify({ approvedBy: 'dpo' }));
    const confirm = await sfn.waitForCallback(callbackMatching({ caseId: 'case-1', step: 'confirm' }));
    const pendingAfterParallel = sfn.pendingTasks();
    const watchAfterParallel = () => sfn?.sendTaskSuccess(watch.token, '{}');
    sfn.sendTaskSuccess(confirm.token, '{}');
    const result = await sfn.waitForExecution(executionArn);

    // Assess
    expect(pendingAfterParallel.map((task) => task.stateName)).toEqual(['Confirm']);
    expect(watchAfterParallel).toThrow(TaskTimedOutError);
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? 'null')).toMatchObject({
      caseId: 'case-1',
      outcome: { Error: 'Test.Done', Cause: 'approved' },
    });
    expect(approve.token).toMatch(/^bdlt1\./);
    expect(approve.payload).toEqual({ caseId: 'case-1', step: 'approve', taskToken: approve.token });
    expect(approve.token).not.toBe(watch.token);
    expect(calls.Check).toHaveBeenCalledTimes(2);
    expect(entered(sfn.history(executionArn), 'Wait for mark')).toBe(2);
    expect(sfn.pendingTasks()).toEqual([]);
  });

  it('routes a SendTaskFailure to the Catch that names its error', async () => {
    // Prepare
    const { functions } = stubs();
    sfn = new LocalStepFunctions({ definitionPath: reviewPath, functions, retryIntervalMs: 0 });
    const { executionArn } = sfn.startExecution({
      name: 'case-2',
      input: JSON.stringify({ caseId: 'case-2', marks: [] }),
    });
    const approve = await sfn.waitForCallback(callbackMatching({ step: 'approve' }));

    // Act
    sfn.sendTaskFailure(approve.token, 'Test.Rejected', 'not a breach');
    const confirm = await sfn.waitForCallback(callbackMatching({ caseId: 'case-2', step: 'confirm' }));
    sfn.sendTaskSuccess(confirm.token, '{}');
    const result = await sfn.waitForExecution(executionArn);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? 'null').outcome).toEqual({ Error: 'Test.Done', Cause: 'rejected' });
    const caught = sfn.history(executionArn).filter((event) => event.type === 'StateCaught');
    expect(caught.map((event) => event.state.name)).toEqual(['Approve', 'Review']);
  });

  it('retries a function error by its name and passes the retried result on', async () => {
    // Prepare
    let attempts = 0;
    const { functions } = stubs({
      Prepare: async (event) => {
        attempts += 1;
        if (attempts === 1) throw new FlakyError('database busy');
        return event;
      },
    });
    sfn = new LocalStepFunctions({ definitionPath: reviewPath, functions, retryIntervalMs: 0 });

    // Act
    const { executionArn } = sfn.startExecution({
      name: 'case-3',
      input: JSON.stringify({ caseId: 'case-3', marks: [] }),
    });
    await sfn.waitForCallback(callbackMatching({ caseId: 'case-3', step: 'approve' }));

    // Assess
    expect(attempts).toBe(2);
    const history = sfn.history(executionArn);
    expect(history.filter((event) => event.type === 'StateRetried').map((event) => event.state.name)).toEqual([
      'Prepare',
    ]);
    expect(entered(history, 'Review')).toBe(1);
  });

  it('hands a function error that no Retry matches to the Catch with a Lambda-shaped Cause', async () => {
    // Prepare
    const { calls, functions } = stubs({
      Prepare: async () => {
        throw new FatalError('no such organisation');
      },
    });
    sfn = new LocalStepFunctions({ definitionPath: reviewPath, functions, retryIntervalMs: 0 });

    // Act
    const { executionArn } = sfn.startExecution({
      name: 'case-4',
      input: JSON.stringify({ caseId: 'case-4', marks: [] }),
    });
    const result = await sfn.waitForExecution(executionArn);

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'Test.Failed', cause: 'Prepare failed after its retries' });
    expect(result.stopDate).toBeInstanceOf(Date);
    const [recorded] = calls.RecordFailure.mock.calls[0] ?? [];
    expect(recorded).toMatchObject({
      caseId: 'case-4',
      failure: {
        Error: 'Test.Fatal',
        Cause: expect.stringContaining('"errorType":"Test.Fatal","errorMessage":"no such organisation"'),
      },
    });
  });

  it('treats the same name and input as the same execution and refuses a different input or a closed one', async () => {
    // Prepare
    const { functions } = stubs();
    sfn = new LocalStepFunctions({ definitionPath: reviewPath, functions, retryIntervalMs: 0 });
    const input = JSON.stringify({ caseId: 'case-5', marks: [] });

    // Act
    const first = sfn.startExecution({ name: 'case-5', input });
    const again = sfn.startExecution({ name: 'case-5', input });

    // Assess
    expect(again).toEqual(first);
    expect(() => sfn?.startExecution({ name: 'case-5', input: '{"caseId":"other","marks":[]}' })).toThrow(
      ExecutionAlreadyExistsError,
    );
    sfn.stopExecution(first.executionArn);
    await sfn.waitForExecution(first.executionArn);
    expect(() => sfn?.startExecution({ name: 'case-5', input })).toThrow(ExecutionAlreadyExistsError);
  });

  it('tells a malformed token, an unknown one and a used one apart as AWS does', async () => {
    // Prepare
    const { functions } = stubs();
    sfn = new LocalStepFunctions({ definitionPath: reviewPath, functions, retryIntervalMs: 0 });
    sfn.startExecution({ name: 'case-6', input: JSON.stringify({ caseId: 'case-6', marks: [] }) });
    const approve = await sfn.waitForCallback(callbackMatching({ step: 'approve' }));

    // Act
    const unknown = `bdlt1.${'A'.repeat(43)}`;

    // Assess
    expect(() => sfn?.sendTaskSuccess('not-a-token', '{}')).toThrow(InvalidTokenError);
    expect(() => sfn?.sendTaskSuccess(unknown, '{}')).toThrow(TaskDoesNotExistError);
    expect(() => sfn?.sendTaskSuccess(approve.token, 'not json')).toThrow(InvalidOutputError);
    sfn.sendTaskHeartbeat(approve.token);
    sfn.sendTaskSuccess(approve.token, '{}');
    expect(() => sfn?.sendTaskSuccess(approve.token, '{}')).toThrow(TaskTimedOutError);
    expect(() => sfn?.sendTaskFailure(approve.token, 'Test.Rejected')).toThrow(TaskTimedOutError);
  });

  it('stops an execution: ABORTED, its waiting tokens closed, no function called again', async () => {
    // Prepare
    const { calls, functions } = stubs();
    sfn = new LocalStepFunctions({ definitionPath: reviewPath, functions, retryIntervalMs: 0 });
    const { executionArn } = sfn.startExecution({
      name: 'case-7',
      input: JSON.stringify({ caseId: 'case-7', marks: [new Date(Date.now() + 86_400_000).toISOString()] }),
    });
    const approve = await sfn.waitForCallback(callbackMatching({ step: 'approve' }));

    // Act
    sfn.stopExecution(executionArn, { error: 'Test.Stopped', cause: 'by the test' });
    const result = await sfn.waitForExecution(executionArn);

    // Assess
    expect(result).toMatchObject({ status: 'ABORTED', error: 'Test.Stopped', cause: 'by the test' });
    expect(sfn.describeExecution(executionArn).status).toBe('ABORTED');
    expect(() => sfn?.sendTaskSuccess(approve.token, '{}')).toThrow(TaskTimedOutError);
    expect(calls.RequestDecision).toHaveBeenCalledTimes(1);
    expect(calls.Check).not.toHaveBeenCalled();
    expect(sfn.pendingTasks()).toEqual([]);
  });

  it('answers ExecutionDoesNotExist for an execution it never started', () => {
    // Prepare
    const { functions } = stubs();
    sfn = new LocalStepFunctions({ definitionPath: reviewPath, functions });

    // Act
    const describing = () =>
      sfn?.describeExecution(`${sfn.stateMachineArn.replace(':stateMachine:', ':execution:')}:x`);

    // Assess
    expect(describing).toThrow(ExecutionDoesNotExistError);
  });

  it('refuses a definition calling a function it was not given', () => {
    // Prepare
    const { calls } = stubs();

    // Act
    const constructing = () =>
      new LocalStepFunctions({ definitionPath: reviewPath, functions: { Prepare: calls.Prepare, Check: calls.Check } });

    // Assess
    expect(constructing).toThrow(MissingLocalFunctionError);
    expect(constructing).toThrow(/RequestDecision, RecordFailure/);
  });

  it('times a callback out as States.Timeout, which States.TaskFailed does not retry, and keeps long timeouts long', async () => {
    // Prepare
    const { calls, functions } = stubs();
    sfn = new LocalStepFunctions({ definitionPath: timeoutPath, functions, retryIntervalMs: 0 });
    const { executionArn } = sfn.startExecution({ name: 'slow' });
    const patient = await sfn.waitForCallback(callbackMatching({ step: 'patient' }));
    sfn.sendTaskSuccess(patient.token, '"done"');
    const hasty = await sfn.waitForCallback(callbackMatching({ step: 'hasty' }));

    // Act
    const result = await sfn.waitForExecution(executionArn);

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output ?? 'null')).toMatchObject({
      patient: 'done',
      timeout: { Error: 'States.Timeout' },
    });
    expect(calls.RequestDecision).toHaveBeenCalledTimes(2);
    expect(() => sfn?.sendTaskSuccess(hasty.token, '{}')).toThrow(TaskTimedOutError);
  });
});
