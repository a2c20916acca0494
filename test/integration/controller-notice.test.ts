import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { SesMailer } from '../../functions/adapters/mailer';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import type { NewEvent } from '../../functions/domain/events';
import { presetPolicy } from '../../functions/domain/presets';
import {
  CONTROLLER_NOTICE_PURPOSE,
  type ControllerNoticeDeps,
  sendControllerNotice,
} from '../../functions/domain/send-controller-notice';
import { at, decisionEvent, reportedEvents } from '../support/authority-histories';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { type LocalSes, startLocalSes } from '../support/ses';

/** The NotifyController task on real parts: dynalite, the real repositories, SES through aws-ses-v2-local. */

let table: LocalTable;
let ses: LocalSes;
let breaches: DynamoBreachRepository;
let handler: (input: { breachId: string }) => ReturnType<typeof sendControllerNotice>;

const DPO = { name: 'Dana Protection', email: 'dpo@processor.example', role: 'Data Protection Officer' };
const PROCESSOR_PLAN = { authority: false, subjects: false, controller: true, otherParties: true };

const processorHistory = (controller: { name: string; email?: string; phone?: string }): NewEvent[] => [
  ...reportedEvents('generic-processor', {
    organisationRole: { role: 'processor', controller },
    description: 'Payroll files of the trust were readable by another customer for two hours.',
    dataCategories: ['financial', 'contact-details'],
    approximateSubjects: 120,
    approximateRecords: 120,
  }),
  decisionEvent(
    'decide',
    3,
    { conclusion: 'authority-only', rationale: 'As processor we tell the controller, who decides on the rest.' },
    PROCESSOR_PLAN,
  ),
];

/** The call to the controller, recorded: only after it may the notice follow, by the route agreed on it. */
const CALLED_AT = 3.5;
const callRecorded = (followUpRoute: string): NewEvent =>
  decisionEvent('notify-controller', CALLED_AT, {
    notifiedAt: at(CALLED_AT),
    channel: 'phone',
    controllerContact: 'Casey Controller, 020 7946 0000',
    summary: 'Told what was exposed and when; the written details follow as agreed.',
    followUpRoute,
  });
const calledHistory = (controller: { name: string; email?: string; phone?: string }, route = 'email'): NewEvent[] => [
  ...processorHistory(controller),
  callRecorded(route),
];

let counter = 0;
const record = async (events: NewEvent[]): Promise<string> => {
  counter += 1;
  const breachId = `BR-CCCC-0000-0000-000${counter}`;
  const [first, ...rest] = events;
  await breaches.create(breachId, 'org-p', first as NewEvent<'reported'>);
  for (const event of rest) await breaches.append(breachId, event);
  return breachId;
};

