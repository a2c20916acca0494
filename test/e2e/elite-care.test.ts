import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockStatuses } from '../../functions/domain/clocks';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * Elite Care Homes (shared/policies/001): a care worker's encrypted laptop with residents' care notes is stolen from
 * her car. The initial assessment of harm is due within 24 h; the decision says whether the police are told (a
 * criminal act); a decision not to report to the ICO is documented with its evidence; the residents are told in all
 * cases, reportable or not; the case closes with the final report to the board.
 */

const manager = { name: 'Morgan Home', role: 'Home Manager' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

let world: LifecycleWorld;
let eliteCare: Organisation;
let breachId: string;

const notReporting = {
  decidedBy: manager,
  conclusion: 'no-notification',
  rationale:
    'The laptop was fully encrypted and the key was not with it: the care notes are unintelligible to the thief.',
};
const evidence =
  'IT asset report: BitLocker XTS-AES-256 active on the device since 2024; recovery key escrowed in Intune, never on ' +
  'the device; remote wipe issued at 08:14.';
const police = { report: true, reason: 'Theft from a vehicle is a criminal act; the police issued a crime number.' };

beforeAll(async () => {
  world = await startLifecycleWorld();
  eliteCare = await world.organisation('elite-care');
});

afterAll(async () => {
  await world?.close();
});

describe('the Elite Care Homes procedure, end to end', () => {
  it('takes the report of a stolen laptop and asks for containment', async () => {
    const response = await world.report(
      eliteCare,
      aReportInput(
        {
          description: 'A care worker’s laptop with residents’ care notes was stolen from her car overnight.',
          cause: { category: 'stolen-device' },
          dataCategories: ['basic-identifiers', 'health'],
          subjectCategories: ['service-users'],
          approximateSubjects: 30,
          approximateRecords: 30,
          protection: { kind: 'encrypted', strength: 'strong', keyCompromised: false },
          recipient: 'unknown',
          recovery: 'not-recovered',
          malicious: 'yes',
        },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    await world.waitForStep(breachId, 'contain');
  });

  it('recommends no notification, and leaves the 24 h initial assessment unmet until a person acts on it', async () => {
    await world.decideByLink(breachId, 'contain', {
      decidedBy: manager,
      contained: true,
      measures: 'Remote wipe issued; the worker’s accounts were signed out everywhere and passwords reset.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'decide');

    const state = await world.state(breachId);
    expect(state.assessment?.conclusion).toBe('no-notification');
    expect(state.assessment?.exemption).toMatchObject({ applies: true, ground: 'data-unintelligible' });
    expect(state.assessment?.subjectsToBeTold).toBe(true);
    expect(state.assessment?.policyNotes.join(' ')).toMatch(/police/);

    // Elite Care: "the person responsible ... will carry out an initial assessment": the machine's recommendation is
    // not that act, so the clock still runs.
    expect(state.milestones['initial-assessment']).toBeUndefined();
    const initial = clockStatuses(state.awareAt, state.clocks ?? [], new Date(), state.milestones).find(
      (c) => c.clockId === 'initial-assessment',
    );
    expect(initial?.dueAt).toBe(new Date(Date.parse(state.awareAt) + 24 * 3_600_000).toISOString());
    expect(initial?.status).toBe('pending');
  });

  it('asks whether the police are told, and refuses not reporting without its evidence', async () => {
    const before = await world.events(breachId);

    const withoutPolice = await world.decideByApi(eliteCare, breachId, 'decide', { ...notReporting, evidence });
    expect(withoutPolice.statusCode).toBe(422);
    expect(withoutPolice.body).toContain('"police"');
    expect(withoutPolice.body).not.toContain('"evidence"');

    const withoutEvidence = await world.decideByApi(eliteCare, breachId, 'decide', { ...notReporting, police });
    expect(withoutEvidence.statusCode).toBe(422);
    expect(withoutEvidence.body).toContain('"evidence"');
    expect(withoutEvidence.body).not.toContain('"police"');

    await expect(world.decideByLink(breachId, 'decide', notReporting)).rejects.toMatchObject({
      name: 'DecisionInvalidError',
    });
    expect(await world.events(breachId)).toEqual(before);
  });

  it('records the decision not to report with its evidence, and still tells the residents', async () => {
    await world.decideByLink(breachId, 'decide', { ...notReporting, police, evidence });
    await world.waitForStep(breachId, 'notify-subjects');

    const state = await world.state(breachId);
    expect(state.plan).toEqual({ authority: false, subjects: true, controller: false, otherParties: true });
    expect(state.decisions.decide?.data.evidence).toBe(evidence);
    expect(state.decisions.decide?.data.police).toEqual(police);
    // A documented decision that no report is due meets the authority clock; the person's decision on the
    // assessment meets the initial assessment.
    expect(state.milestones.authority).toBe(state.decisions.decide?.at);
    expect(state.milestones['initial-assessment']).toBe(state.decisions.decide?.at);
    const requested = (await world.eventsOf(breachId, 'decision-requested')).map((e) => e.data.step);
    expect(requested).not.toContain('notify-authority');
  });

  it('records the residents told, then the police and the board as other parties', async () => {
    await world.decideByLink(breachId, 'notify-subjects', {
      decidedBy: manager,
      method: 'in-person',
      notifiedAt: hoursAgo(0.2),
      count: 30,
      note: 'Residents told by their key workers; families told by phone where residents wished.',
    });
    await world.waitForStep(breachId, 'notify-other-parties');
    await world.decideByLink(breachId, 'notify-other-parties', {
      decidedBy: manager,
      parties: [
        { party: 'police', told: true, at: hoursAgo(0.3), reference: 'CRIME/2026/0412' },
        { party: 'board', told: true, at: hoursAgo(0.1) },
      ],
    });
    await world.waitForStep(breachId, 'evaluate');
    const parties = (await world.state(breachId)).decisions['notify-other-parties']?.data.parties;
    expect(parties?.find((p) => p.party === 'police')).toMatchObject({ told: true, reference: 'CRIME/2026/0412' });
  });

  it('closes only with the final report to the board', async () => {
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: manager,
      rootCauses: ['Laptop left in a parked car overnight'],
      lessons: 'Devices are never left in vehicles; the encryption policy worked as intended.',
      trainingNeeds: 'Device security refresher for community staff.',
      recommendations: [{ action: 'Add device handling to the induction checklist', owner: 'Training lead' }],
    });
    await world.waitForStep(breachId, 'close');
    // Closure needs every action closed and every suggested party decided (closure.ts).
    await world.settle(eliteCare, breachId, { name: 'Dana Protection', role: 'Data Protection Officer' });

    const withoutBoard = await world.decideByApi(eliteCare, breachId, 'close', {
      decidedBy: manager,
      recommendationsCompleted: true,
    });
    expect(withoutBoard.statusCode).toBe(422);
    expect(withoutBoard.body).toContain('finalReportToBoardAt');

    const closed = await world.decideByApi(eliteCare, breachId, 'close', {
      decidedBy: manager,
      recommendationsCompleted: true,
      finalReportToBoardAt: hoursAgo(0),
    });
    expect(closed.statusCode).toBe(200);
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
  });

  it('leaves a complete record and sent no mail twice', async () => {
    const state = await world.state(breachId);
    expect(state.status).toBe('closed');
    expect(state.decisions.close?.data.finalReportToBoardAt).toBeDefined();
    const decisions = await world.eventsOf(breachId, 'decision-taken');
    expect(decisions.map((e) => e.data.step)).toEqual([
      'contain',
      'decide',
      'notify-subjects',
      'notify-other-parties',
      'evaluate',
      'close',
    ]);
    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    // Each request to the DPO with the link, and a notice without it to the management copied on everything.
    expect(purposes).toHaveLength(1 + 6 * 2);
    expect((await world.events(breachId)).map((e) => e.type)).not.toContain('deadline-missed');
  });
});
