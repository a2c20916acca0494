import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAuthorityOutcome } from '../../functions/domain/authority-exchanges';
import { closeAction } from '../../functions/domain/track-actions';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * St Clare's RC Primary School (shared/policies/004): SEN records e-mailed to the wrong parent. The investigation
 * report carries a severity level within 48 h, SLT is copied on everything, the DPO is consulted before the ICO, SLT
 * quality-checks the report, other parties are considered, and the case closes only once the ICO's remedial actions
 * are implemented and the final report has gone to the board.
 */

const person = { name: 'Pat Head', role: 'Senior Leadership Team' };
const dsiro = { name: 'Sam Risk', role: 'DSIRO' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

let world: LifecycleWorld;
let school: Organisation;
let breachId: string;

beforeAll(async () => {
  world = await startLifecycleWorld();
  school = await world.organisation('school');
});

afterAll(async () => {
  await world?.close();
});

describe('the school procedure, end to end', () => {
  it('takes the report, starts the lifecycle and tells the DPO with SLT in copy', async () => {
    const response = await world.report(
      school,
      aReportInput(
        {
          description: 'A letter with SEN support plans for two pupils was e-mailed to another parent.',
          cause: { category: 'misdirected-email' },
          dataCategories: ['basic-identifiers', 'health', 'education', 'childrens-records'],
          subjectCategories: ['pupils-or-students', 'children'],
          approximateSubjects: 2,
          approximateRecords: 2,
          recipient: 'untrusted',
          recovery: 'not-recovered',
        },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;

    await world.waitForStep(breachId, 'contain');
    const mails = await world.mails(breachId);
    const newBreach = mails.find((m) => /new personal data breach/i.test(m.subject));
    expect(newBreach?.destination.to).toEqual([school.dpo]);
    expect(newBreach?.destination.cc).toContain('slt@school.example.org');
    expect(newBreach?.subject).not.toMatch(/SEN|pupil|parent/i);
  });

  it('records containment, computes the recommendation with the school severity level, and asks for a decision', async () => {
    await world.decideByLink(breachId, 'contain', {
      decidedBy: person,
      contained: true,
      measures: 'The parent confirmed by phone that the e-mail was deleted unread.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'decide');

    const { assessment } = await world.state(breachId);
    expect(assessment?.severityLevel.scale).toBe('levels-0-4');
    expect(assessment?.severityLevel.level).toBeGreaterThanOrEqual(2);
    expect(assessment?.conclusion).toBe('authority-and-subjects');
    const request = (await world.mails(breachId)).find((m) => /notification decision/i.test(m.subject));
    expect(request?.body.text).toContain('Notify the supervisory authority and the affected people');
  });

  it('refuses a decision that departs from the recommendation without saying why, and records nothing', async () => {
    const before = (await world.events(breachId)).length;
    await expect(
      world.decideByLink(breachId, 'decide', {
        decidedBy: person,
        conclusion: 'authority-only',
        rationale: 'We think the parents do not need to be told separately.',
      }),
    ).rejects.toMatchObject({ name: 'DecisionInvalidError' });
    expect(await world.events(breachId)).toHaveLength(before);
  });

  it('records the decision and, for the authority step, insists on the DPO being consulted first', async () => {
    await world.decideByLink(breachId, 'decide', {
      decidedBy: person,
      conclusion: 'authority-and-subjects',
      rationale: 'Health and SEN data of children reached a parent who knows them: a high risk of distress.',
      severityLevel: 3,
    });
    await world.waitForStep(breachId, 'notify-authority');
    const withoutDpo = {
      decidedBy: person,
      channel: 'ico-online-form',
      submittedAt: hoursAgo(0.1),
      reference: 'ICO/00012345',
      qualityCheckedBy: { name: 'Sam Deputy', role: 'SLT' },
    };
    await expect(world.decideByLink(breachId, 'notify-authority', withoutDpo)).rejects.toMatchObject({
      name: 'DecisionInvalidError',
    });
    await world.decideByLink(breachId, 'notify-authority', { ...withoutDpo, dpoConsultedAt: hoursAgo(0.2) });

    const state = await world.state(breachId);
    expect(state.milestones.authority).toBeDefined();
    expect(state.milestones['internal-report']).toBeDefined();
    expect(state.plan).toEqual({ authority: true, subjects: true, controller: false, otherParties: true });
  });

  it('tells the subjects and the other parties, evaluates, and closes only when the closure conditions hold', async () => {
    await world.waitForStep(breachId, 'notify-subjects');
    await world.decideByLink(breachId, 'notify-subjects', {
      decidedBy: person,
      method: 'letter',
      notifiedAt: hoursAgo(0.05),
      count: 2,
    });
    await world.waitForStep(breachId, 'notify-other-parties');
    await world.decideByApi(school, breachId, 'notify-other-parties', {
      decidedBy: person,
      parties: [
        { party: 'governors', told: true, at: hoursAgo(0.01) },
        { party: 'court', told: false, note: 'No court documents were involved.' },
      ],
    });
    await world.waitForStep(breachId, 'evaluate');
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: person,
      rootCauses: ['E-mail autocomplete on the school account', 'No second check for SEN letters'],
      lessons: 'SEN letters go through the secure portal, not e-mail.',
      trainingNeeds: 'Refresher for the SEN team.',
      recommendations: [{ action: 'Disable autocomplete for external addresses', owner: 'IT provider' }],
    });
    await world.waitForStep(breachId, 'close');

    // The ICO was notified: the school may not close before the ICO has said what it requires and each of its
    // required actions, and each recommendation, is done to the satisfaction of the DSIRO (8. Closure).
    const closeBody = {
      decidedBy: person,
      recommendationsCompleted: true,
      authorityActionsImplemented: true,
      finalReportToBoardAt: hoursAgo(0),
    };
    const early = await world.decideByApi(school, breachId, 'close', closeBody);
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('authorityOutcome');
    expect(early.body).toContain('actions.R1');

    const { actions } = await recordAuthorityOutcome(world.caseDeps, {
      organisationId: school.id,
      breachId,
      body: {
        outcome: 'remedial-actions-required',
        at: hoursAgo(0),
        summary: 'The ICO asks for data protection refresher training for the SEN team within a month.',
        caseReference: 'IC-555-1234',
        requiredActions: [
          {
            title: 'Refresher training for the SEN team',
            owner: { name: 'SEN lead', email: 'sen@school.example.org' },
            dueAt: hoursAgo(-24 * 28),
          },
        ],
        recordedBy: person,
      },
    });
    expect(actions.map((a) => a.data.actionId)).toEqual(['A1']);
    const blocked = await world.decideByApi(school, breachId, 'close', closeBody);
    expect(blocked.statusCode).toBe(422);
    expect(blocked.body).toContain('actions.A1');
    expect(blocked.body).not.toContain('authorityOutcome');

    // The checkbox is no longer enough, and only the DSIRO confirms an action complete.
    await expect(
      closeAction(world.caseDeps, {
        organisationId: school.id,
        breachId,
        actionId: 'A1',
        body: { outcome: 'complete', note: 'Training delivered on 3 December.', closedBy: person },
      }),
    ).rejects.toThrow(/DSIRO/);
    await world.settle(school, breachId, dsiro);

    const closed = await world.decideByApi(school, breachId, 'close', closeBody);
    expect(closed.statusCode).toBe(200);
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
  });

  it('leaves a complete, ordered record: every decision with who took it, and the case closed', async () => {
    const state = await world.state(breachId);
    expect(state.status).toBe('closed');
    expect(state.stage).toBe('closed');
    const decisions = await world.eventsOf(breachId, 'decision-taken');
    expect(decisions.map((e) => e.data.step)).toEqual([
      'contain',
      'decide',
      'notify-authority',
      'notify-subjects',
      'notify-other-parties',
      'evaluate',
      'close',
    ]);
    // Pat Head signed in for the steps taken from the mailed links; the school's system named Pat for the API's.
    const who = decisions.map((e) =>
      e.actor.kind === 'api-client'
        ? `system for ${e.actor.onBehalfOf?.name}`
        : e.actor.kind === 'person'
          ? e.actor.name
          : '',
    );
    expect(who).toEqual([
      'Pat Head',
      'Pat Head',
      'Pat Head',
      'Pat Head',
      'system for Pat Head',
      'Pat Head',
      'system for Pat Head',
    ]);
    const types = (await world.events(breachId)).map((e) => e.type);
    expect(types[0]).toBe('reported');
    expect(types.at(-1)).toBe('closed');
    expect(types.filter((t) => t === 'assessment-computed')).toHaveLength(1);
    // Seven decision requests (each with a notice without the link to the SLT) and the new-breach notice; no mail
    // was sent twice.
    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    expect(purposes.filter((p) => p.startsWith('decision-request:') && !p.endsWith(':notice'))).toHaveLength(7);
    expect(purposes.filter((p) => p.endsWith(':notice'))).toHaveLength(7);
  });
});
