import type { Art34Ground, Assessment } from './assessment';
import type { DecisionData, DecisionStep, NotificationPlan } from './decisions';
import type { BreachEvent, EventData } from './events';
import type { Clock, ClockId } from './policy';
import type { BreachReport } from './report';

/**
 * The breach's current state: a fold of its events. Stored as a projection (SK=STATE) for fast reads, but never the
 * source of truth: `foldEvents(events)` rebuilds it exactly.
 */

/** Where the breach stands in contain → assess → decide → notify → evaluate → close. */
export const STAGES = ['reported', 'contained', 'assessed', 'decided', 'notified', 'evaluated', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export interface BreachState {
  breachId: string;
  organisationId: string;
  stage: Stage;
  /** open until closed. */
  status: 'open' | 'closed';
  /** The facts as they stand after every amendment. */
  report: BreachReport;
  awareAt: string;
  reportedAt: string;
  channel: 'api' | 'form';
  policyPreset: string;
  requestHash: string;
  executionArn?: string;
  failures: { step: string; error: string; at: string }[];
  closedAt?: string;
  /** The clocks the breach runs under, as they were when it was reported. */
  clocks?: Clock[];
  assessment?: Assessment;
  /** The latest decision taken at each step, with who took it and when. */
  decisions: Partial<{ [S in DecisionStep]: { at: string; data: DecisionData[S]; via: 'link' | 'api' } }>;
  /** Steps a person has been asked to take and has not yet taken. */
  pendingSteps: DecisionStep[];
  plan?: NotificationPlan;
  /** Clock marks already alerted, so replays and retries alert once: `<clockId>:warning:<hours>` / `<clockId>:missed`. */
  alerted: string[];
  /** The purposes of every mail sent, so a retried or replayed task sends nothing twice. */
  mailed: string[];
  /** When each clock's milestone was met (milestones.ts decides what meets each). */
  milestones: Partial<Record<ClockId, string>>;
  /**
   * Every report to the supervisory authority, in the order made: the initial one (the notify-authority decision),
   * then each follow-up. Absent until the first is made, and in projections stored before phased reporting existed.
   */
  authorityReports?: AuthorityReportRecord[];
  /** When each stage of an obligation beyond the policy's own clocks was sent, keyed `<obligation id>/<stage id>`. */
  obligationsSent?: Record<string, string>;
  /** The authority's written confirmation of receipt (RCOT): the latest one recorded. */
  authorityAcknowledgement?: { receivedAt: string; reference?: string };
  /** When the processor's notice to the controller left, and how. */
  controllerNotified?: { channel: 'email'; at: string; messageId: string };
  /** The people affected and their notices (issue 5): counts only, the people are on their own items. */
  subjects?: SubjectNoticesSummary;
  /** Sequence number of the last event folded in. */
  version: number;
  /** Hash of the last event folded in: the head of the chain. */
  lastHash: string;
}

/** Counts of the data-subject notices, folded from the subject events. */
export interface SubjectNoticesSummary {
  /** People on the list (each upload's new ones). */
  listed: number;
  /** Rows refused across uploads. */
  rejected: number;
  sent: number;
  failed: number;
  /** The Art. 34(3) exemption relied on instead of writing to people, when one was. */
  exemption?: { ground: Art34Ground; explanation: string; publicNotice: boolean };
  completedAt?: string;
  /** Claims a crash left between "claimed" and "sent": a person checks SES before anyone is mailed again. */
  unconfirmed?: number;
  /** People whose contact details were erased after closure (`subjects-erased`), across calls. */
  erased?: number;
  /** When the erasure finished: the call that left nobody on the list. Absent while people remain. */
  erasedAt?: string;
}

/** One report made to the supervisory authority. */
export interface AuthorityReportRecord {
  phase: 'initial' | 'follow-up' | 'final';
  submittedAt: string;
  reference?: string;
}

/** The event stream cannot be folded: the log is damaged or events were passed in the wrong order. */
export class EventStreamError extends Error {
  constructor(
    message: string,
    readonly breachId: string,
    readonly seq: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'EventStreamError';
  }
}

/** An event's sequence number is not the one after the state's version. */
export class EventSequenceGapError extends EventStreamError {
  constructor(
    breachId: string,
    readonly expectedSeq: number,
    actualSeq: number,
  ) {
    super(`breach ${breachId}: expected event ${expectedSeq}, got ${actualSeq}`, breachId, actualSeq);
    this.name = 'EventSequenceGapError';
  }
}

/** A stream must open with `reported` at seq 1, and only there: the report is what every later event refers to. */
export class FirstEventNotReportedError extends EventStreamError {
  constructor(breachId: string, seq: number, type: string) {
    super(
      `breach ${breachId}: event ${seq} is '${type}', but only the first event may be (and must be) 'reported'`,
      breachId,
      seq,
    );
    this.name = 'FirstEventNotReportedError';
  }
}

/** An event of another breach was applied: folding it would mix two case files. */
export class ForeignEventError extends EventStreamError {
  constructor(breachId: string, event: Pick<BreachEvent, 'breachId' | 'seq'>) {
    super(`breach ${breachId}: event ${event.seq} belongs to breach ${event.breachId}`, breachId, event.seq);
    this.name = 'ForeignEventError';
  }
}

/** Thrown by foldEvents([]): there is no breach without its first event. */
export class EmptyEventStreamError extends Error {
  constructor() {
    super('cannot fold an empty event stream');
    this.name = 'EmptyEventStreamError';
  }
}

const start = (event: BreachEvent): BreachState => {
  if (event.type !== 'reported' || event.seq !== 1) {
    if (event.seq !== 1) throw new EventSequenceGapError(event.breachId, 1, event.seq);
    throw new FirstEventNotReportedError(event.breachId, event.seq, event.type);
  }
  const data = event.data as EventData['reported'];
  return {
    breachId: event.breachId,
    organisationId: event.organisationId,
    stage: 'reported',
    status: 'open',
    report: data.report,
    awareAt: data.report.awareAt,
    reportedAt: event.at,
    channel: data.channel,
    policyPreset: data.policyPreset,
    requestHash: data.requestHash,
    ...(data.clocks ? { clocks: data.clocks } : {}),
    failures: [],
    decisions: {},
    pendingSteps: [],
    alerted: [],
    mailed: [],
    milestones: {},
    version: event.seq,
    lastHash: event.hash,
  };
};

/**
 * Folds one event into the state. Pure: returns a new state and leaves its inputs alone.
 *
 * Event types this version does not know are skipped (only `version` and `lastHash` move on), so an older reader
 * — a Lambda not yet redeployed, an auditor's tool — still folds a log that newer code has written to.
 */
export function applyEvent(state: BreachState | undefined, event: BreachEvent): BreachState {
  if (state === undefined) return start(event);
  if (event.breachId !== state.breachId) throw new ForeignEventError(state.breachId, event);
  if (event.seq !== state.version + 1) throw new EventSequenceGapError(state.breachId, state.version + 1, event.seq);
  const next: BreachState = { ...state, version: event.seq, lastHash: event.hash };
  // A string switch rather than a narrowed union: the log may hold types this build has never heard of.
  const type: string = event.type;
  switch (type) {
    case 'reported':
      throw new FirstEventNotReportedError(state.breachId, event.seq, type);
    case 'fact-amended': {
      const { changes } = event.data as EventData['fact-amended'];
      // Undefined values are dropped because storage drops them: the fold must not depend on where events came from.
      const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
      next.report = { ...state.report, ...Object.fromEntries(defined) };
      if (changes.awareAt !== undefined) next.awareAt = changes.awareAt;
      return next;
    }
    case 'workflow-started':
      next.executionArn = (event.data as EventData['workflow-started']).executionArn;
      return next;
    case 'step-failed': {
      const { step, error } = event.data as EventData['step-failed'];
      next.failures = [...state.failures, { step, error, at: event.at }];
      return next;
    }
    case 'assessment-computed': {
      next.assessment = (event.data as EventData['assessment-computed']).assessment;
      next.stage = laterStage(state.stage, 'assessed');
      next.milestones = {
        ...state.milestones,
        'initial-assessment': state.milestones['initial-assessment'] ?? event.at,
      };
      return next;
    }
    case 'decision-requested': {
      const { step } = event.data as EventData['decision-requested'];
      if (!state.pendingSteps.includes(step)) next.pendingSteps = [...state.pendingSteps, step];
      return next;
    }
    case 'decision-taken':
      return applyDecision(next, event as BreachEvent<'decision-taken'>);
    case 'deadline-warned': {
      const { clockId, hoursBefore } = event.data as EventData['deadline-warned'];
      next.alerted = [...state.alerted, `${clockId}:warning:${hoursBefore}`];
      return next;
    }
    case 'deadline-missed': {
      const { clockId } = event.data as EventData['deadline-missed'];
      next.alerted = [...state.alerted, `${clockId}:missed`];
      return next;
    }
    case 'mail-sent':
      next.mailed = [...state.mailed, (event.data as EventData['mail-sent']).purpose];
      return next;
    case 'authority-follow-up': {
      const { phase, submittedAt, reference } = event.data as EventData['authority-follow-up'];
      next.authorityReports = [
        ...(state.authorityReports ?? []),
        { phase, submittedAt, ...(reference ? { reference } : {}) },
      ];
      return next;
    }
    case 'obligation-stage-sent': {
      const { key, sentAt } = event.data as EventData['obligation-stage-sent'];
      next.obligationsSent = { ...(state.obligationsSent ?? {}), [key]: sentAt };
      return next;
    }
    case 'authority-acknowledged': {
      const { receivedAt, reference } = event.data as EventData['authority-acknowledged'];
      next.authorityAcknowledgement = { receivedAt, ...(reference ? { reference } : {}) };
      return next;
    }
    case 'controller-notified': {
      const { channel, at, messageId } = event.data as EventData['controller-notified'];
      next.controllerNotified = { channel, at, messageId };
      // As processor, telling the controller is what the authority clock asks of us (DOMAIN.md).
      next.milestones = earliest(next.milestones, 'authority', at);
      return next;
    }
    case 'subjects-added':
    case 'subject-notices-sent':
    case 'subject-notices-exempted':
    case 'subject-notices-completed':
    case 'subject-notices-unconfirmed-resolved':
    case 'subjects-erased':
      next.subjects = applySubjectEvent(state.subjects, event);
      return next;
    case 'closed':
      next.stage = 'closed';
      next.status = 'closed';
      next.closedAt = event.at;
      next.pendingSteps = [];
      return next;
    default:
      return next;
  }
}

function applySubjectEvent(current: SubjectNoticesSummary | undefined, event: BreachEvent): SubjectNoticesSummary {
  const summary: SubjectNoticesSummary = current ? { ...current } : { listed: 0, rejected: 0, sent: 0, failed: 0 };
  switch (event.type) {
    case 'subjects-added': {
      const { added, rejected } = event.data as EventData['subjects-added'];
      return { ...summary, listed: summary.listed + added, rejected: summary.rejected + rejected };
    }
    case 'subject-notices-sent': {
      const { sent, failed, unconfirmed } = event.data as EventData['subject-notices-sent'];
      return { ...summary, sent: summary.sent + sent, failed: summary.failed + failed, unconfirmed };
    }
    case 'subject-notices-exempted': {
      const { ground, explanation, publicNotice } = event.data as EventData['subject-notices-exempted'];
      return { ...summary, exemption: { ground, explanation, publicNotice } };
    }
    case 'subject-notices-unconfirmed-resolved': {
      // Confirmed sent: counted as sent now. Resent: back in the queue, counted by the run that sends them.
      const { resolution, resolved } = event.data as EventData['subject-notices-unconfirmed-resolved'];
      return {
        ...summary,
        ...(resolution === 'sent' ? { sent: summary.sent + resolved } : {}),
        unconfirmed: Math.max(0, (summary.unconfirmed ?? 0) - resolved),
      };
    }
    case 'subjects-erased': {
      // The notices' counts stay: they say what was done, and name nobody. Only the list itself is gone.
      const { erased, remaining } = event.data as EventData['subjects-erased'];
      const { erasedAt: _previous, ...rest } = summary;
      return { ...rest, erased: (summary.erased ?? 0) + erased, ...(remaining === 0 ? { erasedAt: event.at } : {}) };
    }
    default: {
      // The completion's counts are tallied from the people themselves: they replace the runs' running totals.
      const { sent, failed, unconfirmed } = event.data as EventData['subject-notices-completed'];
      return { ...summary, sent, failed, unconfirmed, completedAt: event.at };
    }
  }
}

/**
 * A milestone is met when it was first met: a phone call to the controller recorded after the e-mailed notice, but
 * made before it, moves the milestone back to the call.
 */
const earliest = (milestones: BreachState['milestones'], clockId: ClockId, at: string): BreachState['milestones'] => {
  const current = milestones[clockId];
  return current === undefined || Date.parse(at) < Date.parse(current) ? { ...milestones, [clockId]: at } : milestones;
};

/** Stages only move forward: a follow-up authority report after evaluation does not send the case back. */
const laterStage = (current: Stage, candidate: Stage): Stage =>
  STAGES.indexOf(candidate) > STAGES.indexOf(current) ? candidate : current;

const STAGE_AFTER: Partial<Record<DecisionStep, Stage>> = {
  contain: 'contained',
  decide: 'decided',
  'notify-authority': 'notified',
  'notify-subjects': 'notified',
  'notify-controller': 'notified',
  'notify-other-parties': 'notified',
  evaluate: 'evaluated',
};

function applyDecision(next: BreachState, event: BreachEvent<'decision-taken'>): BreachState {
  const { step, decision, via, plan } = event.data;
  next.decisions = { ...next.decisions, [step]: { at: event.at, data: decision, via } };
  next.pendingSteps = next.pendingSteps.filter((s) => s !== step);
  const stage = STAGE_AFTER[step];
  if (stage) next.stage = laterStage(next.stage, stage);
  if (plan) next.plan = plan;
  const met = (clockId: ClockId, at: string) => {
    next.milestones = earliest(next.milestones, clockId, at);
  };
  // What meets each clock (DOMAIN.md): the internal report with its severity is the decision on notification; the
  // authority clock is met by the report to the authority, or by a decision that none is due (recorded with reasons),
  // or, as processor, by telling the controller.
  if (step === 'decide') {
    met('internal-report', event.at);
    if (plan && !plan.authority && !plan.controller) met('authority', event.at);
  }
  if (step === 'notify-authority') {
    const report = decision as DecisionData['notify-authority'];
    met('authority', report.submittedAt);
    // The lifecycle's notify-authority step records the initial report (a step is decided once); follow-ups come
    // as their own events, and only after it.
    next.authorityReports = [
      {
        phase: report.phase,
        submittedAt: report.submittedAt,
        ...(report.reference ? { reference: report.reference } : {}),
      },
      ...(next.authorityReports ?? []),
    ];
    if (report.acknowledgement) next.authorityAcknowledgement = report.acknowledgement;
  }
  if (step === 'notify-controller') met('authority', (decision as DecisionData['notify-controller']).notifiedAt);
  return next;
}

/** Rebuilds the state from the whole log, which must start at seq 1 and be gap-free. */
export function foldEvents(events: readonly BreachEvent[]): BreachState {
  let state: BreachState | undefined;
  for (const event of events) state = applyEvent(state, event);
  if (state === undefined) throw new EmptyEventStreamError();
  return state;
}
