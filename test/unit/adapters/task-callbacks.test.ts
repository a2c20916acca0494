import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  SFNServiceException,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SfnTaskCallbacks } from '../../../functions/adapters/task-callbacks';

const sfnMock = mockClient(SFNClient);
const callbacks = new SfnTaskCallbacks(new SFNClient({ region: 'eu-west-2' }));

afterEach(() => {
  sfnMock.reset();
});

const meta = { $metadata: {} };

describe('SfnTaskCallbacks', () => {
  it('completes a task with its output as JSON', async () => {
    sfnMock.on(SendTaskSuccessCommand).resolves({});

    const completed = await callbacks.succeed('token-1', { step: 'decide', plan: { authority: true } });

    expect(completed).toBe(true);
    expect(sfnMock).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'token-1',
      output: '{"step":"decide","plan":{"authority":true}}',
    });
  });

  it.each([
    ['TaskDoesNotExist', new TaskDoesNotExist({ message: 'gone', ...meta })],
    ['TaskTimedOut', new TaskTimedOut({ message: 'timed out', ...meta })],
    ['InvalidToken', new InvalidToken({ message: 'bad', ...meta })],
  ])('resolves false when the token is no longer waited on (%s)', async (_name, error) => {
    sfnMock.on(SendTaskSuccessCommand).rejects(error);

    expect(await callbacks.succeed('token-1', {})).toBe(false);
  });

  it('recognises those errors by name, whichever copy of the SDK made them', async () => {
    sfnMock.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('gone'), { name: 'TaskDoesNotExist' }));

    expect(await callbacks.succeed('token-1', {})).toBe(false);
  });

  it('throws throttling and service faults for the caller to retry', async () => {
    const throttled = new SFNServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });
    sfnMock.on(SendTaskSuccessCommand).rejects(throttled);
    await expect(callbacks.succeed('token-1', {})).rejects.toMatchObject({ name: 'ThrottlingException' });

    sfnMock
      .on(SendTaskSuccessCommand)
      .rejects(new SFNServiceException({ name: 'InternalFailure', $fault: 'server', message: 'oops', $metadata: {} }));
    await expect(callbacks.succeed('token-1', {})).rejects.toMatchObject({ name: 'InternalFailure' });
  });

  it('fails a task with its error and cause, cut to the service’s limits', async () => {
    sfnMock.on(SendTaskFailureCommand).resolves({});

    expect(await callbacks.fail('token-1', 'E'.repeat(300), 'c'.repeat(40_000))).toBe(true);

    const input = sfnMock.commandCalls(SendTaskFailureCommand)[0]?.args[0].input;
    expect(input?.error).toHaveLength(256);
    expect(input?.cause).toHaveLength(32_768);
  });

  it('answers false to a failure sent to a task that is gone', async () => {
    sfnMock.on(SendTaskFailureCommand).rejects(new TaskTimedOut({ message: 'timed out', ...meta }));

    expect(await callbacks.fail('token-1', 'E', 'c')).toBe(false);
  });
});
