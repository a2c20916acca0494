import type { Art34Ground, Conclusion, RiskLevel, SeverityLevel } from './assessment';
import { CONCLUSION_LABELS } from './assessment';
import { deadlineFor, hoursLate } from './clocks';
import { decidedRisk } from './decided-risk';
import type { DecisionData } from './decisions';
import type { Clock, OrganisationPolicy, SeverityScale } from './policy';
import { type RegisterObligation, registerObligations } from './register-obligations';
import type { BreachReport, DataCategory, SubjectCategory } from './report';
import type { BreachState } from './state';

/**
 * The breach register (Art. 33(5)): one row per breach, reported or not, with the facts, effects and remedial action
 * an authority asks to see — when the organisation became aware, how severe it was, what was concluded and by whom,
 * when the authority was told (late by how much, and why), whether the people affected were told, and when the case
 * was closed. Pure: built from breach states, which the handler reads.
 *
 * For a phased authority report the row shows when the authority was first told (the milestone: lateness is judged
 * on it) and the reference and phase of the latest report.
 */

export type AuthorityStatus =
  /** Told within the authority clock. */
  | 'notified'
  /** Told after the authority clock ran out; the delay reason is shown. */
  | 'notified-late'
  /** Due, not yet told, clock still running. */
  | 'pending'
  /** Due, not yet told, clock run out. */
  | 'overdue'
  /** Decided that no report is due (the rationale says why). */
  | 'not-required'
  /** As processor the organisation tells the controller, who decides about the authority. */
  | 'controller-decides'
  /** No decision on notification yet. */
  | 'undecided';

export type SubjectsStatus = 'told' | 'not-told' | 'pending' | 'not-required' | 'undecided';

export interface RegisterPerson {
  name: string;
  role: string;
}

export interface RegisterRow {
  breachId: string;
  status: BreachState['status'];
  stage: BreachState['stage'];
  organisationRole: 'controller' | 'processor';
  awareAt: string;
  reportedAt: string;
  breachTypes: string[];
  approximateSubjects: number;
  /** Art. 33(5) "the facts relating to the personal data breach": what happened, to what data and whom, and why. */
  facts: {
    description: string;
    cause: BreachReport['cause'];
    dataCategories: DataCategory[];
    subjectCategories: SubjectCategory[];
    approximateRecords: number;
    location?: string;
  };
  /** Art. 33(5) "its effects": the likely consequences, and the risk as decided (else as recommended). */
  effects: {
    likelyConsequences?: string;
    risk?: { level: RiskLevel; source: 'decision' | 'recommendation' };
  };
  /** Art. 33(5) "the remedial action taken": containment, what was done, and the actions recommended with status. */
  remedialAction: {
    contained: boolean;
    containedAt?: string;
    measures?: string;
    actionsTaken?: string;
    rootCauses?: string[];
    lessons?: string;
    recommendations: { action: string; owner: string; dueBy?: string; status: 'done' | 'open' | 'overdue' }[];
  };
  /** The level a person decided, else the computed one; absent before the assessment. */
  severity?: SeverityLevel & { source: 'decision' | 'assessment' };
  recommendedConclusion?: Conclusion;
  conclusion?: {
    value: Conclusion;
    label: string;
    decidedBy: RegisterPerson;
    decidedAt: string;
    signedOffBy?: RegisterPerson;
    rationale: string;
    /** Why the decision departs from the recommendation. */
    departureReason?: string;
    /** The evidence for not reporting, where the policy asks for it. */
    evidence?: string;
  };
  authority: {
    status: AuthorityStatus;
    dueAt: string;
    /** When the authority was first told. */
    notifiedAt?: string;
    /** Hours after the authority clock, to one decimal; 0 when in time. Measured at `generatedAt` when overdue. */
    hoursLate?: number;
    delayReason?: string;
    reference?: string;
    channel?: DecisionData['notify-authority']['channel'];
    phase?: DecisionData['notify-authority']['phase'];
    acknowledgedAt?: string;
  };
  subjects: {
    status: SubjectsStatus;
    count?: number;
    method?: DecisionData['notify-subjects']['method'];
    notifiedAt?: string;
    throughRepresentatives?: boolean;
    exemption?: { ground: Art34Ground; explanation: string };
  };
  /** Each obligation's stages (authority or regime, deadline, sent at, met / late / open with the reasons for delay). */
  obligations: RegisterObligation[];
  /** As processor: when and how the controller was told. */
  controller?: { name: string; notifiedAt?: string; channel?: DecisionData['notify-controller']['channel'] };
  closedAt?: string;
}

export interface RegisterFilter {
  /** Awareness at or after this instant. */
  from?: string;
  /** Awareness at or before this instant. */
  to?: string;
  status?: BreachState['status'];
  /** Where the case stands now (the console's register filters on it). */
  stage?: BreachState['stage'];
  /** The risk as decided (else as recommended): the one vocabulary of severity every document uses. */
  risk?: RiskLevel;
}

