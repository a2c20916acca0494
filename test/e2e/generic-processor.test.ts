import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * The generic procedure as a processor (shared/policies/003, "Where we are the Data Processor"): a payroll bureau's
 * misconfigured export exposed a client's staff bank details. The duty is to tell the controller without delay —
 * by phone first, then by the agreed secure transfer — and to log every communication; the authority and the
 * people are the controller's to notify, so the case never goes to the authority step, and telling the controller
 * is what meets our side of the 72 hours.
 */

const dpoPerson = { name: 'Alex Privacy', role: 'Data Protection Officer' };
const controller = { name: 'Casey Controller', email: 'dpo@client.example.com', role: 'Client DPO' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

let world: LifecycleWorld;
let bureau: Organisation;
let breachId: string;

beforeAll(async () => {
  world = await startLifecycleWorld();
  bureau = await world.organisation('generic-processor');
});

afterAll(async () => {
  await world?.close();
});

describe('the generic procedure as processor, end to end', () => {
  it('takes the report naming the controller and starts the lifecycle', async () => {
    const response = await world.report(
      bureau,
      aReportInput(
        {
          organisationRole: { role: 'processor', controller },
          description: 'A payroll export for one client was left on a share readable by another client.',
          cause: { category: 'unauthorised-disclosure' },
          dataCategories: ['basic-identifiers', 'financial'],
          subjectCategories: ['employees'],
          approximateSubjects: 85,
          approximateRecords: 85,
          recipient: 'untrusted',
          recovery: 'unknown',
        },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    await world.waitForStep(breachId, 'contain');
    expect((await world.state(breachId)).report.organisationRole).toEqual({ role: 'processor', controller });
  });

  it('plans the notice to the controller, not to the authority or the people', async () => {
    await world.decideByLink(breachId, 'contain', {
      decidedBy: dpoPerson,
      contained: true,
      measures: 'Share permissions corrected; the other client confirmed the file was not opened.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'decide');
    const { assessment } = await world.state(breachId);
    expect(assessment?.conclusion).toBe('authority-only');
    expect(assessment?.policyNotes.join(' ')).toMatch(/As processor, the duty is to tell the controller/);

    await world.decideByLink(breachId, 'decide', {
      decidedBy: dpoPerson,
      conclusion: 'authority-only',
      rationale: 'Bank details reached another client: the controller must hear of it now and weigh the notifications.',
    });
    await world.waitForStep(breachId, 'notify-controller');

    const state = await world.state(breachId);
    expect(state.plan).toEqual({ authority: false, subjects: false, controller: true, otherParties: true });
    // Generic procedure: "via telephone initially, then secure transfer". Nothing has gone to the controller yet:
    // no notice, no mail, and the authority clock is not met by deciding.
    expect(await world.eventsOf(breachId, 'controller-notified')).toEqual([]);
    expect((await world.mails(breachId)).flatMap((m) => m.destination.to)).not.toContain(controller.email);
    expect(state.milestones.authority).toBeUndefined();
    expect(state.pendingSteps).toEqual(['notify-controller']);
    const request = (await world.mails(breachId)).find((m) =>
      /action needed – notice to the controller/.test(m.subject),
    );
    expect(request?.destination.to).toEqual([bureau.dpo]);
    expect(request?.body.text).toMatch(/by telephone first, then by the secure transfer/);
  });

  it('refuses recording an e-mail as the first contact, then records the call, and only then e-mails the notice', async () => {
    const notifiedAt = hoursAgo(0.3);
    const call = {
      decidedBy: dpoPerson,
      notifiedAt,
      channel: 'phone',
      controllerContact: 'Casey Controller, client DPO, 020 7946 0000',
      summary: 'Told what was exposed, to whom, when, and what we did; full report follows by e-mail as agreed.',
      followUpRoute: 'email',
    };
    const byEmail = await world.decideByApi(bureau, breachId, 'notify-controller', { ...call, channel: 'email' });
    expect(byEmail.statusCode).toBe(422);
    expect(byEmail.body).toContain('telephoned first');
    expect(await world.eventsOf(breachId, 'controller-notified')).toEqual([]);

    await world.decideByLink(breachId, 'notify-controller', call);
    await world.waitForStep(breachId, 'notify-other-parties');
    const state = await world.state(breachId);
    // The call is what met the clock; the e-mailed notice followed it.
    expect(state.milestones.authority).toBe(notifiedAt);
    expect(state.decisions['notify-controller']?.data.channel).toBe('phone');
    const [notice] = await world.eventsOf(breachId, 'controller-notified');
    const [taken] = (await world.eventsOf(breachId, 'decision-taken')).filter(
      (e) => e.data.step === 'notify-controller',
    );
    expect(notice?.seq).toBeGreaterThan(taken?.seq ?? Number.POSITIVE_INFINITY);
    expect((await world.mails(breachId)).filter((m) => m.destination.to.includes(controller.email))).toHaveLength(1);
  });

  it('logs the follow-up to the controller, evaluates and closes', async () => {
    await world.decideByLink(breachId, 'notify-other-parties', {
      decidedBy: dpoPerson,
      parties: [
        {
          party: 'controller',
          told: true,
          at: hoursAgo(0.1),
          reference: 'SFTP transfer BR-REPORT-1.pdf',
          note: 'Written report by the agreed secure transfer, after the phone call.',
        },
      ],
    });
    await world.waitForStep(breachId, 'evaluate');
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: dpoPerson,
      rootCauses: ['Export folder inherited permissions from a shared parent folder'],
      lessons: 'Client exports go to per-client folders with explicit permissions.',
      recommendations: [{ action: 'Audit folder inheritance on the export server', owner: 'IT lead' }],
    });
    await world.waitForStep(breachId, 'close');
    // Closure needs every action closed and every suggested party decided (closure.ts).
    await world.settle(bureau, breachId, { name: 'Dana Protection', role: 'Data Protection Officer' });
    await world.decideByLink(breachId, 'close', { decidedBy: dpoPerson, recommendationsCompleted: true });
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
  });

  it('logs every communication as an event, and never went to the authority step', async () => {
    const state = await world.state(breachId);
    expect(state.status).toBe('closed');
    const steps = (await world.eventsOf(breachId, 'decision-taken')).map((e) => e.data.step);
    expect(steps).toEqual(['contain', 'decide', 'notify-controller', 'notify-other-parties', 'evaluate', 'close']);
    const requested = (await world.eventsOf(breachId, 'decision-requested')).map((e) => e.data.step);
    expect(requested).not.toContain('notify-authority');
    expect(requested).not.toContain('notify-subjects');

    // Every mail that left has its mail-sent event, and the two communications with the controller are decisions.
    const sent = await world.eventsOf(breachId, 'mail-sent');
    const mails = await world.mails(breachId);
    expect(sent.map((e) => e.data.messageId).sort()).toEqual(mails.map((m) => m.messageId).sort());
    expect(new Set(sent.map((e) => e.data.purpose)).size).toBe(sent.length);
    const toController = (await world.eventsOf(breachId, 'decision-taken')).filter(
      (e) =>
        e.data.step === 'notify-controller' ||
        (e.data.step === 'notify-other-parties' && e.data.decision.parties.some((p) => p.party === 'controller')),
    );
    expect(toController).toHaveLength(2);
    expect(toController.every((e) => e.actor.kind === 'person')).toBe(true);
  });
});
