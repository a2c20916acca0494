import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * The authority clock's 6-hours-before warning arrives in real time (awareness 66 hours minus 2 seconds ago) while
 * nobody has decided anything; then the DPO acts before the deadline. The milestone is met, the authority clock's
 * remaining marks find it met and alert nothing, and closing the case stops the Clock branch although its next mark
 * is hours away.
 */

const HOUR_MS = 3_600_000;
const dpoPerson = { name: 'Alex Privacy', role: 'Data Protection Officer' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS).toISOString();

let world: LifecycleWorld;
let org: Organisation;
let breachId: string;
let dueAt: string;

beforeAll(async () => {
  world = await startLifecycleWorld();
  org = await world.organisation('generic');
});

afterAll(async () => {
  await world?.close();
});

describe('a decision taken after the authority warning', () => {
  it('warns 6 hours before the authority deadline while no decision is taken', async () => {
    const awareMs = Date.now() - (72 - 6) * HOUR_MS + 2_000;
    const input = aReportInput(
      {
        description: 'A customer refund file with bank details was sent to an old supplier.',
        dataCategories: ['basic-identifiers', 'financial'],
        subjectCategories: ['customers'],
        approximateSubjects: 60,
        approximateRecords: 60,
      },
      new Date(awareMs + 2 * HOUR_MS),
    );
    expect(input.awareAt).toBe(new Date(awareMs).toISOString());
    dueAt = new Date(awareMs + 72 * HOUR_MS).toISOString();
    const response = await world.report(org, input);
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    await world.waitForStep(breachId, 'contain');

    const warning = await world.waitForEvent(breachId, 'deadline-warned', (e) => e.data.clockId === 'authority');
    expect(warning.data).toEqual({ clockId: 'authority', dueAt, hoursBefore: 6 });
    // Sent when its mark came, not before: the Clock branch waited for it in real time.
    expect(Date.parse(warning.at)).toBeGreaterThanOrEqual(Date.parse(dueAt) - 6 * HOUR_MS);
    // The 24 h and 48 h clocks were long past: their two misses were alerted first, at once; their warnings came
    // after their own deadlines and were superseded by the misses.
    const earlier = (await world.events(breachId)).filter(
      (e) => (e.type === 'deadline-warned' || e.type === 'deadline-missed') && e.seq < warning.seq,
    );
    expect(earlier.map((e) => e.type)).toEqual(['deadline-missed', 'deadline-missed']);
    expect(earlier.every((e) => Date.parse(e.at) <= Date.parse(warning.at))).toBe(true);
    const mail = (await world.mails(breachId)).find((m) =>
      /6 hours left – Notification to the supervisory/.test(m.subject),
    );
    expect(mail?.destination.to).toEqual([org.dpo]);
    expect((await world.state(breachId)).decisions).toEqual({});
  });

  it('meets the authority milestone with a report made before the deadline', async () => {
    await world.decideByLink(breachId, 'contain', {
      decidedBy: dpoPerson,
      contained: true,
      measures: 'The supplier confirmed deletion in writing.',
      containedAt: hoursAgo(1),
    });
    await world.waitForStep(breachId, 'decide');
    await world.decideByLink(breachId, 'decide', {
      decidedBy: dpoPerson,
      conclusion: 'authority-only',
      rationale: 'Bank details of 60 customers reached a former supplier: a risk to them, though not a high one.',
    });
    await world.waitForStep(breachId, 'notify-authority');
    const submittedAt = new Date().toISOString();
    // In time, so no reasons for delay are asked for.
    await world.decideByLink(breachId, 'notify-authority', {
      decidedBy: dpoPerson,
      channel: 'ico-online-form',
      submittedAt,
      reference: 'ICO/00055555',
    });
    await world.waitForStep(breachId, 'evaluate');

    const state = await world.state(breachId);
    expect(state.milestones.authority).toBe(submittedAt);
    expect(Date.parse(submittedAt)).toBeLessThan(Date.parse(dueAt));
  });

  it("finds the milestone met at the authority clock's remaining marks, and alerts nothing", async () => {
    const before = { events: (await world.events(breachId)).length, mails: (await world.mails(breachId)).length };
    const oneHourBefore = new Date(Date.parse(dueAt) - HOUR_MS).toISOString();
    expect(
      await world.checkMark(breachId, { at: oneHourBefore, clockId: 'authority', kind: 'warning', hoursBefore: 1 }),
    ).toEqual({ outcome: 'met' });
    expect(await world.checkMark(breachId, { at: dueAt, clockId: 'authority', kind: 'deadline' })).toEqual({
      outcome: 'met',
    });
    expect((await world.events(breachId)).length).toBe(before.events);
    expect((await world.mails(breachId)).length).toBe(before.mails);
    // The Clock branch itself is waiting for the 1-hour warning, five hours away.
    const waits = world.history(breachId).filter((e) => e.type === 'StateEntered' && e.state.name === 'Wait for mark');
    expect(waits).toHaveLength(8);
    expect(world.executionStatus(breachId)).toBe('RUNNING');
  });

  it('stops the Clock branch when the case closes, though a mark is still hours away', async () => {
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: dpoPerson,
      rootCauses: ['Supplier left in the finance address book'],
      lessons: 'Former suppliers are removed from address books when their contract ends.',
      recommendations: [],
    });
    await world.waitForStep(breachId, 'close');
    // Closure needs every action closed and every suggested party decided (closure.ts).
    await world.settle(org, breachId, { name: 'Dana Protection', role: 'Data Protection Officer' });
    const closingAt = Date.now();
    await world.decideByLink(breachId, 'close', { decidedBy: dpoPerson, recommendationsCompleted: true });
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
    expect(Date.now() - closingAt).toBeLessThan(5_000);
    // The Wait for the 1-hour warning was cut short: seven marks were checked, the eighth never was.
    const checked = world.history(breachId).filter((e) => e.type === 'StateEntered' && e.state.name === 'CheckMark');
    expect(checked).toHaveLength(7);

    expect((await world.eventsOf(breachId, 'deadline-missed')).map((e) => e.data.clockId)).not.toContain('authority');
    const warned = (await world.eventsOf(breachId, 'deadline-warned')).filter((e) => e.data.clockId === 'authority');
    expect(warned.map((e) => e.data.hoursBefore)).toEqual([6]);
    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    expect((await world.state(breachId)).status).toBe('closed');
  });
});
