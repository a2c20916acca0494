import type { DecisionStep, FieldProblem } from './decisions';
import { DomainError } from './errors';

/**
 * What taking or revising a decision refuses: plain domain errors, named for what went wrong, apart from the use cases
 * (decisions.ts, take-decision.ts) so that the one table mapping errors to problems (functions/http/problems.ts), which
 * every route carries, does not carry those use cases too.
 */

/** A decision that does not hold: every problem with its field path, so the page or API can point at it. */
export class DecisionInvalidError extends Error {
  override readonly name = 'DecisionInvalidError';
  constructor(
    readonly step: DecisionStep,
    readonly problems: FieldProblem[],
  ) {
    super(`the ${step} decision is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

/**
 * The breach is not waiting for this step: it was taken already, is not due yet, or the case is closed. The message
 * names the steps it is waiting for, so the caller knows what to do instead.
 */
export class StepNotAwaitedError extends DomainError {
  constructor(
    readonly step: DecisionStep,
    /** The steps the breach is waiting for now; empty when it waits for none (closed, or a task is running). */
    readonly awaiting: readonly DecisionStep[],
  ) {
    super(`The breach is not waiting for the '${step}' step; ${awaitingText(awaiting)}.`);
  }
}

/** The signed-in person holds none of the roles the policy gives this step to. Nothing was written. */
export class StepNotPermittedError extends DomainError {
  constructor(
    readonly step: DecisionStep,
    readonly rule: string,
  ) {
    super(`You cannot take this step. ${rule}`);
  }
}

const awaitingText = (awaiting: readonly DecisionStep[]): string =>
  awaiting.length === 0
    ? 'it is waiting for no decision now'
    : `it is waiting for ${awaiting.map((step) => `'${step}'`).join(' and ')}`;
