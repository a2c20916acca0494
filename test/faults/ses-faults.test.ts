import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from '../e2e/support/lifecycle-world';
import { aReportInput } from '../support/reports';

/**
 * SES failing under the real workflow: the local runtime runs the real ASL and handlers, and aws-sdk-client-mock
 * stands in front of the SESv2 client, failing the chosen sends and passing every other one to aws-ses-v2-local.
 * Throttling is retried by the ASL until the mail goes; a permanent rejection is recorded on the breach and the DPO
 * alerted by the failure path, whose own mail is let through.
 */

const realSend = SESv2Client.prototype.send as (this: SESv2Client, command: SendEmailCommand) => Promise<unknown>;
const subjectOf = (input: SendEmailCommandInput) => input.Content?.Simple?.Subject?.Data ?? '';
const awsError = (name: string) => Object.assign(new Error(`${name} (injected)`), { name, $fault: 'client' });

let world: LifecycleWorld;
let org: Organisation;
let ses: { restore(): void } | undefined;
const attempts: string[] = [];

/** Fails the sends `fail` picks; passes the others through to the local SES. */
const injectSesFaults = (fail: (subject: string, attempt: number) => Error | undefined) => {
  const stub = mockClient(SESv2Client);
  ses = stub;
  stub.on(SendEmailCommand).callsFake(async (input: SendEmailCommandInput, getClient: () => unknown) => {
    const subject = subjectOf(input);
    attempts.push(subject);
    const error = fail(subject, attempts.filter((s) => s === subject).length);
    if (error) throw error;
    return realSend.call(getClient() as SESv2Client, new SendEmailCommand(input));
  });
};

beforeAll(async () => {
  world = await startLifecycleWorld();
  org = await world.organisation('generic');
});

afterEach(() => {
  ses?.restore();
  ses = undefined;
  attempts.length = 0;
});

afterAll(async () => {
  await world?.close();
});

const report = async () => {
  const response = await world.report(org, aReportInput({}, new Date()));
  expect(response.statusCode).toBe(201);
  return (JSON.parse(response.body) as { breachId: string }).breachId;
};

describe('SES faults', () => {
  it('retries throttled sends until the mail goes, and sends each mail once', async () => {
    injectSesFaults((_subject, attempt) => (attempt <= 2 ? awsError('TooManyRequestsException') : undefined));
    const breachId = await report();
    await world.waitForStep(breachId, 'contain');

    const subjects = (await world.mails(breachId)).map((m) => m.subject);
    const containment = subjects.filter((s) => s.includes('containment'));
    expect(containment).toHaveLength(1);
    // Every mail that went was refused twice first: nothing was given up on, nothing sent twice.
    for (const subject of new Set(subjects)) {
      expect(attempts.filter((s) => s === subject)).toHaveLength(3);
      expect(subjects.filter((s) => s === subject)).toHaveLength(1);
    }
    const mailSent = await world.eventsOf(breachId, 'mail-sent');
    expect(new Set(mailSent.map((e) => e.data.purpose)).size).toBe(mailSent.length);
    expect(mailSent).toHaveLength(subjects.length);
    expect(await world.eventsOf(breachId, 'step-failed')).toEqual([]);
  });

  it('records a permanent rejection and alerts the DPO through the failure path', async () => {
    injectSesFaults((subject) => (subject.includes('containment') ? awsError('MessageRejected') : undefined));
    const breachId = await report();
    await world.waitForStep(breachId, 'recover');

    const failures = await world.eventsOf(breachId, 'step-failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.data).toMatchObject({ step: 'Contain' });
    const mails = await world.mails(breachId);
    const alerts = mails.filter((m) => /step failed/i.test(m.subject));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.destination.to).toContain(org.dpo);
    // The containment request never left, and nothing claims it did.
    expect(mails.filter((m) => m.subject.includes('containment'))).toEqual([]);
    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(purposes.some((p) => p.includes('contain'))).toBe(false);
  });
});
