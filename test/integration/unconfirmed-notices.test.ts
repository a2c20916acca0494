import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import type { Organisation } from '../../functions/domain/ports';
import { type SendSubjectNoticesDeps, sendSubjectNotices } from '../../functions/domain/send-subject-notices';
import type { BulkMailer, SubjectRecord } from '../../functions/domain/subject-ports';
import { subjectKey } from '../../functions/domain/subjects';
import { makeHandler } from '../../functions/resolve-unconfirmed/make-handler';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { type DynamoSubjects, dynamoSubjects } from '../support/dynamo-subjects';
import { emulatedBulkMailer, type LocalSes, sesAccount, startLocalSes } from '../support/ses';
import { anOrganisationWithPolicy, seedSubjectsBreach, tellByEmail } from '../support/subject-breach';
import { jsonRequest, lambdaContext } from '../unit/http/api-event';

/**
 * `POST /breaches/{id}/subjects/unconfirmed` on the real adapters: a SendSubjectNotices run dies inside its SES call
 * (SendBulkEmail on aws-ses-v2-local), leaving its batch claimed and reported as unconfirmed; a person then resolves
 * them as sent, or has them resent. The emulator's store shows who got what.
 */

let table: LocalTable;
let ses: LocalSes;
let breaches: DynamoBreachRepository;
let subjects: DynamoSubjects;
let deps: SendSubjectNoticesDeps;
let handler: ReturnType<typeof makeHandler>;
let orgA: Organisation;
const PEOPLE = 120;
const TWENTY_MINUTES = 20 * 60_000;
const DPO = { name: 'Dana Protection', role: 'DPO' };

