import {
  type BulkEmailEntryResult,
  CreateEmailTemplateCommand,
  GetAccountCommand,
  GetEmailTemplateCommand,
  type SESv2Client,
  SendBulkEmailCommand,
  UpdateEmailTemplateCommand,
} from '@aws-sdk/client-sesv2';
import { type NoticeTemplateParts, SUBJECT_NOTICE_TEMPLATE } from '../domain/subject-notice';
import { type BulkMailer, type BulkOutcome, BulkSendRefusedError, type NoticeRecipient } from '../domain/subject-ports';
import { classifySesError, sesTagValue } from './mailer';

/**
 * The notices to the people affected, through SES SendBulkEmail (SESv2): one templated message to up to 50
 * destinations per call, each destination with its own replacement data.
 *
 * SendBulkEmail only sends templates, so the template `breachdesk-subject-notice` is made sure of at first use
 * (GetEmailTemplate; CreateEmailTemplate when missing; UpdateEmailTemplate when a new version of the code changed it):
 * the same code path locally and deployed, and the grant names that one template. Its placeholders take text the
 * domain has already rendered (domain/subject-notice.ts): the breach's notice as the call's default data, once per
 * call, and each person's greeting as their replacement data.
 *
 * The client must not retry SendBulkEmail by itself (`maxAttempts: 1`): an SDK retry after a timeout could mail 50
 * people a second time. Whether to try again is the use case's decision, made on what SES answered.
 */

export const SUBJECT_NOTICE_TEMPLATE_NAME = 'breachdesk-subject-notice';
/** SES SendBulkEmail's limit. */
export const MAX_BULK_DESTINATIONS = 50;

/** Per-destination statuses after which nothing went out for now, and a later attempt may go through. */
const DEFERRED = new Set(['ACCOUNT_THROTTLED', 'ACCOUNT_DAILY_QUOTA_EXCEEDED', 'TRANSIENT_FAILURE']);
/** Per-destination statuses that stop every send until a person fixes the account, sender or configuration. */
const BLOCKED = new Set([
  'ACCOUNT_SUSPENDED',
  'ACCOUNT_SENDING_PAUSED',
  'CONFIGURATION_SET_SENDING_PAUSED',
  'CONFIGURATION_SET_DOES_NOT_EXIST',
  'MAIL_FROM_DOMAIN_NOT_VERIFIED',
  'TEMPLATE_DOES_NOT_EXIST',
  'INVALID_SENDING_POOL_NAME',
]);

export interface SesBulkMailerConfig {
  client: SESv2Client;
  /** A verified identity, e.g. 'dpo@example.org'. */
  fromAddress: string;
  /** Routes delivery, bounce and complaint events back (infra: the configuration set and its event destination). */
  configurationSetName?: string;
  /** @default SUBJECT_NOTICE_TEMPLATE_NAME */
  templateName?: string;
}

const errorName = (error: unknown): string =>
  error instanceof Error ? error.name : typeof error === 'object' && error !== null ? 'Unknown' : String(error);

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
};

/** SES answered with an HTTP status below 500: the request was processed and refused as a whole, nothing sent. */
const sesRefused = (error: unknown): boolean => {
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500;
};

export class SesBulkMailer implements BulkMailer {
  readonly maxDestinations = MAX_BULK_DESTINATIONS;
  readonly #config: SesBulkMailerConfig;
  readonly #templateName: string;
  #template: Promise<void> | undefined;

  constructor(config: SesBulkMailerConfig) {
    this.#config = config;
    this.#templateName = config.templateName ?? SUBJECT_NOTICE_TEMPLATE_NAME;
  }

  async sendRate(): Promise<number> {
    const account = await this.#config.client.send(new GetAccountCommand({}));
    const rate = account.SendQuota?.MaxSendRate;
    if (typeof rate !== 'number' || !(rate > 0)) throw new Error('SES GetAccount returned no MaxSendRate');
    return rate;
  }

