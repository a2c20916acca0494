import { describe, expect, it } from 'vitest';
import { assessBreach } from '../../../functions/domain/assessment';
import { clockStatuses } from '../../../functions/domain/clocks';
import { closureProblems } from '../../../functions/domain/closure';
import { decideDecisionSchema } from '../../../functions/domain/decisions';
import type { NewEvent } from '../../../functions/domain/events';
import { recipientContextOf, recipientsFor } from '../../../functions/domain/mail/recipients';
import { suggestedParties } from '../../../functions/domain/other-parties';
import { PRESETS } from '../../../functions/domain/presets';
import { registerRow } from '../../../functions/domain/register';
import type { BreachReportInput } from '../../../functions/domain/report';
import { at, DPO, decisionEvent, notifiedHistory, reportedEvents, stateOf } from '../../support/authority-histories';
import { aReport } from '../../support/reports';

/**
 * The procedures' remaining gaps, each against the policy text it comes from (shared/policies): the questions that
 * feed the level, escalation by severity level, the IG team and Caldicott Guardian, access codes recorded as changed,
 * the investigator, who took part in the assessment, the policies that applied, receipts, and milestones met only by
 * the act the policy names.
 */

/** Staff names e-mailed to a trusted recipient who deleted them: low risk on the facts alone. */
const LOW: Partial<BreachReportInput> = {
  dataCategories: ['basic-identifiers'],
  subjectCategories: ['employees'],
  approximateSubjects: 3,
  approximateRecords: 3,
  recipient: 'trusted',
  recovery: 'deleted-confirmed',
  containment: { contained: true },
};
/** The same, with the data found before anyone outside saw it: control was never lost (level 0). */
const KEPT: Partial<BreachReportInput> = { ...LOW, recipient: 'none', recovery: 'recovered' };
const LOST: Partial<BreachReportInput> = { ...LOW, recipient: 'untrusted', recovery: 'unknown' };

describe("Elite Care's Levels of Seriousness questions", () => {
  it('raise the risk to high when there is a high risk to the rights of data subjects', () => {
    const plain = assessBreach(aReport(LOST), PRESETS['elite-care']);
    const answered = assessBreach(
      aReport({ ...LOST, seriousness: { highRiskToRights: 'yes' } }),
      PRESETS['elite-care'],
    );

    expect(plain.risk.level).not.toBe('high-risk');
    expect(answered.risk.level).toBe('high-risk');
    expect(answered.conclusion).toBe('authority-and-subjects');
    expect(answered.factors.map((f) => f.factor)).toContain('seriousness-high-risk-to-rights');
  });

  it('make notifying the ICO the recommendation when notification would enable mitigation, where control was lost', () => {
    const lost = LOST;
    const plain = assessBreach(aReport(lost), PRESETS['elite-care']);
    const answered = assessBreach(
      aReport({ ...lost, seriousness: { notificationEnablesMitigation: 'yes', contractualDuty: 'no' } }),
      PRESETS['elite-care'],
    );
    // A breach that never left control stays unlikely to result in a risk, whatever is answered.
    const kept = assessBreach(
      aReport({ ...KEPT, seriousness: { highRiskToRights: 'yes', notificationEnablesMitigation: 'yes' } }),
      PRESETS['elite-care'],
    );

    expect(answered.conclusion).not.toBe('no-notification');
    expect(answered.risk.level).not.toBe('no-risk');
    if (plain.risk.level === 'no-risk')
      expect(answered.factors.map((f) => f.factor)).toContain('seriousness-notification-warranted');
    expect(kept.risk.level).toBe('no-risk');
  });
});

