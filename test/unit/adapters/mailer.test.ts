import {
  AccountSuspendedException,
  InternalServiceErrorException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type MailDeliveryError,
  PermanentMailError,
  RetryableMailError,
  SesMailer,
  sesTagValue,
} from '../../../functions/adapters/mailer';
import type { MailMessage } from '../../../functions/domain/mail/message';

const client = new SESv2Client({ region: 'eu-west-2' });
const ses = mockClient(client);

const message: MailMessage = {
  to: ['dpo@school.example.org'],
  cc: ['governors@school.example.org'],
  subject: 'Breach br-1: new personal data breach reported',
  text: 'A personal data breach has been reported.',
  html: '<!DOCTYPE html><html lang="en"><body><p>A personal data breach has been reported.</p></body></html>',
  tags: { kind: 'new-breach', breachId: 'org 1/br#1' },
};

const mailer = new SesMailer({
  client,
  fromAddress: 'breachdesk@school.example.org',
  configurationSetName: 'breachdesk',
});

const failureOf = async (promise: Promise<unknown>): Promise<MailDeliveryError> => {
  try {
    await promise;
  } catch (error) {
    return error as MailDeliveryError;
  }
  throw new Error('expected the send to fail');
};

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('SesMailer', () => {
  afterEach(() => {
    ses.reset();
  });

  it('sends text and HTML parts in UTF-8 from the configured sender, with sanitised tags', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message-1' });

    // Act
    const result = await mailer.send(message);

    // Assess
    expect(result).toEqual({ messageId: 'ses-message-1' });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'breachdesk@school.example.org',
      ConfigurationSetName: 'breachdesk',
      Destination: { ToAddresses: ['dpo@school.example.org'], CcAddresses: ['governors@school.example.org'] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: message.text, Charset: 'UTF-8' }, Html: { Data: message.html, Charset: 'UTF-8' } },
        },
      },
      EmailTags: [
        { Name: 'kind', Value: 'new-breach' },
        { Name: 'breachId', Value: 'org_1_br_1' },
      ],
    });
  });

  it('leaves out cc and the configuration set when there are none', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message-2' });
    const plain = new SesMailer({ client, fromAddress: 'breachdesk@school.example.org' });

    // Act
    await plain.send({ ...message, cc: [] });

    // Assess
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Destination).toEqual({ ToAddresses: ['dpo@school.example.org'] });
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });

  it.each([
    ['throttling', new TooManyRequestsException({ message: 'Too many requests', ...metadata(429) })],
    ['a sending quota', new LimitExceededException({ message: 'Daily message quota exceeded', ...metadata(400) })],
    ['an internal error', new InternalServiceErrorException({ message: 'Internal error', ...metadata(500) })],
    ['a dropped connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['an unnamed 503', Object.assign(new Error('Service Unavailable'), { name: 'Unknown', ...metadata(503) })],
  ])('turns %s into a retryable error', async (_, sdkError) => {
    // Prepare
    ses.on(SendEmailCommand).rejects(sdkError);

    // Act
    const error = await failureOf(mailer.send(message));

    // Assess
    expect(error).toBeInstanceOf(RetryableMailError);
    expect(error.name).toBe('RetryableMailError');
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(sdkError);
  });

  it.each([
    [
      'a rejected message',
      new MessageRejected({
        message: 'Email address is not verified. The following identities failed the check: dpo@school.example.org',
        ...metadata(400),
      }),
      'MessageRejected',
    ],
    [
      'an unverified MAIL FROM domain',
      new MailFromDomainNotVerifiedException({ message: 'not verified', ...metadata(400) }),
      'MailFromDomainNotVerifiedException',
    ],
    [
      'a suspended account',
      new AccountSuspendedException({ message: 'Account suspended', ...metadata(400) }),
      'AccountSuspendedException',
    ],
  ])('turns %s into a permanent error', async (_, sdkError, code) => {
    // Prepare
    ses.on(SendEmailCommand).rejects(sdkError);

    // Act
    const error = await failureOf(mailer.send(message));

    // Assess
    expect(error).toBeInstanceOf(PermanentMailError);
    expect(error.name).toBe('PermanentMailError');
    expect(error.retryable).toBe(false);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(sdkError);
  });

  it('keeps addresses quoted by SES out of its own error message', async () => {
    // Prepare
    ses
      .on(SendEmailCommand)
      .rejects(
        new MessageRejected({ message: 'identities failed the check: dpo@school.example.org', ...metadata(400) }),
      );

    // Act
    const error = await failureOf(mailer.send(message));

    // Assess
    expect(error.message).toBe('SES refused the message (MessageRejected, HTTP 400)');
    expect(error.stack).not.toContain('@school.example.org');
  });

  it('refuses a message without recipients before calling SES', async () => {
    // Act
    const error = await failureOf(mailer.send({ ...message, to: [] }));

    // Assess
    expect(error).toBeInstanceOf(PermanentMailError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('sesTagValue', () => {
  it('keeps only the characters SES allows in tags', () => {
    expect(sesTagValue('Breach #42 (Café)/x@y.z_-')).toBe('Breach__42__Caf___x@y.z_-');
    expect(sesTagValue('')).toBe('_');
    expect(sesTagValue('a'.repeat(300))).toHaveLength(256);
  });
});
