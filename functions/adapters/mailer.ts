import { type MessageTag, SESv2Client, SendEmailCommand, type SendEmailCommandOutput } from '@aws-sdk/client-sesv2';
import type { MailMessage } from '../domain/mail/message';
import type { Mailer } from '../domain/ports';
import { WORKFLOW_ERRORS } from '../domain/workflow-errors';
import { traced } from '../observability/tracer';
import { clientPerEndpoint } from './client-per-endpoint';

/**
 * The DPO mail through SES (SESv2 SendEmail, Simple content). Local mode needs no branch here: the SDK itself reads
 * AWS_ENDPOINT_URL_SESV2 and talks to aws-ses-v2-local.
 *
 * Failures come out as one of two classes, named so that the state machine can tell them apart: a Retry on
 * `RetryableMailError` repeats the task, a `PermanentMailError` goes straight to the Catch that records the failure.
 * Neither message carries an address or any part of the mail: SES error messages quote recipients, so they stay in
 * `cause` and only the error's name and status are repeated.
 */

export abstract class MailDeliveryError extends Error {
  abstract readonly retryable: boolean;
  constructor(
    message: string,
    /** The SES error name (e.g. 'MessageRejected'), or 'Unknown'. */
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Throttling or a transient fault: the same message may well go through on a later attempt. */
export class RetryableMailError extends MailDeliveryError {
  readonly retryable = true;
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
    this.name = WORKFLOW_ERRORS.MailRetryable.name;
  }
}

/** SES refuses this message or this sender for good: retrying changes nothing until a person fixes the cause. */
export class PermanentMailError extends MailDeliveryError {
  readonly retryable = false;
  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, code, options);
    this.name = WORKFLOW_ERRORS.MailPermanent.name;
  }
}

const RETRYABLE_CODES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  // SESv2 reports a sending quota or rate exceeded this way; quotas refill, so a later attempt can succeed.
  'LimitExceededException',
  'InternalServiceErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

const PERMANENT_CODES = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
  'AccessDeniedException',
]);

const field = (error: object, key: string): unknown =>
  key in error ? (error as Record<string, unknown>)[key] : undefined;

const codeOf = (error: unknown): string => {
  if (typeof error !== 'object' || error === null) return 'Unknown';
  const code = field(error, 'code');
  if (typeof code === 'string' && RETRYABLE_CODES.has(code)) return code;
  const name = field(error, 'name');
  return typeof name === 'string' && name !== 'Error' ? name : typeof code === 'string' ? code : 'Unknown';
};

const statusOf = (error: unknown): number | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const metadata = field(error, '$metadata');
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const status = field(metadata, 'httpStatusCode');
  return typeof status === 'number' ? status : undefined;
};

/**
 * Known names first; then what the SDK says about the error. An error nothing classifies is retried: the Retry is
 * bounded, and a lost breach alert costs more than a few wasted attempts.
 */
export const classifySesError = (error: unknown): MailDeliveryError => {
  const code = codeOf(error);
  const status = statusOf(error);
  const where = status === undefined ? code : `${code}, HTTP ${status}`;
  const permanent = (reason: string) => new PermanentMailError(`${reason} (${where})`, code, { cause: error });
  const retryable = (reason: string) => new RetryableMailError(`${reason} (${where})`, code, { cause: error });

  if (RETRYABLE_CODES.has(code)) return retryable('SES is throttling or briefly unavailable');
  if (PERMANENT_CODES.has(code)) return permanent('SES refused the message');
  if (typeof error === 'object' && error !== null) {
    const $retryable = field(error, '$retryable');
    if (typeof $retryable === 'object' && $retryable !== null) return retryable('SES asked for a retry');
    if (status === 429 || (status !== undefined && status >= 500) || field(error, '$fault') === 'server') {
      return retryable('SES failed on its side');
    }
    if (field(error, '$fault') === 'client') return permanent('SES refused the request');
  }
  return retryable('sending failed for a reason SES did not classify');
};

/** SES tag names and values allow only ASCII letters, digits, '_', '-', '.' and '@', at most 256 characters. */
export const sesTagValue = (value: string): string => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256) || '_';

export interface SesMailerConfig {
  /** A verified identity, e.g. 'breachdesk@example.org'. */
  fromAddress: string;
  /** Routes sending events (bounces, complaints, deliveries) to wherever the configuration set sends them. */
  configurationSetName?: string;
  /** Defaults to a client built once for the process. */
  client?: SESv2Client;
}

/** The process-wide client, built on first use so that a Lambda container reuses its connections. */
export const sesClient: () => SESv2Client = clientPerEndpoint('AWS_ENDPOINT_URL_SESV2', () =>
  traced(new SESv2Client({})),
);

export class SesMailer implements Mailer {
  private readonly client: SESv2Client;

  constructor(private readonly config: SesMailerConfig) {
    this.client = config.client ?? sesClient();
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    if (message.to.length === 0) {
      throw new PermanentMailError('the message has no recipient (NoRecipients)', 'NoRecipients');
    }
    const tags: MessageTag[] = Object.entries(message.tags).map(([name, value]) => ({
      Name: sesTagValue(name),
      Value: sesTagValue(value),
    }));
    const command = new SendEmailCommand({
      FromEmailAddress: this.config.fromAddress,
      Destination: {
        ToAddresses: message.to,
        ...(message.cc && message.cc.length > 0 ? { CcAddresses: message.cc } : {}),
      },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: message.text, Charset: 'UTF-8' },
            Html: { Data: message.html, Charset: 'UTF-8' },
          },
        },
      },
      EmailTags: tags,
      ...(this.config.configurationSetName ? { ConfigurationSetName: this.config.configurationSetName } : {}),
    });

    let output: SendEmailCommandOutput;
    try {
      output = await this.client.send(command);
    } catch (error) {
      throw classifySesError(error);
    }
    if (!output.MessageId) {
      // SES took the request but gave no id to record as proof: a retry might send the mail twice, so a person checks.
      throw new PermanentMailError('SES accepted the request but returned no message id (NoMessageId)', 'NoMessageId');
    }
    return { messageId: output.MessageId };
  }
}
