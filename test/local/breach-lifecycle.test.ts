import { fileURLToPath } from 'node:url';
import {
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isObject } from '../../local/lambda-functions';
import { callbackMatching, LocalStepFunctions } from '../../local/step-functions';
import { type StepFunctionsServer, startStepFunctionsServer } from '../../local/step-functions-server';

const lifecyclePath = fileURLToPath(new URL('../../statemachines/breach-lifecycle.asl.json', import.meta.url));

const breachId = 'breach-0001';
const hoursFromNow = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString();

const functions = {
  Prepare: vi.fn(async (_event: unknown) => ({
    breachId,
    awareAt: hoursFromNow(-2),
    // One mark already passed (it fires at once), one far ahead (the closing case must stop the clock waiting on it).
    schedule: [
      { kind: 'warning', clockId: 'authority', hoursBefore: 6, at: hoursFromNow(-1) },
      { kind: 'deadline', clockId: 'authority', at: hoursFromNow(70) },
    ],
  })),
  Assess: vi.fn(async (_event: unknown) => ({ recommendation: 'notify-authority' })),
  RequestDecision: vi.fn(async (_event: unknown) => ({ requested: true })),
  CheckMark: vi.fn(async (_event: unknown) => ({ met: false })),
  CloseCase: vi.fn(async (_event: unknown) => ({ closed: true })),
  RecordFailure: vi.fn(async (_event: unknown) => ({ recorded: true })),
  NotifyController: vi.fn(async (_event: unknown) => ({ status: 'sent' })),
  SendSubjectNotices: vi.fn(async (_event: unknown) => ({ sent: 0, failed: 0, remaining: 0 })),
  // The actions branch: nothing due, so it waits (a day) until the Case branch ends the execution.
  RemindActions: vi.fn(async (_event: unknown) => ({ seen: 0, waitSeconds: 86_400 })),
  AwaitActions: vi.fn(async (_event: unknown) => ({ waiting: true })),
  // The clock's re-plan waits for an amended awareness that never comes: the Case branch's end stops it.
  AwaitClock: vi.fn(async (_event: unknown) => ({ parked: true })),
  RevisedPlan: vi.fn(async (_event: unknown) => ({ outstanding: false })),
};

const sfn = new LocalStepFunctions({ definitionPath: lifecyclePath, functions, retryIntervalMs: 0 });
let server: StepFunctionsServer;
let client: SFNClient;

beforeAll(async () => {
  server = await startStepFunctionsServer({ stepFunctions: sfn });
  client = new SFNClient({
    endpoint: server.url,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  await sfn.stopAll();
  client.destroy();
  await server.close();
});

async function decide(step: string, output: unknown): Promise<void> {
  const task = await sfn.waitForCallback(callbackMatching({ breachId, step }), { timeoutMs: 10_000 });
  await client.send(new SendTaskSuccessCommand({ taskToken: task.token, output: JSON.stringify(output) }));
}

describe('statemachines/breach-lifecycle.asl.json in local mode', () => {
  it('runs a breach from report to closure, each decision sent back through the SDK', async () => {
    // Prepare
    const { executionArn = '' } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: sfn.stateMachineArn,
        name: breachId,
        input: JSON.stringify({ breachId }),
      }),
    );

    // Act
    await decide('contain', { contained: true });
    await decide('decide', {
      conclusion: 'notify-authority',
      plan: { authority: true, subjects: false, controller: false, otherParties: false },
    });
    await decide('notify-authority', { reference: 'ICO-123' });
    await decide('evaluate', { lessons: ['patch sooner'] });
    await decide('close', { closedBy: 'dpo' });
    await sfn.waitForExecution(executionArn);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(described.status).toBe('SUCCEEDED');
    expect(functions.RequestDecision.mock.calls.map(([event]) => (isObject(event) ? event.step : undefined))).toEqual([
      'contain',
      'decide',
      'notify-authority',
      'evaluate',
      'close',
    ]);
    expect(functions.Assess).toHaveBeenCalledWith({ breachId });
    expect(functions.CloseCase).toHaveBeenCalledWith({ breachId });
    expect(functions.CheckMark).toHaveBeenCalledTimes(1);
    expect(functions.CheckMark).toHaveBeenCalledWith({ breachId, mark: expect.objectContaining({ kind: 'warning' }) });
    expect(functions.RecordFailure).not.toHaveBeenCalled();
    const entered = sfn
      .history(executionArn)
      .filter((event) => event.type === 'StateEntered')
      .map((event) => event.state.name);
    expect(entered).toContain('Case closed');
    expect(entered).not.toContain('NotifySubjects');
    expect(entered.at(-1)).toBe('Closed');
    expect(sfn.pendingTasks()).toEqual([]);
  });
});
