import type { Art34Ground, Assessment, Conclusion } from './assessment';
import { alertKey } from './clocks';
import type { DecisionData, DecisionStep, NotificationPlan } from './decisions';
import {
  type ActionOwner,
  type ActionSource,
  type AttachmentFacts,
  type AuthorityOutcome,
  type BreachEvent,
  type BreachRelation,
  type EventData,
  type EventType,
  isEvent,
  type SubjectEventData,
} from './events';
import { addReach, NO_REACH, type SubjectReach } from './notice-reach';
import type { Clock, ClockId, OtherParty } from './policy';
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
  /**
   * The facts as they stand after containment and every amendment: what the contain decision achieved (contained,
   * how, recovery) replaces the report's, and each `fact-amended` replaces the fields it names. The report as first
   * received stays in the `reported` event.
   */
  report: BreachReport;
  awareAt: string;
  reportedAt: string;
  channel: 'api' | 'form';
  policyPreset: string;
  requestHash: string;
  executionArn?: string;
  /** The current execution ended without closing the case, and nobody has continued it yet. */
  workflowEnded?: { executionArn: string; status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; at: string };
  failures: { step: string; error: string; at: string }[];
  closedAt?: string;
  /** The clocks the breach runs under, as they were when it was reported. */
  clocks?: Clock[];
  assessment?: Assessment;
  /** The latest decision taken at each step, with who took it and when. */
  decisions: Partial<{ [S in DecisionStep]: { at: string; data: DecisionData[S]; via: 'link' | 'api' | 'console' } }>;
  /** Steps a person has been asked to take and has not yet taken. */
  pendingSteps: DecisionStep[];
  plan?: NotificationPlan;
  /** A reassessment reached another conclusion than the one decided; cleared by the next revision. */
  revisionRequested?: {
    at: string;
    assessmentSeq: number;
    decidedConclusion: Conclusion;
    recommendedConclusion: Conclusion;
  };
  /** Every revision of the notification decision, oldest first; each earlier decision stays in the log. */
  revisions?: DecisionRevision[];
  /**
   * Tracked actions: the evaluation's recommendations (`R1`, `R2`, … in their order), the authority's required
   * actions and what a revision asks for. Absent until the first.
   */
  actions?: TrackedAction[];
  /** The authority's side: its case reference, every exchange in and out, and its outcome. */
  authorityCase?: AuthorityCase;
  /** Parties decided after the notify step (`party-decided`): the latest for each overrides the step's entry. */
  partyDecisions?: Partial<Record<OtherParty, PartyDecision>>;
  /** The report was found not to be a personal-data breach: who, when and why (kept in the register, Art. 33(5)). */
  notABreach?: { at: string; reasons: string; decidedBy: { name: string; role: string } };
  /** The investigator who owns the case (the latest assignment), and who agreed it. */
  investigator?: { name: string; role: string; agreedWith?: { name: string; role: string }; assignedAt: string };
  /** Every recorded change of property access codes. */
  accessCodesChanged?: { changedAt: string; properties: number; how: string }[];
  /** Receipts for reports: the DSPT incident tool's and the ICO's, each with its reference and time. */
  receipts?: { from: 'dspt' | 'ico'; reference: string; receivedAt: string }[];
  /** Evidence: files declared or added (attach-evidence.ts), in the order declared. Absent until the first. */
  attachments?: AttachmentRecord[];
  /** Related breaches of the same organisation. */
  links?: { relatedBreachId: string; relation: BreachRelation; note: string; at: string }[];
  /**
   * Clock marks already alerted, so replays and retries alert once: `<clockId>:warning:<hours>@<dueAt>` /
   * `<clockId>:missed@<dueAt>` (check-mark.ts `alertKey`).
   */
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
  /** The reasons given for a stage sent after its deadline, keyed as `obligationsSent`. */
  obligationDelayReasons?: Record<string, string>;
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

/** A file of evidence: `declared` until its bytes are checked against what was declared, then `added`. */
export interface AttachmentRecord extends AttachmentFacts {
  status: 'declared' | 'added';
  declaredAt?: string;
  addedAt?: string;
  /** The `attachment-added` event whose hash chain holds the file's SHA-256. */
  addedSeq?: number;
}