describe("the school's Appendix 3 questions", () => {
  it('raise the severity level: a threat to safety to level 3, distress to level 2, never above what the facts give', () => {
    const lost = LOST;
    const base = assessBreach(aReport(lost), PRESETS.school).severityLevel.level;
    const safety = assessBreach(
      aReport({ ...lost, severityQuestions: { threatToLifeOrSafety: 'yes' } }),
      PRESETS.school,
    );
    const distress = assessBreach(aReport({ ...lost, severityQuestions: { distress: 'yes' } }), PRESETS.school);
    const none = assessBreach(
      aReport({ ...lost, severityQuestions: { distress: 'no', actualHarm: 'unknown' } }),
      PRESETS.school,
    );

    expect(base).toBeLessThan(3);
    expect(safety.severityLevel.level).toBe(3);
    expect(safety.factors.map((f) => f.factor)).toContain('appendix-3-serious-consequences');
    expect(distress.severityLevel.level).toBe(Math.max(2, base));
    expect(none.severityLevel.level).toBe(base);
  });

  it('leave level 0 alone: no loss of control is level 0 whatever is answered', () => {
    const kept = assessBreach(aReport({ ...KEPT, severityQuestions: { actualHarm: 'yes' } }), PRESETS.school);
    expect(kept.severityLevel.level).toBe(0);
  });
});

describe('escalation by severity level (school 1)', () => {
  const policy = PRESETS.school;
  const slt = policy.escalation.find((c) => c.group === 'slt')?.email ?? '';
  const governors = policy.escalation.find((c) => c.group === 'governors')?.email ?? '';

  it('tells the SLT at levels 1 to 4, not at level 0, and before the level is known', () => {
    const cc = (severityLevel?: number) =>
      recipientsFor('deadline-missed', policy, severityLevel === undefined ? {} : { severityLevel }).cc;
    expect(cc(0)).not.toContain(slt);
    for (const level of [1, 2, 3, 4]) expect(cc(level)).toContain(slt);
    expect(cc()).toContain(slt);
  });

  it('takes the level the person decided over the computed one, and adds the governors when the head is responsible', () => {
    const state = stateOf([
      ...reportedEvents('school', { ...LOW, responsibleRole: 'head' }),
      decisionEvent('decide', 5, {
        conclusion: 'no-notification',
        rationale: 'Deleted by a trusted recipient at once.',
        severityLevel: 2,
      }),
    ]);
    const context = recipientContextOf(state);
    expect(context.severityLevel).toBe(2);
    expect(recipientsFor('deadline-warning', policy, context).cc).toEqual([slt, governors]);
  });
});

describe('the IG team and Caldicott Guardian as a party', () => {
  it('is suggested for NHS or social care data where the policy says so, and always to a social care provider', () => {
    const health = stateOf(reportedEvents('school', { dataCategories: ['basic-identifiers', 'health'] }));
    const plain = stateOf(reportedEvents('school', { dataCategories: ['basic-identifiers'] }));
    const care = stateOf(reportedEvents('social-care', { dataCategories: ['basic-identifiers'] }));

    expect([...suggestedParties(health, PRESETS.school).keys()]).toContain('ig-team-caldicott-guardian');
    expect([...suggestedParties(plain, PRESETS.school).keys()]).not.toContain('ig-team-caldicott-guardian');
    expect([...suggestedParties(care, PRESETS['social-care']).keys()]).toContain('ig-team-caldicott-guardian');
  });
});

describe('access codes recorded as changed (social care)', () => {
  const codes: Partial<BreachReportInput> = { dataCategories: ['basic-identifiers', 'property-access-codes'] };
  const changed: NewEvent = {
    type: 'access-codes-changed',
    at: at(40),
    actor: { kind: 'person', ...DPO },
    data: { changedAt: at(39), properties: 12, how: 'Key safes re-coded on the next visit.', recordedBy: DPO },
  };

  it('keeps the case open until the change is recorded, not only announced', () => {
    const open = stateOf(notifiedHistory('social-care', codes));
    const done = stateOf([...notifiedHistory('social-care', codes), changed]);
    const other = stateOf(notifiedHistory('social-care', { dataCategories: ['basic-identifiers'] }));

    expect(closureProblems(open, PRESETS['social-care']).map((p) => p.path)).toContain('accessCodes');
    expect(closureProblems(done, PRESETS['social-care']).map((p) => p.path)).not.toContain('accessCodes');
    expect(closureProblems(other, PRESETS['social-care']).map((p) => p.path)).not.toContain('accessCodes');
    expect(done.accessCodesChanged).toEqual([
      { changedAt: at(39), properties: 12, how: 'Key safes re-coded on the next visit.' },
    ]);
  });
});