export interface RegisterOptions {
  /** The organisation's current clocks, for breaches recorded before their clocks were kept on the breach. */
  clocks: readonly Clock[];
  /** Where the organisation is established and its sectors (policy.jurisdiction); absent, a UK organisation. */
  jurisdiction?: OrganisationPolicy['jurisdiction'];
  /** When the register is drawn up: what "overdue" is measured against. */
  now: Date;
  filter?: RegisterFilter;
}

/** Rows for the breaches the filter selects, oldest awareness first: a register reads in the order things happened. */
export function registerRows(states: readonly BreachState[], options: RegisterOptions): RegisterRow[] {
  const filter = options.filter ?? {};
  const from = filter.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(filter.from);
  const to = filter.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(filter.to);
  return states
    .filter((state) => {
      const aware = Date.parse(state.awareAt);
      return (
        aware >= from &&
        aware <= to &&
        (filter.status === undefined || state.status === filter.status) &&
        (filter.stage === undefined || state.stage === filter.stage) &&
        (filter.risk === undefined || decidedRisk(state)?.level === filter.risk)
      );
    })
    .sort((a, b) => Date.parse(a.awareAt) - Date.parse(b.awareAt) || a.breachId.localeCompare(b.breachId))
    .map((state) => registerRow(state, options));
}

export function registerRow(
  state: BreachState,
  options: Pick<RegisterOptions, 'clocks' | 'now' | 'jurisdiction'>,
): RegisterRow {
  const clocks = state.clocks ?? options.clocks;
  const role = state.report.organisationRole;
  const decide = state.decisions.decide;
  const severity = severityOf(state);
  const row: RegisterRow = {
    breachId: state.breachId,
    status: state.status,
    stage: state.stage,
    organisationRole: role.role,
    awareAt: state.awareAt,
    reportedAt: state.reportedAt,
    breachTypes: [...state.report.breachTypes],
    approximateSubjects: state.report.approximateSubjects,
    facts: factsOf(state.report),
    effects: effectsOf(state),
    remedialAction: remedialActionOf(state, options.now),
    ...(severity ? { severity } : {}),
    ...(state.assessment ? { recommendedConclusion: state.assessment.conclusion } : {}),
    ...(decide ? { conclusion: conclusionOf(decide) } : {}),
    authority: authorityOf(state, clocks, options.now),
    subjects: subjectsOf(state),
    obligations: registerObligations(
      state,
      options.jurisdiction ? { jurisdiction: options.jurisdiction } : {},
      options.now,
    ),
    ...(role.role === 'processor' ? { controller: controllerOf(state, role.controller.name) } : {}),
    ...(state.closedAt ? { closedAt: state.closedAt } : {}),
  };
  return row;
}

const person = (p: { name: string; role: string }): RegisterPerson => ({ name: p.name, role: p.role });

const conclusionOf = (decide: { at: string; data: DecisionData['decide'] }): NonNullable<RegisterRow['conclusion']> => {
  const d = decide.data;
  return {
    value: d.conclusion,
    label: CONCLUSION_LABELS[d.conclusion],
    decidedBy: person(d.decidedBy),
    decidedAt: decide.at,
    ...(d.signedOffBy ? { signedOffBy: person(d.signedOffBy) } : {}),
    rationale: d.rationale,
    ...(d.departureReason ? { departureReason: d.departureReason } : {}),
    ...(d.evidence ? { evidence: d.evidence } : {}),
  };
};

/**
 * The labels of a level a person chose, on the organisation's scale: the same words the assessment uses for a
 * computed level (assessment.ts), so a register does not show two names for one level.
 */
const LEVEL_LABELS: Record<SeverityScale, readonly string[]> = {
  'levels-0-4': [
    'Level 0: no loss of control',
    'Level 1: low risk',
    'Level 2: medium risk',
    'Level 3: high risk',
    'Level 4: very high risk',
  ],
  enisa: ['None', 'Low', 'Medium', 'High', 'Very high'],
};

const severityOf = (state: BreachState): RegisterRow['severity'] => {
  const computed = state.assessment?.severityLevel;
  const decided = state.decisions.decide?.data.severityLevel;
  if (decided !== undefined) {
    const scale = computed?.scale ?? 'levels-0-4';
    return { scale, level: decided, label: LEVEL_LABELS[scale][decided] ?? `Level ${decided}`, source: 'decision' };
  }
  return computed ? { ...computed, source: 'assessment' } : undefined;
};

const roundHours = (hours: number): number => Math.round(hours * 10) / 10;