  async sendBulk(
    breachId: string,
    parts: NoticeTemplateParts,
    recipients: readonly NoticeRecipient[],
  ): Promise<BulkOutcome[]> {
    if (recipients.length === 0) return [];
    if (recipients.length > MAX_BULK_DESTINATIONS) {
      throw new RangeError(
        `SendBulkEmail takes at most ${MAX_BULK_DESTINATIONS} destinations, not ${recipients.length}`,
      );
    }
    await this.#ensureTemplate();
    const command = new SendBulkEmailCommand({
      FromEmailAddress: this.#config.fromAddress,
      DefaultContent: { Template: { TemplateName: this.#templateName, TemplateData: JSON.stringify(parts) } },
      BulkEmailEntries: recipients.map((recipient) => ({
        Destination: { ToAddresses: [recipient.to] },
        ReplacementEmailContent: {
          ReplacementTemplate: { ReplacementTemplateData: JSON.stringify(recipient.personal) },
        },
      })),
      // The breach id only: tags travel into SES events, metrics and logs, and must carry no personal data.
      DefaultEmailTags: [{ Name: 'breachId', Value: sesTagValue(breachId) }],
      ...(this.#config.configurationSetName ? { ConfigurationSetName: this.#config.configurationSetName } : {}),
    });
    let results: BulkEmailEntryResult[];
    try {
      results = (await this.#config.client.send(command)).BulkEmailEntryResults ?? [];
    } catch (error) {
      const classified = classifySesError(error);
      if (sesRefused(error)) {
        throw new BulkSendRefusedError(classified.message, classified.retryable, classified.code, { cause: error });
      }
      // No answer, or a fault on SES's side: whether any mail left is unknown.
      throw classified;
    }
    return recipients.map((_, index) => outcomeOf(results[index]));
  }

  /** Once per container; a failure is forgotten so the next call tries again. */
  #ensureTemplate(): Promise<void> {
    this.#template ??= this.#putTemplate().catch((error: unknown) => {
      this.#template = undefined;
      throw error;
    });
    return this.#template;
  }

  async #putTemplate(): Promise<void> {
    const { client } = this.#config;
    const content = {
      Subject: SUBJECT_NOTICE_TEMPLATE.subject,
      Text: SUBJECT_NOTICE_TEMPLATE.text,
      Html: SUBJECT_NOTICE_TEMPLATE.html,
    };
    const current = await this.#currentTemplate();
    if (current === undefined) {
      try {
        await client.send(
          new CreateEmailTemplateCommand({ TemplateName: this.#templateName, TemplateContent: content }),
        );
      } catch (error) {
        // Another container may have created it between our two calls: the same content, from the same code.
        if ((await this.#currentTemplate()) === undefined) throw classifySesError(error);
      }
      return;
    }
    if (current.Subject !== content.Subject || current.Text !== content.Text || current.Html !== content.Html) {
      await client.send(new UpdateEmailTemplateCommand({ TemplateName: this.#templateName, TemplateContent: content }));
    }
  }

  /** The stored template's content, or undefined when there is none (NotFoundException, HTTP 404). */
  async #currentTemplate(): Promise<{ Subject?: string; Text?: string; Html?: string } | undefined> {
    try {
      const { TemplateContent } = await this.#config.client.send(
        new GetEmailTemplateCommand({ TemplateName: this.#templateName }),
      );
      return TemplateContent ?? {};
    } catch (error) {
      if (errorName(error) === 'NotFoundException' || statusOf(error) === 404) return undefined;
      throw classifySesError(error);
    }
  }
}

/** One destination's result. SES's error text can quote the address, so only its status is kept. */
const outcomeOf = (result: BulkEmailEntryResult | undefined): BulkOutcome => {
  if (!result) return { status: 'failed', reason: 'NO_RESULT' };
  const status = result.Status ?? 'FAILED';
  if (status === 'SUCCESS') {
    return result.MessageId
      ? { status: 'sent', messageId: result.MessageId }
      : { status: 'failed', reason: 'NO_MESSAGE_ID' };
  }
  if (DEFERRED.has(status)) return { status: 'deferred', reason: status };
  if (BLOCKED.has(status)) return { status: 'blocked', reason: status };
  return { status: 'failed', reason: status };
};
