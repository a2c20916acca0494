import { ExecutionAlreadyExists, SFNClient, SFNServiceException, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  executionArnFor,
  InvalidStateMachineArnError,
  MissingExecutionArnError,
  SfnWorkflowStarter,
} from '../../../functions/adapters/workflow';

const sfnMock = mockClient(SFNClient);
const MACHINE = 'arn:aws:states:eu-west-2:123456789012:stateMachine:breach-lifecycle';
const starter = () => new SfnWorkflowStarter(new SFNClient({ region: 'eu-west-2' }), MACHINE);

afterEach(() => {
  sfnMock.reset();
});

describe('executionArnFor', () => {
  it('names the execution under its state machine', () => {
    expect(executionArnFor(MACHINE, 'BR-AAAA-BBBB-CCCC-DDDD')).toBe(
      'arn:aws:states:eu-west-2:123456789012:execution:breach-lifecycle:BR-AAAA-BBBB-CCCC-DDDD',
    );
  });

  it('drops a version or alias qualifier and keeps the partition', () => {
    expect(executionArnFor('arn:aws-cn:states:cn-north-1:123456789012:stateMachine:m:prod', 'x')).toBe(
      'arn:aws-cn:states:cn-north-1:123456789012:execution:m:x',
    );
  });

  it.each([
    'arn:aws:lambda:eu-west-2:123456789012:function:f',
    'arn:aws:states:eu-west-2:123456789012:execution:m:x',
    'breach-lifecycle',
    '',
  ])('refuses %j', (arn) => {
    expect(() => executionArnFor(arn, 'x')).toThrow(InvalidStateMachineArnError);
  });
});

describe('SfnWorkflowStarter', () => {
  it('starts an execution named after the breach with the input as JSON', async () => {
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });

    const result = await starter().start('BR-1', { breachId: 'BR-1', organisationId: 'org-1' });

    expect(result).toEqual({ executionArn: 'arn:exec', alreadyStarted: false });
    expect(sfnMock).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: MACHINE,
      name: 'BR-1',
      input: '{"breachId":"BR-1","organisationId":"org-1"}',
    });
  });

  it('counts an existing execution as started', async () => {
    sfnMock.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    const result = await starter().start('BR-1', {});

    expect(result).toEqual({
      executionArn: 'arn:aws:states:eu-west-2:123456789012:execution:breach-lifecycle:BR-1',
      alreadyStarted: true,
    });
  });

  it('passes any other failure on', async () => {
    sfnMock
      .on(StartExecutionCommand)
      .rejects(
        new SFNServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: {}, message: 'slow' }),
      );

    await expect(starter().start('BR-1', {})).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('refuses an answer without an execution ARN', async () => {
    sfnMock.on(StartExecutionCommand).resolves({});

    await expect(starter().start('BR-1', {})).rejects.toThrow(MissingExecutionArnError);
  });

  it('refuses a malformed state machine ARN when built', () => {
    expect(() => new SfnWorkflowStarter(new SFNClient({}), 'not-an-arn')).toThrow(InvalidStateMachineArnError);
  });
});
