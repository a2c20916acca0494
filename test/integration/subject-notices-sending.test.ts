import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { SES_MESSAGE_POINTER_DAYS, SES_MESSAGE_SK, sesMessagePk } from '../../functions/adapters/subject-items';
import { type SendSubjectNoticesDeps, sendSubjectNotices } from '../../functions/domain/send-subject-notices';
import { subjectKey } from '../../functions/domain/subjects';
import { makeHandler as makeSesEvents } from '../../functions/ses-events/make-handler';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { type DynamoSubjects, dynamoSubjects } from '../support/dynamo-subjects';
import { emulatedBulkMailer, type LocalSes, sesAccount, startLocalSes } from '../support/ses';
import { anOrganisationWithPolicy, seedSubjectsBreach, tellByEmail } from '../support/subject-breach';
import { simulatedTime } from '../support/subject-fakes';

/**
 * The fan-out on the real adapters: DynamoDB conditional claims on dynalite, SendBulkEmail with the template on
 * aws-ses-v2-local (which implements SendBulkEmail, templates and GetAccount). A run killed midway is resumed by a
 * fresh one; the emulator's store shows who got what. The clock is simulated (it moves only when the fan-out sleeps for
 * the send rate): on the real clock, a loaded machine's slow calls refilled the rate between them, and the run sent
 * more than the batches the test kills it after.
 */

let table: LocalTable;
let ses: LocalSes;
let deps: SendSubjectNoticesDeps;
let subjects: DynamoSubjects;
let breaches: DynamoBreachRepository;
let breachId: string;
const PEOPLE = 260;
/** Starts now, so that what is stored with a time (the SES message pointers' expiry) is of today. */
const time = simulatedTime(Date.now());