beforeAll(async () => {
  [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  const options = { client: table.client, tableName: table.tableName };
  breaches = new DynamoBreachRepository(options);
  const organisations = new DynamoOrganisationRepository(options);
  await organisations.put({
    id: 'org-p',
    name: 'Payroll Bureau Ltd',
    policy: presetPolicy('generic-processor', { dpo: DPO }),
  });
  const client = new SESv2Client({
    endpoint: ses.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deps: ControllerNoticeDeps = {
    breaches,
    organisations,
    mailer: new SesMailer({ client, fromAddress: 'breachdesk@processor.example' }),
    breachUrl: (id) => `https://breachdesk.example.org/breaches/${id}`,
    now: () => new Date(at(4)),
  };
  // What the task handler does once it has parsed its input (functions/notify-controller-task/handler.ts).
  handler = ({ breachId }) => sendControllerNotice(deps, breachId);
});

afterEach(async () => {
  await ses.clear();
});

afterAll(async () => {
  await Promise.all([table?.close(), ses?.close()]);
});

describe('the notice to the controller', () => {
  it('sends nothing before the call to the controller is recorded', async () => {
    const breachId = await record(processorHistory({ name: 'Acme Schools Trust', email: 'dpo@acme.example' }));

    expect(await handler({ breachId })).toEqual({ status: 'call-not-recorded' });
    expect(await ses.messages()).toEqual([]);
    expect((await breaches.events(breachId)).map((e) => e.type)).not.toContain('controller-notified');
  });

  it('sends nothing when the call agreed another route for the details', async () => {
    const breachId = await record(
      calledHistory({ name: 'Acme Schools Trust', email: 'dpo@acme.example' }, 'secure-transfer'),
    );

    expect(await handler({ breachId })).toEqual({ status: 'other-route', route: 'secure-transfer' });
    expect(await ses.messages()).toEqual([]);
  });

  it("arrives at the controller's address once, with the DPO copied, even when the task runs twice", async () => {
    const breachId = await record(calledHistory({ name: 'Acme Schools Trust', email: 'dpo@acme.example' }));

    const first = await handler({ breachId });
    const second = await handler({ breachId });

    const mails = await ses.messages();
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.destination.to).toEqual(['dpo@acme.example']);
    expect(mail?.destination.cc).toEqual([DPO.email]);
    expect(mail?.subject).toBe(
      `Breach ${breachId}: personal data breach notice from your processor Payroll Bureau Ltd`,
    );
    expect(mail?.body.text).toContain('Payroll files of the trust were readable by another customer');
    expect(mail?.body.text).toContain('Approximate number of people: 120');
    expect(mail?.body.text).toContain(DPO.email);
    expect(first).toEqual({ status: 'sent', messageId: mail?.messageId });
    expect(second).toEqual({ status: 'already-sent', messageId: mail?.messageId });
  });

  it('logs the communication: mail-sent and controller-notified with the message id, once each', async () => {
    const breachId = await record(calledHistory({ name: 'Acme Schools Trust', email: 'dpo@acme.example' }));

    await handler({ breachId });
    await handler({ breachId });

    const events = await breaches.events(breachId);
    const mailed = events.filter((e) => e.type === 'mail-sent');
    const notified = events.filter((e) => e.type === 'controller-notified');
    expect(mailed).toHaveLength(1);
    expect(mailed[0]?.data).toMatchObject({
      kind: 'controller-notice',
      purpose: CONTROLLER_NOTICE_PURPOSE,
      recipients: 2,
    });
    expect(notified).toHaveLength(1);
    expect(notified[0]?.data).toEqual({
      channel: 'email',
      at: at(4),
      messageId: (mailed[0]?.data as { messageId?: string } | undefined)?.messageId,
      recipients: 2,
    });
    const state = await breaches.state(breachId);
    expect(state?.controllerNotified?.at).toBe(at(4));
    // The controller first heard of it on the call: that met the clock, not the e-mail after it.
    expect(state?.milestones.authority).toBe(at(CALLED_AT));
  });

  it('never mails an address a form reporter typed: only the controller the policy registered', async () => {
    // Prepare: a form report (anyone may send one) naming an outsider's address, as a breach recorded before the form
    // was checked against the policy, and one naming the registered controller with its registered address.
    const fromForm = (events: NewEvent[]): NewEvent[] =>
      events.map((event) =>
        event.type === 'reported' ? ({ ...event, data: { ...event.data, channel: 'form' } } as NewEvent) : event,
      );
    const outsider = await record(
      fromForm(calledHistory({ name: 'Client Organisation', email: 'attacker@evil.example.net' })),
    );
    const registered = await record(
      fromForm(calledHistory({ name: 'Client Organisation', email: 'dpo@client.example.org' })),
    );

    // Act
    const refused = await handler({ breachId: outsider });
    const sent = await handler({ breachId: registered });

    // Assess
    expect(refused).toEqual({ status: 'no-address' });
    expect(sent.status).toBe('sent');
    const recipients = (await ses.messages()).flatMap((mail) => [
      ...mail.destination.to,
      ...(mail.destination.cc ?? []),
    ]);
    expect(recipients).not.toContain('attacker@evil.example.net');
    expect(recipients).toContain('dpo@client.example.org');
  });

  it('records the problem and alerts the DPO instead when the report gives no address for the controller', async () => {
    const breachId = await record(calledHistory({ name: 'Acme Schools Trust', phone: '01632 960000' }));

    const result = await handler({ breachId });
    await handler({ breachId });

    expect(result).toEqual({ status: 'no-address' });
    const mails = await ses.messages();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.destination.to).toEqual([DPO.email]);
    expect(mails[0]?.body.text).toContain('01632 960000');
    const failures = (await breaches.events(breachId)).filter((e) => e.type === 'step-failed');
    expect(failures.map((e) => e.data)).toEqual([
      { step: 'NotifyController', error: 'Breachdesk.ControllerAddressMissing' },
    ]);
  });

  it('does nothing for a breach where the organisation is controller', async () => {
    const breachId = await record(reportedEvents('generic'));

    expect(await handler({ breachId })).toEqual({ status: 'not-processor' });
    expect(await ses.messages()).toEqual([]);
  });
});
