import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * Royal College of Occupational Therapists (shared/policies/002): a membership renewal spreadsheet with members' bank
 * details went to a former supplier. The conclusion is one of exactly three and is signed off by senior management
 * (6.1.1); the authority's written confirmation of receipt, with date and time, is kept (6.1.2); the policy names
 * only the authority and the members as parties to tell, and with a risk that is not high the members are not told.
 */

const dpoPerson = { name: 'Dana Protection', role: 'Data Protection Officer' };
const signOff = { name: 'Jo Director', role: 'Director of Finance (senior management)' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

let world: LifecycleWorld;
let rcot: Organisation;
let breachId: string;

beforeAll(async () => {
  world = await startLifecycleWorld();
  rcot = await world.organisation('rcot');
});

afterAll(async () => {
  await world?.close();
});

describe('the RCOT procedure, end to end', () => {
  it('takes the report and asks the DPO to contain, with senior management in copy', async () => {
    const response = await world.report(
      rcot,
      aReportInput(
        {
          description: 'The renewal spreadsheet with 240 members’ bank details was e-mailed to a former supplier.',
          cause: { category: 'misdirected-email' },
          dataCategories: ['basic-identifiers', 'financial'],
          subjectCategories: ['members'],
          approximateSubjects: 240,
          approximateRecords: 240,
          recipient: 'untrusted',
          recovery: 'unknown',
        },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;

    await world.waitForStep(breachId, 'contain');
    const newBreach = (await world.mails(breachId)).find((m) => /new personal data breach/i.test(m.subject));
    expect(newBreach?.destination.to).toEqual([rcot.dpo]);
    expect(newBreach?.destination.cc).toEqual(['senior-management@rcot.example.org']);
  });

  it('recommends the authority only and offers exactly the three conclusions', async () => {
    await world.decideByLink(breachId, 'contain', {
      decidedBy: dpoPerson,
      contained: true,
      measures: 'The supplier confirmed in writing that the file was deleted; the mailbox rule was removed.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'decide');

    const { assessment } = await world.state(breachId);
    expect(assessment?.conclusion).toBe('authority-only');
    expect(assessment?.risk.level).toBe('risk');
    const request = (await world.mails(breachId)).find((m) => /notification decision/i.test(m.subject));
    expect(request?.body.text).toMatch(
      /no notification; the supervisory authority only; or the supervisory authority and the affected people/,
    );
  });

  it('refuses a conclusion without senior-management sign-off, or signed in without the role, and writes nothing', async () => {
    const before = await world.events(breachId);
    const unsigned = await world.decideByApi(rcot, breachId, 'decide', {
      decidedBy: dpoPerson,
      conclusion: 'authority-only',
      rationale: 'Bank details of 240 members reached an untrusted recipient: a risk, but deletion was confirmed.',
    });
    expect(unsigned.statusCode).toBe(422);
    expect(unsigned.body).toContain('signedOffBy');
    // The DPO following the link, signed in, may not take it: the sign-off is senior management's.
    await expect(
      world.decideByLink(
        breachId,
        'decide',
        {
          decidedBy: dpoPerson,
          conclusion: 'authority-only',
          rationale: 'Bank details of 240 members reached an untrusted recipient: a risk, but deletion was confirmed.',
          signedOffBy: signOff,
        },
        'dpo',
      ),
    ).rejects.toMatchObject({ name: 'StepNotPermittedError' });
    expect(await world.events(breachId)).toEqual(before);
    expect((await world.state(breachId)).pendingSteps).toEqual(['decide']);
  });

  it('records the conclusion signed off by senior management, signed in, and plans the authority only', async () => {
    // Senior management follows the link, signed in: the decision and its sign-off are theirs.
    await world.decideByLink(breachId, 'decide', {
      decidedBy: signOff,
      conclusion: 'authority-only',
      rationale: 'Bank details of 240 members reached an untrusted recipient: a risk, but deletion was confirmed.',
    });
    await world.waitForStep(breachId, 'notify-authority');

    const state = await world.state(breachId);
    expect(state.plan).toEqual({ authority: true, subjects: false, controller: false, otherParties: false });
    const signedIn = { name: signOff.name, role: 'Senior management' };
    expect(state.decisions.decide?.data.signedOffBy).toMatchObject(signedIn);
    expect(state.decisions.decide?.data.decidedBy).toMatchObject(signedIn);
    const [decided] = (await world.eventsOf(breachId, 'decision-taken')).filter((e) => e.data.step === 'decide');
    expect(decided?.data.departsFromRecommendation).toBe(false);
  });

  it("records the report to the ICO with the authority's written acknowledgement", async () => {
    const submittedAt = hoursAgo(0.2);
    const report = {
      decidedBy: dpoPerson,
      channel: 'ico-online-form',
      submittedAt,
      reference: 'ICO/IC-334455-A1B2',
    };
    // A receipt cannot predate the report it acknowledges.
    await expect(
      world.decideByLink(breachId, 'notify-authority', {
        ...report,
        acknowledgement: { receivedAt: hoursAgo(0.3), reference: 'IC-334455-A1B2' },
      }),
    ).rejects.toMatchObject({ name: 'DecisionInvalidError' });

    const acknowledgement = { receivedAt: hoursAgo(0.1), reference: 'IC-334455-A1B2' };
    await world.decideByLink(breachId, 'notify-authority', { ...report, acknowledgement });

    const state = await world.state(breachId);
    expect(state.decisions['notify-authority']?.data.acknowledgement).toEqual(acknowledgement);
    expect(state.decisions['notify-authority']?.data.phase).toBe('initial');
    expect(state.milestones.authority).toBe(submittedAt);
  });

  it('goes straight to the evaluation: the plan has no notice to the members', async () => {
    await world.waitForStep(breachId, 'evaluate');
    const requested = (await world.eventsOf(breachId, 'decision-requested')).map((e) => e.data.step);
    expect(requested).toEqual(['contain', 'decide', 'notify-authority', 'evaluate']);
    expect(
      await world.decideByApi(rcot, breachId, 'notify-subjects', { decidedBy: dpoPerson, method: 'email' }),
    ).toMatchObject({ statusCode: 409 });
  });

  it('evaluates and closes', async () => {
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: dpoPerson,
      rootCauses: ['The supplier’s address was still in the finance team’s autocomplete list'],
      lessons: 'Member financial data leaves only through the payments portal.',
      recommendations: [{ action: 'Purge former suppliers from the address book', owner: 'Finance manager' }],
    });
    await world.waitForStep(breachId, 'close');
    // Closure needs every action closed and every suggested party decided (closure.ts).
    await world.settle(rcot, breachId, { name: 'Dana Protection', role: 'Data Protection Officer' });
    const closed = await world.decideByApi(rcot, breachId, 'close', {
      decidedBy: dpoPerson,
      recommendationsCompleted: true,
    });
    expect(closed.statusCode).toBe(200);
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
  });

  it('leaves a complete record: every decision, the sign-off, and no mail sent twice', async () => {
    const state = await world.state(breachId);
    expect(state.status).toBe('closed');
    expect(state.pendingSteps).toEqual([]);
    const decisions = await world.eventsOf(breachId, 'decision-taken');
    expect(decisions.map((e) => e.data.step)).toEqual(['contain', 'decide', 'notify-authority', 'evaluate', 'close']);
    const types = (await world.events(breachId)).map((e) => e.type);
    expect(types.at(-1)).toBe('closed');
    expect(types).not.toContain('step-failed');
    expect(types).not.toContain('deadline-missed');

    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    // The new-breach notice and, per human step, the request with its link to whoever decides (senior management
    // for the notification decision, the DPO otherwise) and a notice without it to the others told.
    expect(purposes).toHaveLength(1 + 5 * 2);
    const mails = await world.mails(breachId);
    expect(mails).toHaveLength(11);
    const decideRequest = mails.find((m) => m.subject.includes('action needed – notification decision'));
    expect(decideRequest?.destination.to).toEqual(['senior-management@rcot.example.org']);
  });
});