beforeAll(async () => {
  [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  // What GetAccount answers in the emulator.
  process.env.AWS_SES_ACCOUNT = sesAccount(200);
  const options = { client: table.client, tableName: table.tableName };
  breaches = new DynamoBreachRepository(options);
  subjects = dynamoSubjects({ client: table.client, tableName: table.subjectsTableName });
  const organisations = new DynamoOrganisationRepository(options);
  const organisation = anOrganisationWithPolicy('org-a', 'social-care');
  await organisations.put(organisation);
  breachId = await seedSubjectsBreach(breaches, { organisation, notifySubjects: tellByEmail });
  const people = Array.from({ length: PEOPLE }, (_, i) =>
    i % 10 === 0
      ? {
          name: `Resident ${i}`,
          representative: { name: `Kin ${i}`, email: `kin${i}@example.org`, relationship: 'next-of-kin' as const },
        }
      : { name: `Person ${i}`, email: `person${i}@example.org` },
  );
  await subjects.add(
    breachId,
    people.map((subject) => ({ key: subjectKey(breachId, subject), subject })),
    new Date().toISOString(),
  );
  let runs = 0;
  deps = {
    breaches,
    organisations,
    subjects,
    mailer: emulatedBulkMailer(ses, 'dpo@riverside.example.org'),
    now: time.now,
    sleep: time.sleep,
    newClaimToken: () => `run-${++runs}`,
  };
});

afterAll(async () => {
  delete process.env.AWS_SES_ACCOUNT;
  await Promise.all([table?.close(), ses?.close()]);
});

describe('the notice fan-out on dynalite and the SES emulator', () => {
  it('is killed between calls, resumed, and has mailed every person exactly once', async () => {
    let calls = 0;
    const killAfterThreeCalls = async (ms: number) => {
      if (calls >= 3) throw new Error('killed');
      await time.sleep(ms);
    };
    const countingMailer = {
      ...deps.mailer,
      maxDestinations: deps.mailer.maxDestinations,
      sendRate: () => deps.mailer.sendRate(),
      sendBulk: async (...args: Parameters<typeof deps.mailer.sendBulk>) => {
        calls += 1;
        return deps.mailer.sendBulk(...args);
      },
    };

    // 200 a second (GetAccount) × 0.9 = 180: batches of 50, so the fourth waits for tokens, and dies waiting.
    await expect(
      sendSubjectNotices({ ...deps, mailer: countingMailer, sleep: killAfterThreeCalls }, breachId, time.ms() + 60_000),
    ).rejects.toThrow('killed');
    expect(await ses.messages()).toHaveLength(150);

    let result = await sendSubjectNotices(deps, breachId, time.ms() + 60_000);
    while (result.remaining > 0) result = await sendSubjectNotices(deps, breachId, time.ms() + 60_000);

    const mails = await ses.messages();
    const perAddress = new Map<string, number>();
    for (const mail of mails) for (const to of mail.destination.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    expect(perAddress.size).toBe(PEOPLE);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(result).toMatchObject({ remaining: 0, unconfirmed: 0, outcome: 'completed' });
    expect((await breaches.state(breachId))?.subjects).toMatchObject({ sent: PEOPLE, failed: 0 });
  });

  it("renders each person's notice from the template, the representative's addressed to them", async () => {
    const mails = await ses.messages();
    const kin = mails.find((m) => m.destination.to.includes('kin10@example.org'));
    const person = mails.find((m) => m.destination.to.includes('person1@example.org'));

    expect(kin?.subject).toBe(
      'Important: a data breach at Riverside social-care services may affect your personal information',
    );
    expect(kin?.body.text).toContain('You are receiving this because you support Resident 10 as their next of kin.');
    expect(person?.body.text).toContain('Dear Person 1,');
    expect(person?.body.html).toContain('<h2');
    expect(person?.body.text).not.toContain('Resident 10');
  });

  it('records deliveries and bounces from the SES events on the person the message went to', async () => {
    const sesEvents = makeSesEvents({ subjects, logger: { info: () => undefined } });
    const sent = (await subjects.page(breachId, 300)).items.filter((s) => s.messageId);
    const [first, second] = sent;
    const event = (eventType: string, messageId: string, extra: object = {}) => ({
      source: 'aws.ses',
      'detail-type': `Email ${eventType}`,
      time: '2025-03-10T12:00:00Z',
      detail: { eventType, mail: { messageId, tags: { breachId: [breachId] } }, ...extra },
    });

    await sesEvents(event('Delivery', first?.messageId ?? ''));
    await sesEvents(
      event('Bounce', second?.messageId ?? '', { bounce: { bounceType: 'Permanent', bounceSubType: 'General' } }),
    );
    // A late delivery event does not hide the bounce; an unknown message id is ignored.
    await sesEvents(event('Delivery', second?.messageId ?? ''));
    expect(await sesEvents(event('Delivery', 'not-ours'))).toEqual({ recorded: false, status: 'delivered' });

    const after = new Map((await subjects.page(breachId, 300)).items.map((s) => [s.key, s]));
    expect(after.get(first?.key ?? '')?.status).toBe('delivered');
    expect(after.get(second?.key ?? '')).toMatchObject({ status: 'bounced', reason: 'Permanent/General' });
  });

  it('keeps each SES message pointer for 180 days after its send, then lets TTL tidy it away', async () => {
    const sent = (await subjects.page(breachId, 300)).items.filter((s) => s.messageId);
    expect(sent.length).toBeGreaterThan(0);
    for (const person of sent.slice(0, 5)) {
      const { Item } = await table.client.send(
        new GetCommand({
          TableName: table.subjectsTableName,
          Key: { PK: sesMessagePk(person.messageId ?? ''), SK: SES_MESSAGE_SK },
        }),
      );
      const sentAt = Date.parse(String(Item?.sentAt));
      expect(Number.isNaN(sentAt)).toBe(false);
      expect(Item?.expiresAt).toBe(Math.ceil(sentAt / 1000) + SES_MESSAGE_POINTER_DAYS * 86_400);
      expect(Item?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 179 * 86_400);
    }
  });
});
