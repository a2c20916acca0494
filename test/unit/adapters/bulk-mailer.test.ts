import {
  CreateEmailTemplateCommand,
  GetAccountCommand,
  GetEmailTemplateCommand,
  SESv2Client,
  SendBulkEmailCommand,
  UpdateEmailTemplateCommand,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesBulkMailer, SUBJECT_NOTICE_TEMPLATE_NAME } from '../../../functions/adapters/bulk-mailer';
import { SUBJECT_NOTICE_TEMPLATE } from '../../../functions/domain/subject-notice';
import { BulkSendRefusedError } from '../../../functions/domain/subject-ports';

const ses = mockClient(SESv2Client);
const parts = { subject: 'S', textHead: 'a', textTail: 'b', htmlHead: '<p>', htmlTail: '</p>' };
const recipient = (i: number) => ({
  key: `k${i}`,
  to: `p${i}@example.org`,
  personal: { greetingText: `Dear P${i},`, greetingHtml: `Dear P${i},` },
});
const mailer = () =>
  new SesBulkMailer({
    client: new SESv2Client({ region: 'eu-west-2' }),
    fromAddress: 'dpo@example.org',
    configurationSetName: 'notices',
  });
const sdkError = (name: string, status: number) =>
  Object.assign(new Error(name), {
    name,
    $metadata: { httpStatusCode: status },
    $fault: status >= 500 ? 'server' : 'client',
  });

afterEach(() => {
  ses.reset();
});

describe('SesBulkMailer', () => {
  it('creates the template at first use, then sends one templated call with per-person data and the breach tag', async () => {
    ses.on(GetEmailTemplateCommand).rejects(sdkError('NotFoundException', 404));
    ses.on(CreateEmailTemplateCommand).resolves({});
    ses.on(SendBulkEmailCommand).resolves({
      BulkEmailEntryResults: [
        { Status: 'SUCCESS', MessageId: 'm1' },
        { Status: 'MESSAGE_REJECTED', Error: 'p2@example.org rejected' },
        { Status: 'ACCOUNT_THROTTLED' },
      ],
    });

    const outcomes = await mailer().sendBulk('BR-1', parts, [recipient(1), recipient(2), recipient(3)]);

    expect(outcomes).toEqual([
      { status: 'sent', messageId: 'm1' },
      { status: 'failed', reason: 'MESSAGE_REJECTED' },
      { status: 'deferred', reason: 'ACCOUNT_THROTTLED' },
    ]);
    expect(ses.commandCalls(CreateEmailTemplateCommand)[0]?.args[0].input).toEqual({
      TemplateName: SUBJECT_NOTICE_TEMPLATE_NAME,
      TemplateContent: {
        Subject: SUBJECT_NOTICE_TEMPLATE.subject,
        Text: SUBJECT_NOTICE_TEMPLATE.text,
        Html: SUBJECT_NOTICE_TEMPLATE.html,
      },
    });
    const input = ses.commandCalls(SendBulkEmailCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'dpo@example.org',
      ConfigurationSetName: 'notices',
      DefaultContent: { Template: { TemplateName: SUBJECT_NOTICE_TEMPLATE_NAME, TemplateData: JSON.stringify(parts) } },
      DefaultEmailTags: [{ Name: 'breachId', Value: 'BR-1' }],
    });
    expect(input?.BulkEmailEntries?.[0]).toEqual({
      Destination: { ToAddresses: ['p1@example.org'] },
      ReplacementEmailContent: {
        ReplacementTemplate: { ReplacementTemplateData: JSON.stringify(recipient(1).personal) },
      },
    });
  });

  it('updates a template that an older version left behind, and checks it only once per container', async () => {
    ses.on(GetEmailTemplateCommand).resolves({ TemplateContent: { Subject: 'old', Text: 'old', Html: 'old' } });
    ses.on(SendBulkEmailCommand).resolves({ BulkEmailEntryResults: [{ Status: 'SUCCESS', MessageId: 'm' }] });
    const bulk = mailer();

    await bulk.sendBulk('BR-1', parts, [recipient(1)]);
    await bulk.sendBulk('BR-1', parts, [recipient(2)]);

    expect(ses.commandCalls(UpdateEmailTemplateCommand)).toHaveLength(1);
    expect(ses.commandCalls(GetEmailTemplateCommand)).toHaveLength(1);
  });

  it('refuses more than 50 destinations before calling SES', async () => {
    await expect(
      mailer().sendBulk(
        'BR-1',
        parts,
        Array.from({ length: 51 }, (_, i) => recipient(i)),
      ),
    ).rejects.toThrow(RangeError);
    expect(ses.calls()).toHaveLength(0);
  });

  it('tells a refused call (nothing sent) from one whose outcome is unknown', async () => {
    ses.on(GetEmailTemplateCommand).resolves({ TemplateContent: SUBJECT_NOTICE_TEMPLATE_CONTENT });
    ses
      .on(SendBulkEmailCommand)
      .rejectsOnce(sdkError('TooManyRequestsException', 429))
      .rejectsOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    const bulk = mailer();

    const refused = await bulk.sendBulk('BR-1', parts, [recipient(1)]).catch((e: unknown) => e);
    const unknown = await bulk.sendBulk('BR-1', parts, [recipient(1)]).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(BulkSendRefusedError);
    expect(refused).toMatchObject({ retryable: true, code: 'TooManyRequestsException' });
    expect(unknown).not.toBeInstanceOf(BulkSendRefusedError);
    expect(unknown).toMatchObject({ name: 'RetryableMailError' });
  });

  it("reads the account's send rate from GetAccount", async () => {
    ses.on(GetAccountCommand).resolves({ SendQuota: { MaxSendRate: 14, Max24HourSend: 50_000, SentLast24Hours: 0 } });

    expect(await mailer().sendRate()).toBe(14);
  });
});

const SUBJECT_NOTICE_TEMPLATE_CONTENT = {
  Subject: SUBJECT_NOTICE_TEMPLATE.subject,
  Text: SUBJECT_NOTICE_TEMPLATE.text,
  Html: SUBJECT_NOTICE_TEMPLATE.html,
};
