import type { FieldProblem } from './decisions';
import { ConflictError, DomainError } from './errors';

/**
 * What a case refuses once it is open and running: plain domain errors, named for what went wrong. They carry no HTTP
 * status; functions/http/problems.ts maps each (a refused request is a 404, 409 or 422, and writes nothing).
 */

/** The request is understood but its fields do not hold: every problem with its path. */
export class CaseInputInvalidError extends DomainError {
  constructor(
    readonly what: string,
    readonly problems: FieldProblem[],
  ) {
    super(`the ${what} is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

/** A closed case is a record: it is not amended, revised or given new actions. */
export class CaseClosedError extends ConflictError {
  constructor(readonly breachId: string) {
    super(`breach ${breachId} is closed: its record can no longer change`);
  }
}

/** The case is not at a point where this can be done (e.g. revising a decision nobody has taken yet). */
export class CaseConflictError extends ConflictError {}

/** The case names no such item (an action, an exchange, an attachment). */
export class CaseItemNotFoundError extends DomainError {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`no ${kind} '${id}' in this case`);
  }
}

/** Turns zod issues into field problems: the one reader every case input uses. */
export const problemsOf = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldProblem[] =>
  issues.map((issue) => ({
    path: issue.path.reduce<string>(
      (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
      '',
    ),
    message: issue.message,
  }));
