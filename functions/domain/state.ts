import type { BreachEvent, EventData } from './events';
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
  /** Sequence number of the last event folded in. */
  version: number;
  /** Hash of the last event folded in: the head of the chain. */
  lastHash: string;
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
    failures: [],
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
    default:
      return next;
  }
}

/** Rebuilds the state from the whole log, which must start at seq 1 and be gap-free. */
export function foldEvents(events: readonly BreachEvent[]): BreachState {
  let state: BreachState | undefined;
  for (const event of events) state = applyEvent(state, event);
  if (state === undefined) throw new EmptyEventStreamError();
  return state;
}
