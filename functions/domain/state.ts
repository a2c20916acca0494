import type { BreachEvent } from './events';
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

// foldEvents / applyEvent: implemented below by the events-and-storage work.
export declare function foldEvents(events: readonly BreachEvent[]): BreachState;