beforeAll(async () => {
  [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  // What GetAccount answers in the emulator: 200 a second, so batches of 50.
  process.env.AWS_SES_ACCOUNT = sesAccount(200);
  const options = { client: table.client, tableName: table.tableName };
  breaches = new DynamoBreachRepository(options);
  subjects = dynamoSubjects({ client: table.client, tableName: table.subjectsTableName });
  const organisations = new DynamoOrganisationRepository(options);
  orgA = anOrganisationWithPolicy('org-a', 'generic');
  await organisations.put(orgA);
  await organisations.put(anOrganisationWithPolicy('org-b', 'generic'));
  let runs = 0;
  deps = {
    breaches,
    organisations,
    subjects,
    mailer: emulatedBulkMailer(ses, 'dpo@riverside.example.org'),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    newClaimToken: () => `run-${++runs}`,
  };
  handler = makeHandler({ ...deps, logger: { error: () => undefined } });
});

afterAll(async () => {
  delete process.env.AWS_SES_ACCOUNT;
  await Promise.all([table?.close(), ses?.close()]);
});

const addressOf = (tag: string, i: number) => `p${i}.${tag}@people.example.org`;

/** How many notices each of the breach's people has received, by address. */
const mailsTo = async (tag: string): Promise<Map<string, number>> => {
  const counts = new Map<string, number>();
  for (const mail of await ses.messages()) {
    for (const to of mail.destination.to) if (to.includes(`.${tag}@`)) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
};

/**
 * A breach whose second SendBulkEmail call dies inside SES: `mailed` says whether SES had sent the batch before the
 * connection dropped. The crashed run ran `claimedAgoMs` ago; a later run sends the rest and reports the batch.
 */
async function crashedBreach(
  breachId: string,
  tag: string,
  options: { mailed: boolean; claimedAgoMs?: number },
): Promise<{ unconfirmed: string[] }> {
  await seedSubjectsBreach(breaches, { organisation: orgA, breachId, notifySubjects: tellByEmail });
  const people = Array.from({ length: PEOPLE }, (_, i) => ({ name: `Person ${i} ${tag}`, email: addressOf(tag, i) }));
  await subjects.add(
    breachId,
    people.map((subject) => ({ key: subjectKey(breachId, subject), subject })),
    new Date().toISOString(),
  );
  const claimedAgoMs = options.claimedAgoMs ?? TWENTY_MINUTES;
  const then = () => new Date(Date.now() - claimedAgoMs);
  let calls = 0;
  const crashing: BulkMailer = {
    maxDestinations: deps.mailer.maxDestinations,
    sendRate: () => deps.mailer.sendRate(),
    sendBulk: async (...args) => {
      calls += 1;
      if (calls !== 2) return deps.mailer.sendBulk(...args);
      if (options.mailed) await deps.mailer.sendBulk(...args);
      throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    },
  };
  await expect(
    sendSubjectNotices({ ...deps, mailer: crashing, now: then }, breachId, then().getTime() + 60_000),
  ).rejects.toThrow('socket hang up');
  let result = await sendSubjectNotices(deps, breachId, Date.now() + 60_000);
  while (result.remaining > 0) result = await sendSubjectNotices(deps, breachId, Date.now() + 60_000);
  expect(result).toMatchObject({ remaining: 0, unconfirmed: 50, outcome: 'completed' });
  const claimed = await subjects.claimed(breachId, 1000);
  return { unconfirmed: claimed.map(addressOfRecord) };
}

const addressOfRecord = (record: SubjectRecord): string =>
  record.delivery.channel === 'email' ? record.delivery.to : '';

const resolve = (breachId: string, body: unknown, organisationId = 'org-a') =>
  handler(
    jsonRequest(body, {
      path: `/breaches/${breachId}/subjects/unconfirmed`,
      pathParameters: { id: breachId },
      organisationId,
    }),
    lambdaContext(),
  );

const resolvedEvents = async (breachId: string) =>
  (await breaches.events(breachId)).filter((e) => e.type === 'subject-notices-unconfirmed-resolved');

describe('resolving notices a crash inside the SES call left unconfirmed', () => {
  it('resends exactly the unconfirmed people, once each, and mails nobody twice', async () => {
    const breachId = 'BR-NCNF-0000-0000-0001';
    const { unconfirmed } = await crashedBreach(breachId, 'resend', { mailed: false });
    expect(unconfirmed).toHaveLength(50);
    const before = await mailsTo('resend');
    expect(before.size).toBe(PEOPLE - 50);
    for (const address of unconfirmed) expect(before.has(address)).toBe(false);
    expect((await breaches.state(breachId))?.subjects).toMatchObject({ sent: 70, unconfirmed: 50 });

    const response = await resolve(breachId, {
      resolution: 'resend',
      reason: 'The SES sending statistics show no message for the crashed run at 10:42.',
      decidedBy: DPO,
    });

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      breachId,
      resolution: 'resend',
      resolved: 50,
      left: 0,
      sending: { sent: 50, failed: 0, remaining: 0, unconfirmed: 0 },
    });
    const after = await mailsTo('resend');
    expect(after.size).toBe(PEOPLE);
    expect([...after.values()].every((n) => n === 1)).toBe(true);
    for (const address of unconfirmed) expect(after.get(address)).toBe(1);
    expect(await subjects.claimed(breachId, 1000)).toEqual([]);
    expect((await subjects.tally(breachId)).sent).toBe(PEOPLE);
    expect((await breaches.state(breachId))?.subjects).toMatchObject({ sent: PEOPLE, unconfirmed: 0 });
    const [event, ...more] = await resolvedEvents(breachId);
    expect(more).toEqual([]);
    expect(event?.data).toEqual({
      resolution: 'resend',
      resolved: 50,
      reason: 'The SES sending statistics show no message for the crashed run at 10:42.',
      decidedBy: DPO,
    });
    expect(event?.actor).toEqual({ kind: 'person', ...DPO });
    // Counts, never who: no address or name of the people in the log.
    const log = JSON.stringify(await breaches.events(breachId));
    expect(unconfirmed.filter((address) => log.includes(address))).toEqual([]);
    expect(log).not.toContain('Person 1 resend');

    const again = await resolve(breachId, { resolution: 'resend', reason: 'Once more.', decidedBy: DPO });
    expect(again.statusCode).toBe(409);
    expect(again.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(again.body)).toMatchObject({
      status: 409,
      title: 'Nothing unconfirmed',
      detail: expect.stringContaining('Nobody is left unconfirmed'),
    });
    expect(await resolvedEvents(breachId)).toHaveLength(1);
    expect((await mailsTo('resend')).size).toBe(PEOPLE);
  });

  it('finishes a resend SES throttled: the people it released are sent by the next resend, once each', async () => {
    const breachId = 'BR-NCNF-0000-0000-0006';
    const { unconfirmed } = await crashedBreach(breachId, 'throttled', { mailed: false });
    const throttling = makeHandler({
      ...deps,
      mailer: {
        maxDestinations: deps.mailer.maxDestinations,
        sendRate: () => deps.mailer.sendRate(),
        sendBulk: async (_breachId, _parts, recipients) =>
          recipients.map(() => ({ status: 'deferred' as const, reason: 'TooManyRequestsException' })),
      },
      logger: { error: () => undefined },
    });
    const body = { resolution: 'resend', reason: 'No message for the crashed run in SES.', decidedBy: DPO };
    const request = jsonRequest(body, {
      path: `/breaches/${breachId}/subjects/unconfirmed`,
      pathParameters: { id: breachId },
      organisationId: 'org-a',
    });

    // Three seconds of sending, all of it throttled: the 50 are released, and wait in the queue.
    const cut = await throttling(request, { ...lambdaContext(), getRemainingTimeInMillis: () => 7_000 });
    expect(cut.statusCode).toBe(200);
    expect(JSON.parse(cut.body)).toMatchObject({ resolved: 50, left: 0, sending: { sent: 0, remaining: 50 } });
    expect(await subjects.claimed(breachId, 1000)).toEqual([]);
    expect(await subjects.countPending(breachId, 1000)).toBe(50);

    // The state machine's loop has finished: nothing else would send them.
    const finished = await resolve(breachId, body);
    expect(finished.statusCode).toBe(200);
    expect(JSON.parse(finished.body)).toMatchObject({ resolved: 0, sending: { sent: 50, remaining: 0 } });
    const mails = await mailsTo('throttled');
    expect(mails.size).toBe(PEOPLE);
    expect([...mails.values()].every((n) => n === 1)).toBe(true);
    for (const address of unconfirmed) expect(mails.get(address)).toBe(1);
    // One resolution recorded; the second call only sent people already resolved.
    expect(await resolvedEvents(breachId)).toHaveLength(1);
    expect((await resolve(breachId, body)).statusCode).toBe(409);
  });

  it('marks them sent on a person’s word without mailing anyone, recording when and who', async () => {
    const breachId = 'BR-NCNF-0000-0000-0002';
    const { unconfirmed } = await crashedBreach(breachId, 'sent', { mailed: true });
    const before = await mailsTo('sent');
    expect(before.size).toBe(PEOPLE);
    const mailCount = (await ses.messages()).length;

    const response = await resolve(breachId, {
      resolution: 'sent',
      reason: 'SES shows 50 message ids for the run that crashed, all delivered.',
      decidedBy: DPO,
    });

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ resolution: 'sent', resolved: 50, left: 0 });
    expect(JSON.parse(response.body).sending).toBeUndefined();
    expect((await ses.messages()).length).toBe(mailCount);
    const { items } = await subjects.page(breachId, 1000);
    const confirmed = items.filter((record) => record.confirmed);
    expect(confirmed.map(addressOfRecord).sort()).toEqual([...unconfirmed].sort());
    for (const record of confirmed) {
      expect(record).toMatchObject({ status: 'sent', confirmed: { at: expect.any(String), by: DPO } });
      expect(record.claim).toBeUndefined();
    }
    expect((await subjects.tally(breachId)).sent).toBe(PEOPLE);
    expect((await breaches.state(breachId))?.subjects).toMatchObject({ sent: PEOPLE, unconfirmed: 0 });
    expect((await resolvedEvents(breachId)).map((e) => e.data)).toEqual([
      expect.objectContaining({ resolution: 'sent', resolved: 50 }),
    ]);

    const again = await resolve(breachId, { resolution: 'sent', reason: 'Again.', decidedBy: DPO });
    expect(again.statusCode).toBe(409);
    expect(await resolvedEvents(breachId)).toHaveLength(1);
  });

  it("answers another organisation's breach as not found, and changes nothing", async () => {
    const breachId = 'BR-NCNF-0000-0000-0003';
    await crashedBreach(breachId, 'tenant', { mailed: false });
    const mailCount = (await ses.messages()).length;
    const events = (await breaches.events(breachId)).length;

    const response = await resolve(breachId, { resolution: 'resend', reason: 'Not ours.', decidedBy: DPO }, 'org-b');

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ status: 404, title: 'Not found' });
    expect((await breaches.events(breachId)).length).toBe(events);
    expect(await subjects.claimed(breachId, 1000)).toHaveLength(50);
    expect((await ses.messages()).length).toBe(mailCount);
  });

  it('refuses a bad body with an error per field, writing and sending nothing', async () => {
    const breachId = 'BR-NCNF-0000-0000-0003';
    const mailCount = (await ses.messages()).length;
    const events = (await breaches.events(breachId)).length;

    const response = await resolve(breachId, {
      resolution: 'maybe',
      reason: '   ',
      decidedBy: { name: 'Dana Protection' },
      mailAgain: true,
    });

    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(
      ['decidedBy.role', 'mailAgain', 'reason', 'resolution'].sort(),
    );
    for (const error of problem.errors) expect(error.message).not.toBe('Invalid input');
    expect((await breaches.events(breachId)).length).toBe(events);
    expect(await subjects.claimed(breachId, 1000)).toHaveLength(50);
    expect((await ses.messages()).length).toBe(mailCount);
  });

  it('refuses to touch claims a run may still be sending to, saying when they can be resolved', async () => {
    const breachId = 'BR-NCNF-0000-0000-0004';
    await crashedBreach(breachId, 'fresh', { mailed: false, claimedAgoMs: 60_000 });
    const mailCount = (await ses.messages()).length;

    const response = await resolve(breachId, { resolution: 'resend', reason: 'Too soon.', decidedBy: DPO });

    expect(response.statusCode).toBe(409);
    const problem = JSON.parse(response.body) as { claimed: number; settlesAt: string; title: string };
    expect(problem).toMatchObject({ title: 'Notices still being sent', claimed: 50 });
    expect(Date.parse(problem.settlesAt)).toBeGreaterThan(Date.now() + 13 * 60_000);
    expect(await resolvedEvents(breachId)).toEqual([]);
    expect(await subjects.claimed(breachId, 1000)).toHaveLength(50);
    expect((await ses.messages()).length).toBe(mailCount);
  });
});
