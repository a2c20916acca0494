import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organisation as StoredOrganisation } from '../../functions/domain/ports';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * A workflow task that keeps failing: the organisation's stored policy loses its list of duties (an item edited by
 * hand), which containment does not need but the assessment does, so the real Assess task throws on every attempt.
 * The ASL's Retry runs it again, the failure is recorded once and the DPO alerted once, and the Case branch waits for
 * someone to resume it. Once the item is repaired, the 'recover' decision resumes the workflow: it fast-forwards
 * over the containment already decided without mailing anything twice, and moves on to the next human step.
 */

const dpoPerson = { name: 'Alex Privacy', role: 'Data Protection Officer' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const isStepFailedMail = (subject: string) => /workflow step failed – Assess/.test(subject);

let world: LifecycleWorld;
let org: Organisation;
let intact: StoredOrganisation;
let breachId: string;

const entered = (state: string) =>
  world.history(breachId).filter((e) => e.type === 'StateEntered' && e.state.name === state).length;
const ofType = (type: string, state: string) =>
  world.history(breachId).filter((e) => e.type === type && 'state' in e && e.state.name === state);

beforeAll(async () => {
  world = await startLifecycleWorld();
  org = await world.organisation('generic');
});

afterAll(async () => {
  await world?.close();
});

describe('a task that fails after its retries', () => {
  it('retries the failing Assess task as the ASL says, then records the failure and waits for recovery', async () => {
    const response = await world.report(
      org,
      aReportInput(
        { dataCategories: ['basic-identifiers', 'financial'], subjectCategories: ['customers'] },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    await world.waitForStep(breachId, 'contain');

    const stored = await world.organisations.get(org.id);
    if (!stored) throw new Error('the organisation was not stored');
    intact = stored;
    const { duties: _lost, ...damaged } = intact.policy;
    await world.organisations.put({ ...intact, policy: damaged as StoredOrganisation['policy'] });

    await world.decideByLink(breachId, 'contain', {
      decidedBy: dpoPerson,
      contained: true,
      measures: 'The recipient confirmed deletion in writing.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'recover');

    // One attempt and the three retries of the States.TaskFailed retrier, then the Catch.
    expect(ofType('StateFailed', 'Assess')).toHaveLength(4);
    const retries = ofType('StateRetried', 'Assess');
    expect(retries.map((e) => (e.type === 'StateRetried' ? e.retry.attempt : 0))).toEqual([1, 2, 3]);
    expect(ofType('StateCaught', 'Assess')).toHaveLength(1);
    expect(entered('RecordCaseFailure')).toBe(1);
    expect(entered('AwaitRecovery')).toBe(1);
    expect(await world.eventsOf(breachId, 'assessment-computed')).toHaveLength(0);
  });

  it('records the failure once and alerts the DPO once', async () => {
    const failures = await world.eventsOf(breachId, 'step-failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.data).toMatchObject({ step: 'Assess', error: 'TypeError' });
    expect(failures[0]?.actor).toEqual({ kind: 'system', component: 'workflow:case' });

    const alerts = (await world.mails(breachId)).filter((m) => isStepFailedMail(m.subject));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.destination.to).toEqual([org.dpo]);
    expect(alerts[0]?.body.text).toContain('TypeError');

    const state = await world.state(breachId);
    expect(state.failures.map((f) => f.step)).toEqual(['Assess']);
    expect(state.pendingSteps).toEqual(['recover']);
    const resume = (await world.mails(breachId)).filter((m) =>
      /action needed – a step needs you to resume it/.test(m.subject),
    );
    expect(resume).toHaveLength(1);
    expect(resume[0]?.destination.to).toEqual([org.dpo]);
  });

  it('resumes once the cause is fixed, fast-forwarding over what was done and sending nothing twice', async () => {
    const mailsBefore = (await world.mails(breachId)).length;
    await world.organisations.put(intact);
    await world.decideByLink(breachId, 'recover', {
      decidedBy: dpoPerson,
      note: 'The organisation policy item was restored from the deployment record.',
    });
    await world.waitForStep(breachId, 'decide');

    // The Case branch went back to Contain, which completed from the recorded decision, then assessed.
    expect(entered('Contain')).toBe(2);
    expect(entered('Assess')).toBe(2);
    expect(ofType('StateFailed', 'Assess')).toHaveLength(4);
    const state = await world.state(breachId);
    expect(state.assessment?.conclusion).toBe('authority-only');
    expect(await world.eventsOf(breachId, 'assessment-computed')).toHaveLength(1);

    const requested = (await world.eventsOf(breachId, 'decision-requested')).map((e) => e.data.step);
    expect(requested).toEqual(['contain', 'recover', 'decide']);
    // Only the decide request is new: no second containment request, no second failure alert.
    const mails = await world.mails(breachId);
    expect(mails).toHaveLength(mailsBefore + 1);
    expect(mails.filter((m) => /action needed – containment/.test(m.subject))).toHaveLength(1);
    expect(mails.filter((m) => isStepFailedMail(m.subject))).toHaveLength(1);
    expect(await world.eventsOf(breachId, 'step-failed')).toHaveLength(1);
  });

  it('runs the rest of the lifecycle to its close', async () => {
    await world.decideByLink(breachId, 'decide', {
      decidedBy: dpoPerson,
      conclusion: 'authority-only',
      rationale: 'Bank details reached an untrusted recipient: a risk to the people, though not a high one.',
    });
    await world.waitForStep(breachId, 'notify-authority');
    await world.decideByLink(breachId, 'notify-authority', {
      decidedBy: dpoPerson,
      channel: 'ico-online-form',
      submittedAt: hoursAgo(0.05),
    });
    await world.waitForStep(breachId, 'evaluate');
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: dpoPerson,
      rootCauses: ['Autocomplete picked the wrong address'],
      lessons: 'External addresses are confirmed before sending files.',
      recommendations: [],
    });
    await world.waitForStep(breachId, 'close');
    // Closure needs every action closed and every suggested party decided (closure.ts).
    await world.settle(org, breachId, { name: 'Dana Protection', role: 'Data Protection Officer' });
    await world.decideByLink(breachId, 'close', { decidedBy: dpoPerson, recommendationsCompleted: true });
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });

    const steps = (await world.eventsOf(breachId, 'decision-taken')).map((e) => e.data.step);
    expect(steps).toEqual(['contain', 'recover', 'decide', 'notify-authority', 'evaluate', 'close']);
    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    expect((await world.state(breachId)).status).toBe('closed');
  });
});
