import { fileURLToPath } from 'node:url';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { callbackMatching, LocalStepFunctions } from '../../local/step-functions';
import { type StepFunctionsServer, startStepFunctionsServer } from '../../local/step-functions-server';

const reviewPath = fileURLToPath(new URL('./fixtures/review.asl.json', import.meta.url));

const requestDecision = vi.fn(async (_event: unknown) => ({ requested: true }));
const sfn = new LocalStepFunctions({
  definitionPath: reviewPath,
  functions: {
    Prepare: async (event) => event,
    RequestDecision: requestDecision,
    Check: async () => ({ checked: true }),
    RecordFailure: async () => ({ recorded: true }),
  },
  retryIntervalMs: 0,
});
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

afterEach(async () => {
  await sfn.stopAll();
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

async function confirm(caseId: string): Promise<void> {
  const task = await sfn.waitForCallback(callbackMatching({ caseId, step: 'confirm' }));
  await client.send(new SendTaskSuccessCommand({ taskToken: task.token, output: '{"confirmed":true}' }));
}

const start = (name: string) =>
  client.send(
    new StartExecutionCommand({
      stateMachineArn: sfn.stateMachineArn,
      name,
      input: JSON.stringify({ caseId: name, marks: [] }),
    }),
  );

describe('the local Step Functions endpoint, through @aws-sdk/client-sfn', () => {
  it('listens on the loopback interface on the port it reports', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('starts an execution once per name: the same input again is the same execution, another input is refused', async () => {
    // Act
    const first = await start('http-1');
    const again = await start('http-1');
    const other = client.send(
      new StartExecutionCommand({ stateMachineArn: sfn.stateMachineArn, name: 'http-1', input: '{"caseId":"x"}' }),
    );

    // Assess
    expect(first.executionArn).toBe(`${sfn.stateMachineArn.replace(':stateMachine:', ':execution:')}:http-1`);
    expect(first.startDate).toBeInstanceOf(Date);
    expect(again.executionArn).toBe(first.executionArn);
    await expect(other).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('completes a callback task with SendTaskSuccess and describes the execution as it goes', async () => {
    // Prepare
    const { executionArn = '' } = await start('http-2');
    const approve = await sfn.waitForCallback(callbackMatching({ caseId: 'http-2', step: 'approve' }));
    const running = await client.send(new DescribeExecutionCommand({ executionArn }));

    // Act
    await client.send(new SendTaskHeartbeatCommand({ taskToken: approve.token }));
    await client.send(new SendTaskSuccessCommand({ taskToken: approve.token, output: '{"approvedBy":"dpo"}' }));
    await confirm('http-2');
    await sfn.waitForExecution(executionArn);
    const done = await client.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(running).toMatchObject({ status: 'RUNNING', name: 'http-2', stateMachineArn: sfn.stateMachineArn });
    expect(running.stopDate).toBeUndefined();
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stopDate).toBeInstanceOf(Date);
    expect(JSON.parse(done.output ?? 'null').outcome).toEqual({ Error: 'Test.Done', Cause: 'approved' });
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: approve.token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('fails a callback task with SendTaskFailure into the Catch that names the error', async () => {
    // Prepare
    const { executionArn = '' } = await start('http-3');
    const approve = await sfn.waitForCallback(callbackMatching({ caseId: 'http-3', step: 'approve' }));

    // Act
    await client.send(
      new SendTaskFailureCommand({ taskToken: approve.token, error: 'Test.Rejected', cause: 'not a breach' }),
    );
    await confirm('http-3');
    await sfn.waitForExecution(executionArn);
    const done = await client.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? 'null').outcome).toEqual({ Error: 'Test.Done', Cause: 'rejected' });
  });

  it('raises the SDK exception classes for unknown and malformed tokens, executions and state machines', async () => {
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: `bdlt1.${'B'.repeat(43)}`, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(
      client.send(new SendTaskFailureCommand({ taskToken: 'forged', error: 'Test.Rejected' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(
      client.send(new DescribeExecutionCommand({ executionArn: `${sfn.stateMachineArn}-nope:none` })),
    ).rejects.toHaveProperty('name', 'InvalidArn');
    await expect(
      client.send(
        new DescribeExecutionCommand({
          executionArn: `${sfn.stateMachineArn.replace(':stateMachine:', ':execution:')}:never-started`,
        }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: `${sfn.stateMachineArn}-other`, name: 'x' })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });

  it('stops an execution with StopExecution', async () => {
    // Prepare
    const { executionArn = '' } = await start('http-4');
    await sfn.waitForCallback(callbackMatching({ caseId: 'http-4', step: 'approve' }));

    // Act
    const stopped = await client.send(new StopExecutionCommand({ executionArn, error: 'Test.Stopped', cause: 'test' }));
    await sfn.waitForExecution(executionArn);
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));

    // Assess
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Test.Stopped', cause: 'test' });
  });

  it('answers an unknown operation with a JSON error rather than hanging', async () => {
    // Act
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AWSStepFunctions.ListExecutions' },
      body: '{}',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'com.amazonaws.sfn#UnknownOperationException' });
  });
});