const authorityOf = (state: BreachState, clocks: readonly Clock[], now: Date): RegisterRow['authority'] => {
  const clock = clocks.find((c) => c.id === 'authority');
  const dueAt = clock ? deadlineFor(state.awareAt, clock).dueAt : '';
  const report = state.decisions['notify-authority'];
  if (report) {
    const d = report.data;
    // The milestone keeps the first report of a phased notification; the decision is the latest phase.
    const notifiedAt = state.milestones.authority ?? d.submittedAt;
    const late = clock ? roundHours(hoursLate(state.awareAt, clocks, notifiedAt)) : 0;
    // Follow-up reports and acknowledgements recorded after the step are events of their own; older projections
    // lack them, and then the step's own decision is all there is.
    const latest = state.authorityReports?.at(-1) ?? { phase: d.phase, reference: d.reference };
    const acknowledgement = state.authorityAcknowledgement ?? d.acknowledgement;
    return {
      status: late > 0 ? 'notified-late' : 'notified',
      dueAt,
      notifiedAt,
      hoursLate: late,
      ...(d.delayReason ? { delayReason: d.delayReason } : {}),
      ...(latest.reference ? { reference: latest.reference } : d.reference ? { reference: d.reference } : {}),
      channel: d.channel,
      phase: latest.phase,
      ...(acknowledgement ? { acknowledgedAt: acknowledgement.receivedAt } : {}),
    };
  }
  if (state.report.organisationRole.role === 'processor') return { status: 'controller-decides', dueAt };
  if (!state.plan) return { status: 'undecided', dueAt };
  if (!state.plan.authority) return { status: 'not-required', dueAt };
  const overdueBy = clock ? roundHours(hoursLate(state.awareAt, clocks, now.toISOString())) : 0;
  return overdueBy > 0 ? { status: 'overdue', dueAt, hoursLate: overdueBy } : { status: 'pending', dueAt };
};

const subjectsOf = (state: BreachState): RegisterRow['subjects'] => {
  const told = state.decisions['notify-subjects'];
  const decidedExemption = state.decisions.decide?.data.subjectExemption;
  if (told) {
    const d = told.data;
    const exemption = d.exemption ?? decidedExemption;
    return {
      status: d.method === 'not-told' ? 'not-told' : 'told',
      ...(d.count !== undefined ? { count: d.count } : {}),
      method: d.method,
      ...(d.notifiedAt ? { notifiedAt: d.notifiedAt } : {}),
      ...(d.throughRepresentatives !== undefined ? { throughRepresentatives: d.throughRepresentatives } : {}),
      ...(exemption ? { exemption: { ground: exemption.ground, explanation: exemption.explanation } } : {}),
    };
  }
  if (!state.plan) return { status: 'undecided' };
  if (state.plan.subjects) return { status: 'pending' };
  return decidedExemption
    ? {
        status: 'not-told',
        exemption: { ground: decidedExemption.ground, explanation: decidedExemption.explanation },
      }
    : { status: 'not-required' };
};

const controllerOf = (state: BreachState, name: string): NonNullable<RegisterRow['controller']> => {
  const notice = state.decisions['notify-controller'];
  if (notice) return { name, notifiedAt: notice.data.notifiedAt, channel: notice.data.channel };
  // The notice Breachdesk mailed itself, when no person has recorded one.
  const mailed = state.controllerNotified;
  return mailed ? { name, notifiedAt: mailed.at, channel: mailed.channel } : { name };
};

const factsOf = (report: BreachReport): RegisterRow['facts'] => ({
  description: report.description,
  cause: report.cause,
  dataCategories: [...report.dataCategories],
  subjectCategories: [...report.subjectCategories],
  approximateRecords: report.approximateRecords,
  ...(report.location ? { location: report.location } : {}),
});

const effectsOf = (state: BreachState): RegisterRow['effects'] => {
  const risk = decidedRisk(state);
  return {
    ...(state.report.likelyConsequences ? { likelyConsequences: state.report.likelyConsequences } : {}),
    ...(risk ? { risk: { level: risk.level, source: risk.source } } : {}),
  };
};

const remedialActionOf = (state: BreachState, now: Date): RegisterRow['remedialAction'] => {
  const contain = state.decisions.contain?.data;
  const evaluation = state.decisions.evaluate?.data;
  // Closure records that every recommended action is complete; before it, an action past its date is overdue.
  const done = state.decisions.close?.data.recommendationsCompleted === true;
  const containedAt = contain?.containedAt ?? state.report.containment.containedAt;
  const measures = contain?.measures ?? state.report.containment.how;
  return {
    contained: contain?.contained ?? state.report.containment.contained,
    ...(containedAt ? { containedAt } : {}),
    ...(measures ? { measures } : {}),
    ...(state.report.actionsTaken ? { actionsTaken: state.report.actionsTaken } : {}),
    ...(evaluation ? { rootCauses: [...evaluation.rootCauses], lessons: evaluation.lessons } : {}),
    recommendations: (evaluation?.recommendations ?? []).map((r) => ({
      action: r.action,
      owner: r.owner,
      ...(r.dueBy ? { dueBy: r.dueBy } : {}),
      status: done ? 'done' : r.dueBy && Date.parse(r.dueBy) < now.getTime() ? 'overdue' : 'open',
    })),
  };
};
