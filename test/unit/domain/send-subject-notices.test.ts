import { describe, expect, it } from 'vitest';
import {
  type SendSubjectNoticesDeps,
  SubjectNoticesBlockedError,
  sendSubjectNotices,
} from '../../../functions/domain/send-subject-notices';
import { BulkSendRefusedError } from '../../../functions/domain/subject-ports';
import { subjectKey } from '../../../functions/domain/subjects';
import { InMemoryBreachRepository, InMemoryOrganisationRepository } from '../../support/fakes';
import { anOrganisationWithPolicy, seedSubjectsBreach, tellByEmail } from '../../support/subject-breach';
import { FakeBulkMailer, InMemorySubjectRepository, simulatedTime } from '../../support/subject-fakes';

const HOUR = 3_600_000;

async function world(people: number, options: { rate?: number; notifySubjects?: typeof tellByEmail } = {}) {
  const time = simulatedTime();
  const breaches = new InMemoryBreachRepository();
  const organisations = new InMemoryOrganisationRepository();
  const organisation = anOrganisationWithPolicy('org-1');
  await organisations.put(organisation);
  const breachId = await seedSubjectsBreach(breaches, {
    organisation,
    notifySubjects: options.notifySubjects ?? tellByEmail,
  });
  const subjects = new InMemorySubjectRepository();
  const list = Array.from({ length: people }, (_, i) => ({ name: `Person ${i}`, email: `person${i}@example.org` }));
  await subjects.add(
    breachId,
    list.map((subject) => ({ key: subjectKey(breachId, subject), subject })),
    time.now().toISOString(),
  );
  const mailer = new FakeBulkMailer(options.rate ?? 100, time.ms);
  let tokens = 0;
  const deps: SendSubjectNoticesDeps = {
    breaches,
    organisations,
    subjects,
    mailer,
    now: time.now,
    sleep: time.sleep,
    newClaimToken: () => `run-${++tokens}`,
    rateShare: 1,
  };
  return { time, breaches, subjects, mailer, deps, breachId, people };
}

/** Runs the task until nothing is pending, as the state machine's loop does; each run gets an hour. */
async function runToCompletion(w: Awaited<ReturnType<typeof world>>) {
  for (let run = 0; run < 100; run += 1) {
    const result = await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR);
    if (result.remaining === 0) return result;
  }
  throw new Error('the fan-out did not finish');
}

const expectEveryoneOnce = (mailer: FakeBulkMailer, people: number) => {
  const counts = mailer.perRecipient();
  expect(counts.size).toBe(people);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
};

