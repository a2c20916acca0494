import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amendFacts } from '../../functions/domain/amend-facts';
import type { DecisionStep } from '../../functions/domain/decisions';
import { otherPartiesFor } from '../../functions/domain/other-parties';
import type { PresetId } from '../../functions/domain/presets';
import { reviseDecision } from '../../functions/domain/revise-decision';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * A case that changes after its first decision, on the real ASL for every preset: the facts are amended, the
 * assessment is computed again from the facts as they stand after containment and the amendment, the DPO is asked
 * to revise the decision, the decision is revised with reasons (the earlier one kept), the revised decision's new
 * duty is taken by the Case branch before it may close, an overdue recommendation reminds its owner, and closure is
 * refused while a suggested party is undecided or an action is open.
 *
 * The story: health details of 40 patients e-mailed to a trusted partner practice, which confirms deletion (so the
 * containment brings Art. 34(3)(b): the authority only); then it turns out the address was a former employee's
 * private mailbox (untrusted): the people must be told after all.
 */

const dpo = { name: 'Dana Protection', role: 'Data Protection Officer' };
const dsiro = { name: 'Sam Risk', role: 'DSIRO' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const OWNER_EMAIL = 'it-lead@owners.example.org';

/** What each step needs under each policy (the rules their own e2e files exercise one by one). */
const bodyFor = (preset: PresetId, step: DecisionStep): Record<string, unknown> => {
  switch (step) {
    case 'contain':
      return {
        contained: true,
        measures: 'The partner practice confirmed in writing that the e-mail was deleted unread.',
        containedAt: hoursAgo(0.5),
        recovery: 'deleted-confirmed',
      };
    case 'decide':
      return {
        conclusion: 'authority-only',
        rationale: 'Health data reached a trusted partner who deleted it: a risk, not a high one (Art. 34(3)(b)).',
        ...(preset === 'rcot' ? { signedOffBy: { name: 'Jo Director', role: 'Director (senior management)' } } : {}),
        ...(preset === 'elite-care' ? { police: { report: false, reason: 'A mistake, not a criminal act.' } } : {}),
      };
    case 'notify-authority':
      return {
        channel: 'ico-online-form',
        submittedAt: hoursAgo(0.2),
        reference: 'ICO/00077777',
        ...(preset === 'school'
          ? { dpoConsultedAt: hoursAgo(0.3), qualityCheckedBy: { name: 'Sam Deputy', role: 'SLT' } }
          : {}),
        ...(preset === 'social-care'
          ? { dspt: { reference: 'DSPT-INC-1', icoConfirmationSentAt: hoursAgo(0.1) } }
          : {}),
        ...(preset === 'rcot' ? { acknowledgement: { receivedAt: hoursAgo(0.1), reference: 'ICO/00077777' } } : {}),
      };
    case 'notify-subjects':
      return { method: 'letter', notifiedAt: hoursAgo(0.05), count: 40 };
    case 'notify-controller':
      return {
        notifiedAt: hoursAgo(0.2),
        channel: 'phone',
        controllerContact: 'Casey Controller, client DPO',
        summary: 'Told what was exposed and to whom; the details follow by the secure transfer agreed.',
        followUpRoute: 'secure-transfer',
      };
    case 'notify-other-parties':
      // Nobody decided yet: closure must refuse until each suggested party is told, or not with the reason.
      return { parties: [] };
    case 'evaluate':
      return {
        rootCauses: ['An old address in the autocomplete list'],
        lessons: 'Partner addresses are checked against the directory before sending.',
        recommendations: [
          {
            action: 'Clear stale addresses from autocomplete',
            owner: 'IT lead',
            ownerEmail: OWNER_EMAIL,
            dueBy: hoursAgo(24),
          },
        ],
      };
    default:
      return {};
  }
};

const PRESETS: readonly PresetId[] = ['school', 'rcot', 'elite-care', 'social-care', 'generic', 'generic-processor'];

let world: LifecycleWorld;

beforeAll(async () => {
  world = await startLifecycleWorld();
});

afterAll(async () => {
  await world?.close();
});

describe.each(PRESETS)('a case that changes, under the %s procedure', (preset) => {
  let org: Organisation;
  let breachId: string;
  const processor = preset === 'generic-processor';

  /** Decides whatever the breach waits for, until it waits for `until` (not decided). */
  const driveTo = async (until: DecisionStep) => {
    for (;;) {
      const pending = await world.waitUntil(`a pending step on ${breachId}`, async () => {
        const state = await world.state(breachId);
        return state.pendingSteps[0];
      });
      if (pending === until) return;
      await world.decideByLink(breachId, pending, { decidedBy: dpo, ...bodyFor(preset, pending) });
      await world.waitUntil(
        `${pending} taken`,
        async () => !(await world.state(breachId)).pendingSteps.includes(pending),
      );
    }
  };

  it('assesses from the facts as they stand after containment: a confirmed deletion brings Art. 34(3)(b)', async () => {
    org = await world.organisation(preset);
    const response = await world.report(
      org,
      aReportInput(
        {
          ...(processor
            ? {
                organisationRole: {
                  role: 'processor',
                  controller: { name: 'Client Trust', email: 'dpo@client.example.com', phone: '020 7946 0000' },
                },
              }
            : {}),
          description: 'A spreadsheet with health details of 40 patients was e-mailed to a partner practice.',
          cause: { category: 'misdirected-email' },
          dataCategories: ['basic-identifiers', 'health'],
          subjectCategories: ['patients'],
          approximateSubjects: 40,
          approximateRecords: 40,
          recipient: 'trusted',
          recovery: 'unknown',
          containment: { contained: false },
        },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    await driveTo('decide');

    const state = await world.state(breachId);
    expect(state.report.recovery).toBe('deleted-confirmed');
    expect(state.assessment?.conclusion).toBe('authority-only');
    expect(state.assessment?.exemption).toMatchObject({ applies: true, ground: 'subsequent-measures' });
    const [reported] = await world.eventsOf(breachId, 'reported');
    expect(reported?.data.report.recovery).toBe('unknown');
  });

  it('amends the facts, reassesses, and asks the DPO to revise the decision', async () => {
    await driveTo(processor ? 'notify-other-parties' : 'notify-authority');

    const amended = await amendFacts(world.caseDeps, {
      organisationId: org.id,
      breachId,
      body: {
        changes: { recipient: 'untrusted' },
        reason: 'The address belonged to a former employee of the practice, not the practice itself.',
        amendedBy: dpo,
      },
    });
    expect(amended.reassessment).toMatchObject({ revisionRequested: true });
    expect(amended.reassessment?.assessment.conclusion).toBe('authority-and-subjects');

    const state = await world.state(breachId);
    expect(state.report.recipient).toBe('untrusted');
    expect(state.revisionRequested).toMatchObject({
      decidedConclusion: 'authority-only',
      recommendedConclusion: 'authority-and-subjects',
    });
    const [amendment] = await world.eventsOf(breachId, 'fact-amended');
    expect(amendment?.actor).toMatchObject({ kind: 'person', name: dpo.name });
    expect(amendment?.data.reason).toMatch(/former employee/);
    const [reported] = await world.eventsOf(breachId, 'reported');
    expect(reported?.data.report.recipient).toBe('trusted');
    const request = (await world.mails(breachId)).find((m) => /decision to revise/.test(m.subject));
    expect(request?.destination.to).toEqual([org.dpo]);
  });

  it('revises the decision with reasons, keeping the earlier one', async () => {
    const noReason = reviseDecision(world.caseDeps, {
      organisationId: org.id,
      breachId,
      body: { ...bodyFor(preset, 'decide'), decidedBy: dpo, conclusion: 'authority-and-subjects' },
    });
    await expect(noReason).rejects.toMatchObject({ name: 'CaseInputInvalidError' });

    const revised = await reviseDecision(world.caseDeps, {
      organisationId: org.id,
      breachId,
      body: {
        ...bodyFor(preset, 'decide'),
        decidedBy: dpo,
        conclusion: 'authority-and-subjects',
        rationale: 'An untrusted recipient holds health data: a high risk; the patients are told.',
        reason: 'The reassessment after the amended recipient recommends telling the patients.',
      },
    });
    expect(revised.data.previousConclusion).toBe('authority-only');

    const state = await world.state(breachId);
    expect(state.revisionRequested).toBeUndefined();
    expect(state.decisions.decide?.data.conclusion).toBe('authority-and-subjects');
    expect(state.revisions?.map((r) => [r.previousConclusion, r.conclusion])).toEqual([
      ['authority-only', 'authority-and-subjects'],
    ]);
    const [first] = (await world.eventsOf(breachId, 'decision-taken')).filter((e) => e.data.step === 'decide');
    expect(first?.data.step === 'decide' && first.data.decision.conclusion).toBe('authority-only');
  });

  it('takes what the revised decision now asks for, and reminds the owner of an overdue action', async () => {
    await driveTo('close');
    const state = await world.state(breachId);
    const requested = (await world.eventsOf(breachId, 'decision-requested')).map((e) => e.data.step);
    if (processor) {
      // As processor the duty stays the controller's notice: the revision changes no step.
      expect(requested).not.toContain('notify-subjects');
    } else {
      // The Decide output said no subjects; the revision sent the Case branch back through NotifySubjects.
      expect(state.decisions['notify-subjects']?.data.method).toBe('letter');
    }
    expect(state.actions?.map((a) => [a.actionId, a.status])).toEqual([['R1', 'open']]);
    const reminder = await world.waitUntil('the overdue reminder', async () =>
      (await world.mails(breachId)).find((m) => /action R1 overdue/.test(m.subject)),
    );
    expect(reminder.destination.to).toEqual([OWNER_EMAIL]);
    expect(reminder.destination.cc).toEqual([org.dpo]);
  });

  it('refuses to close while a suggested party is undecided or an action is open, then closes', async () => {
    const closeBody = { decidedBy: dpo, recommendationsCompleted: true, finalReportToBoardAt: hoursAgo(0) };
    const refused = await world.decideByApi(org, breachId, 'close', closeBody);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('actions.R1');
    const organisation = await world.organisations.get(org.id);
    if (!organisation) throw new Error('no organisation');
    const undecided = otherPartiesFor(await world.state(breachId), organisation.policy).filter(
      (p) => p.status === 'pending',
    );
    // The school, Elite Care and social care suggest parties nobody has decided yet; RCOT and the generic procedure
    // name none, and the processor's controller was told on the call.
    expect(undecided.length > 0).toBe(['school', 'elite-care', 'social-care'].includes(preset));
    for (const { party } of undecided) expect(refused.body).toContain(`otherParties.${party}`);

    await world.settle(org, breachId, preset === 'school' ? dsiro : dpo);
    if (preset === 'school') {
      const { recordAuthorityOutcome } = await import('../../functions/domain/authority-exchanges');
      await recordAuthorityOutcome(world.caseDeps, {
        organisationId: org.id,
        breachId,
        body: { outcome: 'no-further-action', at: hoursAgo(0), summary: 'The ICO closed its file.', recordedBy: dpo },
      });
    }
    const closed = await world.decideByApi(org, breachId, 'close', closeBody);
    expect(closed.statusCode).toBe(200);
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
    const reminders = (await world.eventsOf(breachId, 'mail-sent')).filter((e) => e.data.kind === 'action-reminder');
    expect(reminders.map((e) => e.data.purpose)).toEqual(['action:R1:overdue:1']);
  });
});
