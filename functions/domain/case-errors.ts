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

/** The breach is closed: nobody is told anything more through it. */
export class BreachClosedError extends ConflictError {
  constructor(
    readonly breachId: string,
    message = 'The breach is closed: people can no longer be added to it.',
  ) {
    super(message);
  }
}

/** How the people affected are told was decided, and not asked again: people added now would never be told. */
export class SubjectsAlreadyDecidedError extends ConflictError {
  constructor(
    readonly breachId: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** The case is open: letters, resends and SES delivery events still need the people. */
export class BreachStillOpenError extends ConflictError {
  constructor() {
    super(
      'The breach is still open: its letters, resends of unconfirmed notices and SES delivery events still need the people affected. Their contact details can be erased once the case is closed.',
    );
  }
}

/** The file was declared but its bytes are not in the bucket yet (or the upload has not finished). */
export class AttachmentNotUploadedError extends ConflictError {
  constructor(readonly attachmentId: string) {
    super(`attachment ${attachmentId} has not been uploaded yet: PUT the file to its upload URL first`);
  }
}

/** The stored bytes are not the file declared: nothing is recorded, and the caller uploads the right file again. */
export class AttachmentMismatchError extends DomainError {
  constructor(
    readonly attachmentId: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(
      `the uploaded file is not the one declared for attachment ${attachmentId}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  }
}

/** A follow-up or acknowledgement before the initial report is recorded: there is nothing to follow up or confirm. */
export class InitialReportNotRecordedError extends ConflictError {
  constructor() {
    super(
      'No initial report to the supervisory authority is recorded for this breach yet: record it with the ' +
        'notify-authority step first.',
    );
  }
}

/** A follow-up was asked for before the initial report was recorded: there is nothing yet to follow up. */
export class InitialReportMissingError extends Error {
  override readonly name = 'InitialReportMissingError';
  constructor(readonly breachId: string) {
    super(`breach ${breachId}: no initial report to the supervisory authority is recorded yet`);
  }
}
