import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockStatuses } from '../../functions/domain/clocks';
import { aReportInput } from '../support/reports';
import type { StoredEmail } from '../support/ses';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * A breach reported 80 hours after the organisation became aware of it (generic procedure, shared/policies/003):
 * every warning and deadline of the three clocks is already past when the execution starts, so the Clock branch
 * alerts at once — exactly once per mark — and the late report to the authority must give the reasons for the delay
 * (Art. 33(1)).
 */

const HOUR_MS = 3_600_000;
const dpoPerson = { name: 'Alex Privacy', role: 'Data Protection Officer' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS).toISOString();
const ALWAYS = 'compliance@late.example.org';
const ON_MISSED = 'ceo@late.example.org';
const ON_HIGH_RISK = 'risk-committee@late.example.org';
const ON_HEAD = 'chair@late.example.org';

// Every warning is sent after its own deadline here, so none may claim that time is left.
const isWarning = (m: StoredEmail) => /deadline passed – /.test(m.subject);
const isMissed = (m: StoredEmail) => /deadline missed – /.test(m.subject);

let world: LifecycleWorld;
let org: Organisation;
let breachId: string;
let awareAt: string;

beforeAll(async () => {
  world = await startLifecycleWorld();
  org = await world.organisation('generic', {
    escalation: [
      { name: 'Head of Compliance', email: ALWAYS, role: 'Compliance', group: 'senior-management', when: 'always' },
      { name: 'Chief Executive', email: ON_MISSED, role: 'CEO', group: 'board', when: 'deadline-missed' },
      { name: 'Risk Committee', email: ON_HIGH_RISK, role: 'Committee', group: 'board', when: 'severity-high' },
      { name: 'Chair', email: ON_HEAD, role: 'Chair', group: 'governors', when: 'head-responsible' },
    ],
  });
});

afterAll(async () => {
  await world?.close();
});