describe('the record of the case', () => {
  it('keeps the investigator, who took part in the assessment, the policies that applied and each receipt', () => {
    const participants = [
      { name: 'Jo Director', role: 'Director', area: 'senior-management' },
      { name: 'Ade Tech', role: 'IT manager', area: 'technology' },
    ] as const;
    const state = stateOf([
      ...reportedEvents('rcot', {
        policiesApplied: [{ policy: 'E-mail and Internet Use Policy', personResponsibleAware: 'yes' }],
      }),
      {
        type: 'investigator-assigned',
        at: at(3),
        actor: { kind: 'person', ...DPO },
        data: {
          investigator: { name: 'Ira Vest', role: 'Deputy manager' },
          agreedWith: { name: 'Morgan Home', role: 'Home manager' },
        },
      },
      decisionEvent('decide', 5, {
        conclusion: 'authority-only',
        rationale: 'A risk to the people concerned, though not a high one.',
        signedOffBy: { name: 'Jo Director', role: 'Director' },
        assessmentParticipants: participants,
      }),
      {
        type: 'receipt-recorded',
        at: at(31),
        actor: { kind: 'person', ...DPO },
        data: { from: 'ico', reference: 'IC-555-1234', receivedAt: at(30.5), recordedBy: DPO },
      },
      {
        type: 'receipt-recorded',
        at: at(32),
        actor: { kind: 'person', ...DPO },
        data: { from: 'dspt', reference: 'DSPT-INC-42', receivedAt: at(29), recordedBy: DPO },
      },
    ]);

    const row = registerRow(state, { clocks: PRESETS.rcot.clocks, now: new Date(at(40)) });

    expect(row.investigator).toMatchObject({ name: 'Ira Vest', agreedWith: { name: 'Morgan Home' } });
    expect(row.assessmentParticipants).toEqual(participants);
    expect(row.policiesApplied).toEqual([{ policy: 'E-mail and Internet Use Policy', personResponsibleAware: 'yes' }]);
    expect(row.receipts?.map((r) => [r.from, r.reference])).toEqual([
      ['ico', 'IC-555-1234'],
      ['dspt', 'DSPT-INC-42'],
    ]);
    // An ICO receipt is its written confirmation of receipt (RCOT 6.1.2).
    expect(state.authorityAcknowledgement).toEqual({ receivedAt: at(30.5), reference: 'IC-555-1234' });
  });

  it('refuses an assessment participant from an area RCOT 6.1.1 does not name', () => {
    const parsed = decideDecisionSchema.safeParse({
      decidedBy: DPO,
      conclusion: 'authority-only',
      rationale: 'A risk to the people concerned, though not a high one.',
      assessmentParticipants: [{ name: 'Sam', role: 'Intern', area: 'marketing' }],
    });
    expect(parsed.success).toBe(false);
  });
});

describe('milestones met only by the act the policy names', () => {
  it.each(['school', 'elite-care'] as const)(
    'shows the %s initial assessment and investigation report unmet after the automatic assessment alone',
    (preset) => {
      const assessed = stateOf(reportedEvents(preset, LOW));
      const decided = stateOf([
        ...reportedEvents(preset, LOW),
        decisionEvent('decide', 5, {
          conclusion: 'no-notification',
          rationale: 'Deleted by a trusted recipient at once.',
          evidence: 'The recipient’s written confirmation.',
          ...(preset === 'elite-care' ? { police: { report: false, reason: 'A mistake, not a crime.' } } : {}),
        }),
      ]);
      const statusAt = (state: typeof assessed, hours: number) =>
        clockStatuses(state.awareAt, PRESETS[preset].clocks, new Date(at(hours)), state.milestones)
          .filter((c) => c.clockId !== 'authority')
          .map((c) => c.status);

      // The machine's assessment is recorded at 2 h: nothing is met by it.
      expect(assessed.assessment).toBeDefined();
      expect(statusAt(assessed, 3)).toEqual(['pending', 'pending']);
      expect(statusAt(assessed, 50)).toEqual(['missed', 'missed']);
      // The person's decision on the assessment (with the level, for the school) meets both, at its own time.
      expect(statusAt(decided, 50)).toEqual(['met', 'met']);
      expect(decided.milestones['initial-assessment']).toBe(at(5));
    },
  );
});
