import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAccessCodesChanged } from '../../functions/domain/access-codes';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * A CQC-registered social care provider (shared/policies/000): a visit rota with the key-safe codes of fourteen
 * service users' homes was lost on a round. The ICO is told through the DSPT incident tool, then by an e-mail that
 * confirms the DSPT report; vulnerable adults are told through their representatives; the access codes are changed;
 * the commissioning Local Authority and the insurer are told.
 */

const manager = { name: 'Rae Manager', role: 'Registered Manager' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

let world: LifecycleWorld;
let provider: Organisation;
let breachId: string;

beforeAll(async () => {
  world = await startLifecycleWorld();
  provider = await world.organisation('social-care');
});

afterAll(async () => {
  await world?.close();
});

describe('the social care procedure, end to end', () => {
  it('takes the report and tells the DPO with the registered manager in copy', async () => {
    const response = await world.report(
      provider,
      aReportInput(
        {
          description: 'A printed visit rota with key-safe codes for fourteen service users was lost on a round.',
          cause: { category: 'lost-paper' },
          dataCategories: ['basic-identifiers', 'property-access-codes', 'social-care-records'],
          subjectCategories: ['service-users', 'vulnerable-adults'],
          approximateSubjects: 14,
          approximateRecords: 14,
          recipient: 'unknown',
          recovery: 'not-recovered',
          containment: { contained: false },
        },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;

    await world.waitForStep(breachId, 'contain');
    const newBreach = (await world.mails(breachId)).find((m) => /new personal data breach/i.test(m.subject));
    expect(newBreach?.destination.to).toEqual([provider.dpo]);
    expect(newBreach?.destination.cc).toEqual(['manager@social-care.example.org']);
    const contain = (await world.mails(breachId)).find((m) => /containment/i.test(m.subject));
    expect(contain?.body.text).toMatch(/access codes/);
  });

  it('records the changed access codes and recommends telling the ICO and the people, via representatives', async () => {
    await world.decideByLink(breachId, 'contain', {
      decidedBy: manager,
      contained: true,
      measures: 'All fourteen key-safe codes were changed the same morning; rotas are now issued on the app only.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'decide');

    const { assessment } = await world.state(breachId);
    expect(assessment?.conclusion).toBe('authority-and-subjects');
    expect(assessment?.risk.level).toBe('high-risk');
    const notes = assessment?.policyNotes.join(' ') ?? '';
    expect(notes).toMatch(/through a representative/);
    expect(notes).toMatch(/access codes .* must be changed/);

    await world.decideByLink(breachId, 'decide', {
      decidedBy: manager,
      conclusion: 'authority-and-subjects',
      rationale: 'Codes to the homes of vulnerable adults were lost: a high risk of burglary and harm until changed.',
    });
    await world.waitForStep(breachId, 'notify-authority');
    expect((await world.state(breachId)).plan).toEqual({
      authority: true,
      subjects: true,
      controller: false,
      otherParties: true,
    });
  });

  it('requires the DSPT report and the e-mail confirming it to the ICO', async () => {
    const report = {
      decidedBy: manager,
      channel: 'dspt',
      submittedAt: hoursAgo(0.3),
      reference: 'ICO/00098765',
    };
    const before = await world.events(breachId);
    const withoutDspt = await world.decideByApi(provider, breachId, 'notify-authority', report);
    expect(withoutDspt.statusCode).toBe(422);
    expect(withoutDspt.body).toContain('"dspt"');
    expect(await world.events(breachId)).toEqual(before);

    const dspt = { reference: 'DSPT-INC-20412', icoConfirmationSentAt: hoursAgo(0.2) };
    await world.decideByLink(breachId, 'notify-authority', { ...report, dspt });
    const state = await world.state(breachId);
    expect(state.decisions['notify-authority']?.data.dspt).toEqual(dspt);
    expect(state.milestones.authority).toBe(report.submittedAt);
  });

  it('records the people told through their representatives', async () => {
    await world.waitForStep(breachId, 'notify-subjects');
    await world.decideByLink(breachId, 'notify-subjects', {
      decidedBy: manager,
      method: 'phone',
      notifiedAt: hoursAgo(0.1),
      count: 14,
      throughRepresentatives: true,
      note: 'Next of kin or attorneys called; two service users told in person with their care coordinator.',
    });
    await world.waitForStep(breachId, 'notify-other-parties');
    const told = (await world.state(breachId)).decisions['notify-subjects']?.data;
    expect(told).toMatchObject({ throughRepresentatives: true, count: 14 });
  });

  it('records the Local Authority and the insurer as told, and legal advice as not needed', async () => {
    const response = await world.decideByApi(provider, breachId, 'notify-other-parties', {
      decidedBy: manager,
      parties: [
        { party: 'dspt', told: true, at: hoursAgo(0.3), reference: 'DSPT-INC-20412' },
        { party: 'local-authority', told: true, at: hoursAgo(0.05), note: 'Commissioning team, adult social care.' },
        { party: 'insurer', told: true, at: hoursAgo(0.05), reference: 'CLAIM-7781' },
        { party: 'legal-adviser', told: false, note: 'No claim or dispute expected; not needed.' },
      ],
    });
    expect(response.statusCode).toBe(200);
    await world.waitForStep(breachId, 'evaluate');
    const parties = (await world.state(breachId)).decisions['notify-other-parties']?.data.parties ?? [];
    expect(parties.filter((p) => p.told).map((p) => p.party)).toEqual(['dspt', 'local-authority', 'insurer']);
  });

  it('evaluates and closes', async () => {
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: manager,
      rootCauses: ['Key-safe codes printed on paper rotas'],
      lessons: 'Codes are shown in the rostering app only, never printed.',
      recommendations: [{ action: 'Withdraw printed rotas', owner: 'Registered Manager' }],
    });
    await world.waitForStep(breachId, 'close');
    // Closure needs every action closed and every suggested party decided (closure.ts).
    await world.settle(provider, breachId, { name: 'Dana Protection', role: 'Data Protection Officer' });
    // The key-safe codes were at risk: telling people to change them is not enough, their change is recorded.
    await expect(
      world.decideByLink(breachId, 'close', { decidedBy: manager, recommendationsCompleted: true }),
    ).rejects.toThrow(/access codes/);
    await recordAccessCodesChanged(world.caseDeps, {
      organisationId: provider.id,
      breachId,
      body: {
        changedAt: new Date().toISOString(),
        properties: 8,
        how: 'The coordinators re-coded each key safe on their next visit and told each person or their representative.',
        recordedBy: manager,
      },
    });
    await world.decideByLink(breachId, 'close', { decidedBy: manager, recommendationsCompleted: true });
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
  });

  it('leaves a complete record and sent no mail twice', async () => {
    const state = await world.state(breachId);
    expect(state.status).toBe('closed');
    const decisions = await world.eventsOf(breachId, 'decision-taken');
    expect(decisions.map((e) => [e.data.step, e.data.via])).toEqual([
      ['contain', 'console'],
      ['decide', 'console'],
      ['notify-authority', 'console'],
      ['notify-subjects', 'console'],
      ['notify-other-parties', 'api'],
      ['evaluate', 'console'],
      ['close', 'console'],
    ]);
    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    // Each request's link goes to the DPO; the Registered Manager copied on everything is told without it.
    expect(purposes).toHaveLength(1 + 7 * 2);
    expect(await world.mails(breachId)).toHaveLength(15);
    const notices = (await world.mails(breachId)).filter((m) => m.subject.includes('for your information'));
    expect(notices.every((m) => !/\/decisions\/[A-Za-z0-9_-]{43}/.test(m.body.text ?? ''))).toBe(true);
  });
});