describe('a breach reported 80 hours after awareness', () => {
  it('alerts every past mark at once, exactly once each', async () => {
    const input = aReportInput(
      {
        description: 'A customer refund file with bank details was sent to an old supplier three days ago.',
        dataCategories: ['basic-identifiers', 'financial'],
        subjectCategories: ['customers'],
        approximateSubjects: 60,
        approximateRecords: 60,
      },
      new Date(Date.now() - 78 * HOUR_MS),
    );
    awareAt = input.awareAt;
    expect(Date.now() - Date.parse(awareAt)).toBeGreaterThanOrEqual(80 * HOUR_MS);
    const response = await world.report(org, input);
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;

    // The Clock branch is done when its Map has exited: every mark waited for (not at all) and checked.
    await world.waitUntil('the Clock branch to finish', () =>
      world.history(breachId).some((e) => e.type === 'StateExited' && e.state.name === 'Marks'),
    );
    const checks = world.history(breachId).filter((e) => e.type === 'StateEntered' && e.state.name === 'CheckMark');
    expect(checks).toHaveLength(9);

    const warned = await world.eventsOf(breachId, 'deadline-warned');
    const missed = await world.eventsOf(breachId, 'deadline-missed');
    // Every warning came after its own deadline: the missed alerts supersede them, so no false "hours left" mail.
    expect(warned).toEqual([]);
    expect(missed.map((e) => e.data.clockId).sort()).toEqual(['authority', 'initial-assessment', 'internal-report']);
    expect((await world.state(breachId)).pendingSteps).toEqual(['contain']);
  });

  it('mails each missed mark once, to the DPO, the always-contacts and the escalation, and no stale warning', async () => {
    const mails = await world.mails(breachId);
    const warnings = mails.filter(isWarning);
    const misses = mails.filter(isMissed);
    expect(warnings).toHaveLength(0);
    expect(misses).toHaveLength(3);
    expect(new Set(misses.map((m) => m.subject)).size).toBe(3);
    expect(mails.filter((m) => / left /i.test(m.subject) || / left before /i.test(m.body.text ?? ''))).toEqual([]);
    for (const mail of misses) {
      expect(mail.destination.to).toEqual([org.dpo]);
      expect(mail.destination.cc).toEqual([ALWAYS, ON_MISSED]);
    }
    const kinds = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.kind);
    expect(kinds.filter((k) => k === 'deadline-warning')).toHaveLength(0);
    expect(kinds.filter((k) => k === 'deadline-missed')).toHaveLength(3);
  });

  it('does not alert a mark again when it is checked a second time', async () => {
    const before = (await world.mails(breachId)).length;
    const dueAt = new Date(Date.parse(awareAt) + 72 * HOUR_MS).toISOString();
    expect(await world.checkMark(breachId, { at: dueAt, clockId: 'authority', kind: 'deadline' })).toEqual({
      outcome: 'already-alerted',
    });
    expect(await world.mails(breachId)).toHaveLength(before);
    expect(await world.eventsOf(breachId, 'deadline-missed')).toHaveLength(3);
  });

  it('demands the reasons for the delay on the late report to the authority', async () => {
    await world.decideByLink(breachId, 'contain', {
      decidedBy: dpoPerson,
      contained: true,
      measures: 'The supplier confirmed deletion in writing.',
      containedAt: hoursAgo(1),
    });
    await world.waitForStep(breachId, 'decide');
    expect((await world.state(breachId)).assessment?.conclusion).toBe('authority-only');
    await world.decideByLink(breachId, 'decide', {
      decidedBy: dpoPerson,
      conclusion: 'authority-only',
      rationale: 'Bank details of 60 customers reached a former supplier: a risk to them, though not a high one.',
    });
    await world.waitForStep(breachId, 'notify-authority');

    const report = { decidedBy: dpoPerson, channel: 'ico-online-form', submittedAt: hoursAgo(0.1), reference: 'ICO/7' };
    const before = await world.events(breachId);
    const withoutReason = await world.decideByApi(org, breachId, 'notify-authority', report);
    expect(withoutReason.statusCode).toBe(422);
    expect(withoutReason.body).toContain('delayReason');
    await expect(world.decideByLink(breachId, 'notify-authority', report)).rejects.toMatchObject({
      name: 'DecisionInvalidError',
    });
    expect(await world.events(breachId)).toEqual(before);

    const delayReason = 'The misdirected file was only found during a supplier audit, three days after the e-mail.';
    await world.decideByLink(breachId, 'notify-authority', { ...report, delayReason });
    const state = await world.state(breachId);
    expect(state.decisions['notify-authority']?.data.delayReason).toBe(delayReason);
    expect(state.milestones.authority).toBe(report.submittedAt);
    const authority = clockStatuses(state.awareAt, state.clocks ?? [], new Date(), state.milestones).find(
      (c) => c.clockId === 'authority',
    );
    expect(authority?.status).toBe('met-late');
  });

  it('closes with no further alert', async () => {
    await world.waitForStep(breachId, 'evaluate');
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: dpoPerson,
      rootCauses: ['No process for staff to report a misdirected e-mail'],
      lessons: 'Staff report misdirected e-mails at once; the DPO checks the sent items of finance weekly.',
      recommendations: [],
    });
    await world.waitForStep(breachId, 'close');
    // Closure needs every action closed and every suggested party decided (closure.ts).
    await world.settle(org, breachId, { name: 'Dana Protection', role: 'Data Protection Officer' });
    await world.decideByLink(breachId, 'close', { decidedBy: dpoPerson, recommendationsCompleted: true });
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });

    expect(await world.eventsOf(breachId, 'deadline-warned')).toHaveLength(0);
    expect(await world.eventsOf(breachId, 'deadline-missed')).toHaveLength(3);
    const mails = await world.mails(breachId);
    expect(mails.filter(isWarning)).toHaveLength(0);
    expect(mails.filter(isMissed)).toHaveLength(3);
    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    expect((await world.state(breachId)).status).toBe('closed');
  });
});
