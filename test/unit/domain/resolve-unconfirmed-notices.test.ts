import { describe, expect, it } from 'vitest';
import {
  CLAIM_SETTLES_AFTER_MS,
  resolveUnconfirmedNotices,
} from '../../../functions/domain/resolve-unconfirmed-notices';
import { type SendSubjectNoticesDeps, sendSubjectNotices } from '../../../functions/domain/send-subject-notices';
import { subjectKey } from '../../../functions/domain/subjects';
import { NotToldByEmailError } from '../../../functions/domain/unconfirmed-notice-errors';
import { InMemoryBreachRepository, InMemoryOrganisationRepository } from '../../support/fakes';
import { anOrganisationWithPolicy, seedSubjectsBreach, tellByEmail } from '../../support/subject-breach';
import { FakeBulkMailer, InMemorySubjectRepository, simulatedTime } from '../../support/subject-fakes';

const HOUR = 3_600_000;
const DPO = { name: 'Dana Protection', role: 'DPO' };

/** 120 people; the run's second SendBulkEmail dies after SES sent it, leaving 50 claimed; the rest are sent. */
async function crashed(options: { rate: number; notifySubjects?: typeof tellByEmail }) {
  const time = simulatedTime();
  const breaches = new InMemoryBreachRepository();
  const organisations = new InMemoryOrganisationRepository();
  const organisation = anOrganisationWithPolicy('org-1');
  await organisations.put(organisation);
  const breachId = await seedSubjectsBreach(breaches, { organisation, notifySubjects: tellByEmail });
  const subjects = new InMemorySubjectRepository();
  const list = Array.from({ length: 120 }, (_, i) => ({ name: `Person ${i}`, email: `person${i}@example.org` }));
  await subjects.add(
    breachId,
    list.map((subject) => ({ key: subjectKey(breachId, subject), subject })),
    time.now().toISOString(),
  );
  const mailer = new FakeBulkMailer(options.rate, time.ms);
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
  mailer.afterCall = (call) => {
    if (call === 2) throw new Error('connection reset after the request left');
  };
  await expect(sendSubjectNotices(deps, breachId, time.ms() + HOUR)).rejects.toThrow('connection reset');
  mailer.afterCall = undefined;
  let result = await sendSubjectNotices(deps, breachId, time.ms() + HOUR);
  while (result.remaining > 0) result = await sendSubjectNotices(deps, breachId, time.ms() + HOUR);
  time.advance(CLAIM_SETTLES_AFTER_MS);
  if (options.notifySubjects) {
    await breaches.append(breachId, {
      type: 'decision-taken',
      at: time.now().toISOString(),
      actor: { kind: 'person', ...DPO },
      data: { step: 'notify-subjects', decision: options.notifySubjects, via: 'api' },
    });
  }
  return { time, breaches, subjects, mailer, deps, breachId };
}

describe('resolveUnconfirmedNotices', () => {
  it('resends no more people than the send rate can mail before the deadline, leaving the rest claimed', async () => {
    const w = await crashed({ rate: 50 });
    const mailsBefore = w.mailer.mails.length;

    const first = await resolveUnconfirmedNotices(
      { ...w.deps, rateOverride: 2 },
      {
        organisationId: 'org-1',
        breachId: w.breachId,
        body: { resolution: 'resend', reason: 'No message ids in SES.', decidedBy: DPO },
        deadlineMs: w.time.ms() + 11_000,
      },
    );

    // 2 a second for 10 s (a second kept back for the final drain).
    expect(first).toMatchObject({ left: 30, event: { data: { resolved: 20 } }, sending: { sent: 20, remaining: 0 } });
    expect(w.mailer.mails.length - mailsBefore).toBe(20);
    expect(w.subjects.statuses()).toEqual({ sent: 90, claimed: 30 });
    expect((await w.breaches.state(w.breachId))?.subjects?.unconfirmed).toBe(30);
  });

  it('refuses to resend when the notify-subjects decision no longer tells people by e-mail, writing nothing', async () => {
    const w = await crashed({ rate: 50, notifySubjects: { decidedBy: DPO, method: 'letter' } });
    const events = (await w.breaches.events(w.breachId)).length;

    await expect(
      resolveUnconfirmedNotices(w.deps, {
        organisationId: 'org-1',
        breachId: w.breachId,
        body: { resolution: 'resend', reason: 'Resend them.', decidedBy: DPO },
        deadlineMs: w.time.ms() + 20_000,
      }),
    ).rejects.toBeInstanceOf(NotToldByEmailError);
    expect((await w.breaches.events(w.breachId)).length).toBe(events);
    expect(w.subjects.statuses()).toEqual({ sent: 70, claimed: 50 });
  });
});