describe('sendSubjectNotices', () => {
  it('mails every person on the list once, never more than 50 per SendBulkEmail call, and records counts only', async () => {
    const w = await world(237, { rate: 100 });

    const result = await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR);

    expect(result).toMatchObject({ sent: 237, failed: 0, remaining: 0, unconfirmed: 0, outcome: 'completed' });
    expectEveryoneOnce(w.mailer, 237);
    expect(Math.max(...w.mailer.calls.map((c) => c.recipients))).toBe(50);
    const events = await w.breaches.events(w.breachId);
    const sent = events.find((e) => e.type === 'subject-notices-sent');
    expect(sent?.data).toEqual({ sent: 237, failed: 0, deferred: 0, remaining: 0, unconfirmed: 0 });
    expect(JSON.stringify(events)).not.toContain('person1@example.org');
    expect(events.at(-1)?.type).toBe('subject-notices-completed');
    expect((await w.breaches.state(w.breachId))?.subjects).toMatchObject({
      sent: 237,
      completedAt: expect.any(String),
    });
  });

  it('never sends to more people in any simulated second than the send rate', async () => {
    const w = await world(500, { rate: 14 });

    await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR);

    const sends = w.mailer.calls;
    expect(Math.max(...sends.map((c) => c.recipients))).toBe(14);
    for (const call of sends) {
      const inWindow = sends.filter((c) => c.at >= call.at && c.at < call.at + 1000);
      expect(inWindow.reduce((sum, c) => sum + c.recipients, 0)).toBeLessThanOrEqual(14);
    }
    // And keeps to it: 500 people at 14 a second take about 36 seconds, not much longer.
    const span = (sends.at(-1)?.at ?? 0) - (sends[0]?.at ?? 0);
    expect(span).toBeGreaterThanOrEqual(35_000);
    expect(span).toBeLessThan(37_000);
  });

  it('stops at its time budget and the next run carries on where it stopped', async () => {
    const w = await world(300, { rate: 50 });

    const first = await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + 3_500);

    expect(first.outcome).toBe('sending');
    expect(first.sent).toBeGreaterThan(0);
    expect(first.remaining).toBe(300 - first.sent);
    await runToCompletion(w);
    expectEveryoneOnce(w.mailer, 300);
  });

  it('mails everyone exactly once when the run is killed between SES calls and then resumed', async () => {
    const w = await world(400, { rate: 50 });
    // The kill lands while the run waits for send-rate tokens: after batch 3 is recorded, before batch 4 is claimed.
    let sleeps = 0;
    const killingSleep = async (ms: number) => {
      if (w.mailer.calls.length === 3 && ++sleeps === 1) throw new Error('killed');
      await w.time.sleep(ms);
    };

    await expect(
      sendSubjectNotices({ ...w.deps, sleep: killingSleep }, w.breachId, w.time.ms() + HOUR),
    ).rejects.toThrow('killed');
    expect(w.mailer.mails).toHaveLength(150);
    expect(w.subjects.statuses()).toEqual({ sent: 150, pending: 250 });

    const resumed = await runToCompletion(w);

    expect(resumed.unconfirmed).toBe(0);
    expectEveryoneOnce(w.mailer, 400);
  });

  it('puts people back in the queue when SES refuses a whole call, and mails them once on the next run', async () => {
    const w = await world(200, { rate: 50 });
    w.mailer.beforeCall = (call) => {
      if (call === 3) throw new BulkSendRefusedError('throttled', true, 'TooManyRequestsException');
    };

    const first = await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR);

    expect(first).toMatchObject({ sent: 100, deferred: 50, remaining: 100, throttled: true, outcome: 'sending' });
    w.mailer.beforeCall = undefined;
    await runToCompletion(w);
    expectEveryoneOnce(w.mailer, 200);
  });

  it('leaves a batch claimed, and reports it rather than resending it, when the run dies inside the SES call', async () => {
    const w = await world(200, { rate: 50 });
    w.mailer.afterCall = (call) => {
      if (call === 2) throw new Error('connection reset after the request left');
    };

    await expect(sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR)).rejects.toThrow('connection reset');
    w.mailer.afterCall = undefined;
    const resumed = await runToCompletion(w);

    expect(resumed.unconfirmed).toBe(50);
    expect(w.subjects.statuses()).toEqual({ sent: 150, claimed: 50 });
    // Nobody twice: the 50 of the second call were mailed by the dead run and are not mailed again.
    expectEveryoneOnce(w.mailer, 200);
  });

  it('waits out a used-up daily quota until 24 hours after its first send, and a run that only deferred appends nothing', async () => {
    const w = await world(300, { rate: 50 });
    const start = w.time.ms();
    // The account's 24-hour quota runs out after 100 people.
    w.mailer.outcome = () =>
      w.mailer.perRecipient().size >= 100 ? { status: 'deferred', reason: 'ACCOUNT_DAILY_QUOTA_EXCEEDED' } : undefined;

    const first = await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR);

    expect(first).toMatchObject({ sent: 100, remaining: 200, throttled: true });
    // The quota frees as the first send of the window ages out of SES's rolling 24 hours.
    expect(Date.parse(first.resumeAt ?? '')).toBeGreaterThanOrEqual(start + 24 * HOUR - 1000);
    const eventsAfterFirst = (await w.breaches.events(w.breachId)).length;

    const deferredOnly = await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR);

    expect(deferredOnly).toMatchObject({ sent: 0, failed: 0, remaining: 200 });
    expect(deferredOnly.resumeAt).toBeDefined();
    expect((await w.breaches.events(w.breachId)).length).toBe(eventsAfterFirst);
  });

  it('records refused destinations as failed, defers throttled ones, and fails the task when sending is blocked', async () => {
    const w = await world(3, { rate: 50 });
    w.mailer.outcome = (r) =>
      r.to === 'person0@example.org' ? { status: 'failed', reason: 'MESSAGE_REJECTED' } : undefined;

    const result = await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR);

    expect(result).toMatchObject({ sent: 2, failed: 1, remaining: 0 });
    const blocked = await world(3, { rate: 50 });
    blocked.mailer.outcome = () => ({ status: 'blocked', reason: 'ACCOUNT_SENDING_PAUSED' });
    await expect(sendSubjectNotices(blocked.deps, blocked.breachId, blocked.time.ms() + HOUR)).rejects.toBeInstanceOf(
      SubjectNoticesBlockedError,
    );
    expect(blocked.subjects.statuses()).toEqual({ pending: 3 });
  });

  it('sends nothing and records the exemption once when the decision relies on Art. 34(3)', async () => {
    const w = await world(20, {
      notifySubjects: {
        decidedBy: { name: 'Dana Protection', role: 'DPO' },
        method: 'public-communication',
        exemption: {
          ground: 'disproportionate-effort',
          explanation: 'No contact details are held for 120,000 people.',
        },
      },
    });

    const first = await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR);
    const again = await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR);

    expect(first).toMatchObject({ sent: 0, remaining: 0, outcome: 'exempted' });
    expect(again.outcome).toBe('exempted');
    expect(w.mailer.calls).toHaveLength(0);
    const exempted = (await w.breaches.events(w.breachId)).filter((e) => e.type === 'subject-notices-exempted');
    expect(exempted).toHaveLength(1);
    expect(exempted[0]?.data).toMatchObject({ ground: 'disproportionate-effort', publicNotice: true });
  });

  it('sends no e-mail when the people are told by letter', async () => {
    const w = await world(5, { notifySubjects: { ...tellByEmail, method: 'letter' } });

    expect(await sendSubjectNotices(w.deps, w.breachId, w.time.ms() + HOUR)).toMatchObject({ outcome: 'not-by-email' });
    expect(w.mailer.calls).toHaveLength(0);
  });
});