/** An action someone owns, with its due date and where it stands. */
export interface TrackedAction {
  actionId: string;
  source: ActionSource;
  title: string;
  owner: ActionOwner;
  /** Absent for a recommendation recorded without a due date: it is tracked, but nobody can be reminded of it. */
  dueAt?: string;
  addedAt: string;
  status: 'open' | 'complete' | 'accepted';
  closed?: { at: string; note: string; by: { name: string; role: string } };
}

export interface AuthorityCase {
  caseReference?: string;
  exchanges: {
    exchangeId: string;
    direction: 'in' | 'out';
    channel: EventData['authority-exchange']['channel'];
    at: string;
    summary: string;
  }[];
  outcome?: { outcome: AuthorityOutcome; at: string; summary: string };
}

export interface PartyDecision {
  told: boolean;
  at?: string;
  reference?: string;
  note: string;
  decidedAt: string;
}

/** One revision of the notification decision: what it replaced, with what, why and by whom. */
export interface DecisionRevision {
  at: string;
  seq: number;
  previousConclusion: Conclusion;
  conclusion: Conclusion;
  reason: string;
  revisedBy: { name: string; role: string };
}

/** Counts of the data-subject notices, folded from the subject events. */
export interface SubjectNoticesSummary {
  /** People on the list (each upload's new ones). */
  listed: number;
  /** Rows refused across uploads. */
  rejected: number;
  sent: number;
  failed: number;
  /** How the people listed can be reached, counted (notice-reach.ts); absent when an upload did not record it. */
  reach?: SubjectReach;
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
  if (event.seq !== 1) throw new EventSequenceGapError(event.breachId, 1, event.seq);
  if (!isEvent(event, 'reported')) throw new FirstEventNotReportedError(event.breachId, event.seq, event.type);
  const { data } = event;
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
 * How one event of a type moves the state. `state` already carries the event's `version` and `lastHash`; a handler
 * returns a new state and leaves its inputs alone.
 */
type FoldHandler<T extends EventType> = (state: BreachState, event: BreachEvent<T>) => BreachState;

/** Subject events only touch the counts of the notices. */
const subjects =
  <T extends keyof SubjectEventData>(
    apply: (summary: SubjectNoticesSummary, data: EventData[T], at: string) => SubjectNoticesSummary,
  ): FoldHandler<T> =>
  (state, event) => ({
    ...state,
    subjects: apply(state.subjects ?? { listed: 0, rejected: 0, sent: 0, failed: 0 }, event.data, event.at),
  });

/**
 * Every event type and what it does to the state. A mapped type over `EventType`: an event type added to events.ts
 * without its handler here is a compile error, and no handler can read another type's data.
 */
const FOLD: { [T in EventType]: FoldHandler<T> } = {
  reported: (state, event) => {
    throw new FirstEventNotReportedError(state.breachId, event.seq, event.type);
  },
  'fact-amended': (state, { data: { changes } }) => {
    // Undefined values are dropped because storage drops them: the fold must not depend on where events came from.
    const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
    return {
      ...state,
      report: { ...state.report, ...Object.fromEntries(defined) },
      ...(changes.awareAt !== undefined ? { awareAt: changes.awareAt } : {}),
    };
  },
  'workflow-started': (state, { data }) => ({ ...state, executionArn: data.executionArn }),
  // A report as sent (authority-reports-sent.ts) is read from the log itself; the state only moves on.
  'authority-report-sent': (state) => state,
  // Only the end of the execution the breach runs under counts: an older one's late news changes nothing.
  'workflow-ended': (state, { data, at }) =>
    state.executionArn !== undefined && data.executionArn !== state.executionArn
      ? state
      : { ...state, workflowEnded: { executionArn: data.executionArn, status: data.status, at } },
  'workflow-continued': (state, { data }) => {
    const { workflowEnded: _ended, ...rest } = state;
    return { ...rest, executionArn: data.executionArn };
  },
  'step-failed': (state, { data: { step, error }, at }) => ({
    ...state,
    failures: [...state.failures, { step, error, at }],
  }),
  // The automatic assessment is a recommendation: no clock is met until a person has acted on it (decide).
  'assessment-computed': (state, { data }) => ({
    ...state,
    assessment: data.assessment,
    stage: laterStage(state.stage, 'assessed'),
  }),
  'decision-requested': (state, { data: { step } }) =>
    state.pendingSteps.includes(step) ? state : { ...state, pendingSteps: [...state.pendingSteps, step] },
  'decision-taken': applyDecision,
  'revision-requested': (state, { at, data: { assessmentSeq, decidedConclusion, recommendedConclusion } }) => ({
    ...state,
    revisionRequested: { at, assessmentSeq, decidedConclusion, recommendedConclusion },
  }),
  'decision-revised': (state, { at, seq, data }) => {
    const { revisionRequested: _answered, ...rest } = state;
    const via = state.decisions.decide?.via ?? 'api';
    return {
      ...rest,
      decisions: { ...state.decisions, decide: { at, data: data.decision, via } },
      plan: data.plan,
      revisions: [
        ...(state.revisions ?? []),
        {
          at,
          seq,
          previousConclusion: data.previousConclusion,
          conclusion: data.decision.conclusion,
          reason: data.reason,
          revisedBy: { name: data.decision.decidedBy.name, role: data.decision.decidedBy.role },
        },
      ],
    };
  },
  'deadline-warned': (state, { data: { clockId, hoursBefore, dueAt } }) => ({
    ...state,
    alerted: [...state.alerted, alertKey({ clockId, kind: 'warning', hoursBefore }, dueAt)],
  }),
  'deadline-missed': (state, { data: { clockId, dueAt } }) => ({
    ...state,
    alerted: [...state.alerted, alertKey({ clockId, kind: 'deadline' }, dueAt)],
  }),
  'mail-sent': (state, { data }) => ({ ...state, mailed: [...state.mailed, data.purpose] }),
  'authority-follow-up': (state, { data: { phase, submittedAt, reference } }) => ({
    ...state,
    authorityReports: [...(state.authorityReports ?? []), { phase, submittedAt, ...(reference ? { reference } : {}) }],
  }),
  'obligation-stage-sent': (state, { data: { key, sentAt, delayReason } }) => ({
    ...state,
    obligationsSent: { ...(state.obligationsSent ?? {}), [key]: sentAt },
    ...(delayReason ? { obligationDelayReasons: { ...(state.obligationDelayReasons ?? {}), [key]: delayReason } } : {}),
  }),
  'authority-acknowledged': (state, { data: { receivedAt, reference } }) => ({
    ...state,
    authorityAcknowledgement: { receivedAt, ...(reference ? { reference } : {}) },
  }),
  'controller-notified': (state, { data: { channel, at, messageId } }) => ({
    ...state,
    controllerNotified: { channel, at, messageId },
    // As processor, telling the controller is what the authority clock asks of us (DOMAIN.md).
    milestones: earliest(state.milestones, 'authority', at),
  }),
  'subjects-added': subjects<'subjects-added'>((summary, { added, rejected, reach }) => {
    // The counts per channel are known only while every upload recorded them.
    const known =
      reach && (summary.listed === 0 || summary.reach) ? addReach(summary.reach ?? NO_REACH, reach) : undefined;
    const { reach: _previous, ...rest } = summary;
    return {
      ...rest,
      listed: summary.listed + added,
      rejected: summary.rejected + rejected,
      ...(known ? { reach: known } : {}),
    };
  }),
  'subject-notices-sent': subjects<'subject-notices-sent'>((summary, { sent, failed, unconfirmed }) => ({
    ...summary,
    sent: summary.sent + sent,
    failed: summary.failed + failed,
    unconfirmed,
  })),
  'subject-notices-exempted': subjects<'subject-notices-exempted'>(
    (summary, { ground, explanation, publicNotice }) => ({
      ...summary,
      exemption: { ground, explanation, publicNotice },
    }),
  ),
  // The completion's counts are tallied from the people themselves: they replace the runs' running totals.
  'subject-notices-completed': subjects<'subject-notices-completed'>((summary, { sent, failed, unconfirmed }, at) => ({
    ...summary,
    sent,
    failed,
    unconfirmed,
    completedAt: at,
  })),
  // Confirmed sent: counted as sent now. Resent: back in the queue, counted by the run that sends them.
  'subject-notices-unconfirmed-resolved': subjects<'subject-notices-unconfirmed-resolved'>(
    (summary, { resolution, resolved }) => ({
      ...summary,
      ...(resolution === 'sent' ? { sent: summary.sent + resolved } : {}),
      unconfirmed: Math.max(0, (summary.unconfirmed ?? 0) - resolved),
    }),
  ),
  // The notices' counts stay: they say what was done, and name nobody. Only the list itself is gone.
  'subjects-erased': subjects<'subjects-erased'>((summary, { erased, remaining }, at) => {
    const { erasedAt: _previous, ...rest } = summary;
    return { ...rest, erased: (summary.erased ?? 0) + erased, ...(remaining === 0 ? { erasedAt: at } : {}) };
  }),
  'action-added': (state, { at, data }) => ({
    ...state,
    actions: [
      ...(state.actions ?? []).filter((action) => action.actionId !== data.actionId),
      {
        actionId: data.actionId,
        source: data.source,
        title: data.title,
        owner: data.owner,
        dueAt: data.dueAt,
        addedAt: at,
        status: 'open',
      },
    ],
  }),
  'action-closed': (state, { at, data }) => ({
    ...state,
    actions: (state.actions ?? []).map((action) =>
      action.actionId === data.actionId
        ? {
            ...action,
            status: data.outcome,
            closed: { at, note: data.note, by: { name: data.closedBy.name, role: data.closedBy.role } },
          }
        : action,
    ),
  }),
  'authority-exchange': (state, { data }) => {
    const current = state.authorityCase ?? { exchanges: [] };
    const caseReference = data.caseReference ?? current.caseReference;
    return {
      ...state,
      authorityCase: {
        ...current,
        ...(caseReference ? { caseReference } : {}),
        exchanges: [
          ...current.exchanges,
          {
            exchangeId: data.exchangeId,
            direction: data.direction,
            channel: data.channel,
            at: data.at,
            summary: data.summary,
          },
        ],
      },
    };
  },
  'authority-outcome': (state, { data }) => {
    const current = state.authorityCase ?? { exchanges: [] };
    const caseReference = data.caseReference ?? current.caseReference;
    return {
      ...state,
      authorityCase: {
        ...current,
        ...(caseReference ? { caseReference } : {}),
        outcome: { outcome: data.outcome, at: data.at, summary: data.summary },
      },
    };
  },
  'party-decided': (state, { at, data }) => ({
    ...state,
    partyDecisions: {
      ...state.partyDecisions,
      [data.party]: {
        told: data.told,
        ...(data.at ? { at: data.at } : {}),
        ...(data.reference ? { reference: data.reference } : {}),
        note: data.note,
        decidedAt: at,
      },
    },
  }),
  'breach-linked': (state, { at, data }) => ({
    ...state,
    links: [
      ...(state.links ?? []),
      { relatedBreachId: data.relatedBreachId, relation: data.relation, note: data.note, at },
    ],
  }),
  'investigator-assigned': (state, { at, data }) => ({
    ...state,
    investigator: {
      name: data.investigator.name,
      role: data.investigator.role,
      ...(data.agreedWith ? { agreedWith: { name: data.agreedWith.name, role: data.agreedWith.role } } : {}),
      assignedAt: at,
    },
  }),
  'access-codes-changed': (state, { data }) => ({
    ...state,
    accessCodesChanged: [
      ...(state.accessCodesChanged ?? []),
      { changedAt: data.changedAt, properties: data.properties, how: data.how },
    ],
  }),
  // A receipt from the ICO is its written confirmation of receipt (RCOT 6.1.2), as an acknowledgement is.
  'receipt-recorded': (state, { data }) => ({
    ...state,
    receipts: [...(state.receipts ?? []), { from: data.from, reference: data.reference, receivedAt: data.receivedAt }],
    ...(data.from === 'ico'
      ? { authorityAcknowledgement: { receivedAt: data.receivedAt, reference: data.reference } }
      : {}),
  }),
  'not-a-breach-found': (state, { at, data }) => ({
    ...state,
    notABreach: { at, reasons: data.reasons, decidedBy: { name: data.decidedBy.name, role: data.decidedBy.role } },
    pendingSteps: state.pendingSteps.filter((step) => step !== data.atStep),
  }),
  'attachment-declared': (state, { at, data }) => {
    const { uploadExpiresAt: _expires, ...facts } = data;
    const others = (state.attachments ?? []).filter((a) => a.attachmentId !== data.attachmentId);
    return { ...state, attachments: [...others, { ...facts, status: 'declared', declaredAt: at }] };
  },
  'attachment-added': (state, { at, seq, data }) => {
    const { via: _via, ...facts } = data;
    const existing = state.attachments?.find((a) => a.attachmentId === data.attachmentId);
    const record: AttachmentRecord = {
      ...facts,
      status: 'added',
      ...(existing?.declaredAt ? { declaredAt: existing.declaredAt } : {}),
      addedAt: at,
      addedSeq: seq,
    };
    return {
      ...state,
      attachments: existing
        ? (state.attachments ?? []).map((a) => (a.attachmentId === data.attachmentId ? record : a))
        : [...(state.attachments ?? []), record],
    };
  },
  closed: (state, { at }) => ({ ...state, stage: 'closed', status: 'closed', closedAt: at, pendingSteps: [] }),
};

/** Whether this build knows the event type: the log may hold types written by a newer release. */
const isKnownType = (type: string): type is EventType => Object.hasOwn(FOLD, type);

/** One event through its own handler: `FOLD[event.type]` is the handler of exactly that type. */
const foldOne = <T extends EventType>(state: BreachState, event: BreachEvent<T>): BreachState => {
  const handler: FoldHandler<T> = FOLD[event.type];
  return handler(state, event);
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
  return isKnownType(event.type) ? foldOne(next, event) : next;
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

function applyDecision(state: BreachState, event: BreachEvent<'decision-taken'>): BreachState {
  const taken = event.data;
  const next: BreachState = {
    ...state,
    decisions: { ...state.decisions, [taken.step]: { at: event.at, data: taken.decision, via: taken.via } },
    pendingSteps: state.pendingSteps.filter((s) => s !== taken.step),
    ...(taken.plan ? { plan: taken.plan } : {}),
  };
  const stage = STAGE_AFTER[taken.step];
  if (stage) next.stage = laterStage(next.stage, stage);
  const met = (clockId: ClockId, at: string) => {
    next.milestones = earliest(next.milestones, clockId, at);
  };
  // What meets each clock (DOMAIN.md), always a person's act, never the automatic assessment: the initial assessment
  // of harm (Elite Care) and the internal report with its severity (school) are the person's decision on the
  // assessment; the authority clock is met by the report to the authority, or by a decision that none is due
  // (recorded with reasons), or, as processor, by telling the controller.
  switch (taken.step) {
    case 'contain': {
      // What containment achieved is a fact the assessment must see (a recall confirmed deleted is no longer "not
      // contained, not recovered"): it replaces the report's containment and, when given, its recovery.
      const { contained, measures, containedAt, recovery } = taken.decision;
      next.report = {
        ...next.report,
        containment: { contained, how: measures, ...(containedAt ? { containedAt } : {}) },
        ...(recovery ? { recovery } : {}),
      };
      break;
    }
    case 'decide':
      met('initial-assessment', event.at);
      met('internal-report', event.at);
      if (taken.plan && !taken.plan.authority && !taken.plan.controller) met('authority', event.at);
      break;
    case 'notify-authority': {
      const report = taken.decision;
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
      break;
    }
    case 'notify-controller':
      met('authority', taken.decision.notifiedAt);
      break;
    case 'evaluate': {
      // The evaluation's recommendations become tracked actions, numbered in their order; a second evaluation
      // (a replayed step cannot make one, but a future re-evaluation could) replaces the ones still open.
      const kept = (next.actions ?? []).filter((a) => a.source !== 'recommendation' || a.status !== 'open');
      const numbered = taken.decision.recommendations.map((r, i) => ({
        actionId: `R${i + 1}`,
        source: 'recommendation' as const,
        title: r.action,
        owner: { name: r.owner, ...(r.ownerEmail ? { email: r.ownerEmail } : {}) },
        ...(r.dueBy ? { dueAt: r.dueBy } : {}),
        addedAt: event.at,
        status: 'open' as const,
      }));
      const closedIds = new Set(kept.map((a) => a.actionId));
      next.actions = [...kept, ...numbered.filter((a) => !closedIds.has(a.actionId))];
      break;
    }
    default:
      break;
  }
  return next;
}

/** Rebuilds the state from the whole log, which must start at seq 1 and be gap-free. */
export function foldEvents(events: readonly BreachEvent[]): BreachState {
  let state: BreachState | undefined;
  for (const event of events) state = applyEvent(state, event);
  if (state === undefined) throw new EmptyEventStreamError();
  return state;
}
