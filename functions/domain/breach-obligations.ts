import type { Assessment, Conclusion } from './assessment';
import type { Deadline, Mark, MarkId } from './clocks';
import { UK_ONLY } from './jurisdiction-facts';
import { type Findings, type Obligation, type PlannedStage, planObligations } from './obligations';
import type { OrganisationPolicy } from './policy';
import type { BreachReport } from './report';
import type { BreachState } from './state';

/**
 * One breach's obligations, from its record: the organisation's establishments and sectors (policy), where the people
 * live and the incident's classification (report), and what was assessed and decided. The breach's deadlines are the
 * union of its obligations' marks; the policy's own clocks stay as they were, so a UK organisation with people only in
 * the UK runs exactly the three clocks it always ran.
 */

export interface ObligationCase {
  awareAt: string;
  report: Pick<BreachReport, 'peopleIn' | 'incident'>;
  assessment?: Pick<Assessment, 'notifyAuthority' | 'subjectsLegallyRequired'>;
  /** The conclusion a person decided, which overrides the recommendation. */
  conclusion?: Conclusion;
  /** When each stage was sent, keyed `<obligation id>/<stage id>`. */
  sent?: Readonly<Record<string, string>>;
}

export function breachObligations(c: ObligationCase, policy: Pick<OrganisationPolicy, 'jurisdiction'>): Obligation[] {
  const jurisdiction = policy.jurisdiction ?? UK_ONLY;
  const findings: Findings = {
    ...(c.conclusion
      ? { risk: c.conclusion !== 'no-notification', highRisk: c.conclusion === 'authority-and-subjects' }
      : c.assessment
        ? { risk: c.assessment.notifyAuthority, highRisk: c.assessment.subjectsLegallyRequired }
        : {}),
    ...(c.report.incident?.nis2Significant !== undefined
      ? { significantIncident: c.report.incident.nis2Significant }
      : {}),
    ...(c.report.incident?.doraMajor !== undefined ? { majorIncident: c.report.incident.doraMajor } : {}),
  };
  return planObligations(
    {
      establishments: jurisdiction.establishments,
      // Without the fact, the people are where the organisation is: the first edition's assumption.
      peopleIn: c.report.peopleIn ?? jurisdiction.establishments.map((place) => ({ place })),
      sectors: jurisdiction.sectors,
    },
    findings,
    {
      awareAt: c.awareAt,
      ...(c.report.incident?.classifiedAt ? { classifiedAt: c.report.incident.classifiedAt } : {}),
      ...(c.sent ? { submitted: c.sent } : {}),
    },
  );
}

/**
 * The obligation the policy's own 'authority' clock already stands for: the data protection authority of the main
 * establishment (the ICO for every preset). Its marks are the authority clock's, so they are not scheduled twice.
 */
export function primaryObligation(
  obligations: readonly Obligation[],
  policy: Pick<OrganisationPolicy, 'jurisdiction'>,
): Obligation | undefined {
  const main = (policy.jurisdiction ?? UK_ONLY).establishments[0]?.slice(0, 2);
  return obligations.find(
    (o) =>
      o.recipient === 'authority' && o.authority?.kind === 'data-protection' && o.authority.place.slice(0, 2) === main,
  );
}

/** Every stage of every other authority obligation, as marks for the Clock branch: warnings, then the mark itself. */
export function obligationMarks(obligations: readonly Obligation[], primaryId: string | undefined): Mark[] {
  const marks: Mark[] = [];
  for (const obligation of obligations) {
    if (obligation.recipient !== 'authority' || obligation.id === primaryId) continue;
    for (const stage of obligation.stages) {
      const deadline = stageDeadline(obligation, stage);
      for (const warning of deadline.warnings) {
        marks.push({
          at: warning.at,
          clockId: stage.key,
          kind: 'warning',
          hoursBefore: warning.hoursBefore,
          dueAt: stage.dueAt,
        });
      }
      marks.push({ at: stage.dueAt, clockId: stage.key, kind: 'deadline', dueAt: stage.dueAt });
    }
  }
  return marks;
}

/** A stage as the clocks' Deadline, labelled with the authority so three authorities' alerts read apart. */
export function stageDeadline(obligation: Obligation, stage: PlannedStage): Deadline<MarkId> {
  const dueMs = Date.parse(stage.dueAt);
  const to = obligation.authority?.name ?? obligation.toConfirm ?? obligation.law;
  return {
    clockId: stage.key,
    label: `${stage.label} (${obligation.law}) to ${to}`,
    dueAt: stage.dueAt,
    warnings: [...new Set(stage.warnBeforeHours)]
      .sort((a, b) => b - a)
      .map((h) => ({ at: new Date(dueMs - h * 3_600_000).toISOString(), hoursBefore: h })),
  };
}

/** Finds the obligation and stage a mark's key names, in a freshly computed plan. */
export function findStage(
  obligations: readonly Obligation[],
  key: string,
): { obligation: Obligation; stage: PlannedStage } | undefined {
  for (const obligation of obligations) {
    const stage = obligation.stages.find((s) => s.key === key);
    if (stage) return { obligation, stage };
  }
  return undefined;
}

/** Each obligation with each stage's due time and whether it was met, for the register and exports. */
export function obligationStatus(
  obligations: readonly Obligation[],
  sent: Readonly<Record<string, string>>,
  now: Date,
): {
  id: string;
  law: string;
  authority?: string;
  stages: { key: string; dueAt: string; status: 'met' | 'met-late' | 'pending' | 'missed'; sentAt?: string }[];
}[] {
  return obligations.map((o) => ({
    id: o.id,
    law: o.law,
    ...(o.authority ? { authority: o.authority.name } : {}),
    stages: o.stages.map((s) => {
      const sentAt = sent[s.key];
      const due = Date.parse(s.dueAt);
      const status = sentAt
        ? Date.parse(sentAt) <= due
          ? ('met' as const)
          : ('met-late' as const)
        : now.getTime() > due
          ? ('missed' as const)
          : ('pending' as const);
      return { key: s.key, dueAt: s.dueAt, status, ...(sentAt ? { sentAt } : {}) };
    }),
  }));
}

/** The facts of a breach's record that decide its obligations. */
export const obligationCaseOf = (
  state: Pick<BreachState, 'awareAt' | 'report' | 'assessment' | 'decisions' | 'obligationsSent'>,
): ObligationCase => ({
  awareAt: state.awareAt,
  report: state.report,
  ...(state.assessment ? { assessment: state.assessment } : {}),
  ...(state.decisions.decide ? { conclusion: state.decisions.decide.data.conclusion } : {}),
  ...(state.obligationsSent ? { sent: state.obligationsSent } : {}),
});

/**
 * Each obligation of the breach and whether each stage was met, for the API, the register and exports. The obligation
 * the policy's authority clock stands for is met when that clock is (the authority notified, or the controller told).
 */
export function breachObligationStatus(
  state: Pick<BreachState, 'awareAt' | 'report' | 'assessment' | 'decisions' | 'obligationsSent' | 'milestones'>,
  policy: Pick<OrganisationPolicy, 'jurisdiction'>,
  now: Date,
): ReturnType<typeof obligationStatus> {
  const obligations = breachObligations(obligationCaseOf(state), policy);
  const primaryStage = primaryObligation(obligations, policy)?.stages[0]?.key;
  const sent = {
    ...(state.obligationsSent ?? {}),
    ...(primaryStage && state.milestones.authority ? { [primaryStage]: state.milestones.authority } : {}),
  };
  return obligationStatus(obligations, sent, now);
}
