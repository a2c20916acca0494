import {
  AttachmentMismatchError,
  AttachmentNotUploadedError,
  BreachClosedError,
  BreachStillOpenError,
  CaseClosedError,
  CaseInputInvalidError,
  CaseItemNotFoundError,
  InitialReportMissingError,
  InitialReportNotRecordedError,
  SubjectsAlreadyDecidedError,
} from '../domain/case-errors';
import { DecisionInvalidError, StepNotAwaitedError, StepNotPermittedError } from '../domain/decision-errors';
import { ConflictError, IdempotencyMismatchError, NotFoundError, ValidationError } from '../domain/errors';
import { OrganisationMissingError } from '../domain/load-case';
import {
  ClaimsInFlightError,
  NothingUnconfirmedError,
  NoticesBlockedError,
  NotToldByEmailError,
} from '../domain/unconfirmed-notice-errors';
import { HttpError, problemType } from './errors';

/**
 * What each domain error means to an API caller: the one table from the domain's errors to RFC 9457 problems. The
 * domain says what went wrong (its message is the detail, written for the caller); this table adds the status, the
 * title and the problem type, and the members a client can act on. The first row whose class the error is an instance
 * of wins, so a subclass comes before its base. An error in no row is a 500 (problem-json.ts).
 */

type ErrorClass<E> = abstract new (...args: never[]) => E;

interface ProblemRow<E extends Error> {
  error: ErrorClass<E>;
  status: number;
  title: string;
  /** The problem type's last part: `urn:breachdesk:problem:<slug>`. */
  slug: string;
  /** @default the error's message */
  detail?: (error: E) => string;
  extensions?: (error: E) => Record<string, unknown>;
  headers?: Record<string, string>;
}

const row = <E extends Error>(entry: ProblemRow<E>): ProblemRow<Error> => entry as unknown as ProblemRow<Error>;

export const DOMAIN_PROBLEMS: readonly ProblemRow<Error>[] = [
  row({
    error: ValidationError,
    status: 400,
    title: 'Invalid request',
    slug: 'validation',
    extensions: (error) => ({ errors: error.errors }),
  }),
  row({ error: NotFoundError, status: 404, title: 'Not found', slug: 'not-found' }),
  row({
    error: OrganisationMissingError,
    status: 401,
    title: 'Unauthorised',
    slug: 'unauthorised',
    // The organisation was deleted after its key was checked: the key is no longer good for anything.
    detail: () => 'Valid credentials are required.',
    headers: { 'www-authenticate': 'Bearer' },
  }),
  row({
    error: IdempotencyMismatchError,
    status: 422,
    title: 'Idempotency-Key reused',
    slug: 'idempotency-key-reused',
  }),
  row({
    error: DecisionInvalidError,
    status: 422,
    title: 'Invalid decision',
    slug: 'invalid-decision',
    detail: (error) => `The ${error.step} decision is not valid; see errors.`,
    extensions: (error) => ({ step: error.step, errors: error.problems }),
  }),
  row({
    error: StepNotAwaitedError,
    status: 409,
    title: 'Step not awaited',
    slug: 'step-not-awaited',
    extensions: (error) => ({ step: error.step, awaiting: error.awaiting }),
  }),
  row({
    error: StepNotPermittedError,
    status: 403,
    title: 'Not permitted',
    slug: 'step-not-permitted',
    extensions: (error) => ({ step: error.step }),
  }),
  row({
    error: InitialReportNotRecordedError,
    status: 409,
    title: 'Initial report not recorded',
    slug: 'initial-report-not-recorded',
  }),
  row({
    error: InitialReportMissingError,
    status: 409,
    title: 'Initial report not recorded',
    slug: 'initial-report-not-recorded',
    detail: () =>
      'A follow-up report needs the initial report to the authority recorded first: record it with the ' +
      'notify-authority step.',
  }),
  row({ error: NothingUnconfirmedError, status: 409, title: 'Nothing unconfirmed', slug: 'nothing-unconfirmed' }),
  row({
    error: ClaimsInFlightError,
    status: 409,
    title: 'Notices still being sent',
    slug: 'notices-in-flight',
    extensions: (error) => ({ claimed: error.claimed, settlesAt: error.settlesAt }),
  }),
  row({ error: NotToldByEmailError, status: 409, title: 'Not told by e-mail', slug: 'not-told-by-email' }),
  row({ error: NoticesBlockedError, status: 503, title: 'SES is not sending', slug: 'notices-blocked' }),
  row({ error: BreachStillOpenError, status: 409, title: 'Breach still open', slug: 'breach-open' }),
  row({ error: BreachClosedError, status: 409, title: 'Breach closed', slug: 'breach-closed' }),
  row({
    error: SubjectsAlreadyDecidedError,
    status: 409,
    title: 'How the people affected are told is already decided',
    slug: 'subjects-decided',
  }),
  row({
    error: CaseInputInvalidError,
    status: 422,
    title: 'Invalid request',
    slug: 'invalid-case-input',
    extensions: (error) => ({ errors: error.problems }),
  }),
  row({
    error: AttachmentMismatchError,
    status: 422,
    title: 'Uploaded file differs from the declaration',
    slug: 'attachment-mismatch',
    extensions: (error) => ({ attachmentId: error.attachmentId, errors: error.problems }),
  }),
  row({
    error: AttachmentNotUploadedError,
    status: 409,
    title: 'Attachment not uploaded',
    slug: 'attachment-not-uploaded',
    extensions: (error) => ({ attachmentId: error.attachmentId }),
  }),
  row({ error: CaseItemNotFoundError, status: 404, title: 'Not found', slug: 'not-found' }),
  row({ error: CaseClosedError, status: 409, title: 'Case closed', slug: 'case-closed' }),
  row({ error: ConflictError, status: 409, title: 'Conflict', slug: 'conflict' }),
];

/** A domain error as the HTTP error its row makes it. */
class DomainProblem extends HttpError {
  constructor(
    entry: ProblemRow<Error>,
    error: Error,
    private readonly members: Record<string, unknown>,
  ) {
    super(entry.status, entry.title, entry.detail?.(error) ?? error.message, {
      type: problemType(entry.slug),
      ...(entry.headers ? { headers: entry.headers } : {}),
      cause: error,
    });
  }

  override extensions(): Record<string, unknown> {
    return this.members;
  }
}

/** The HTTP error an error stands for: itself if it is one, its row's if it is a domain error, else undefined. */
export const httpErrorOf = (error: unknown): HttpError | undefined => {
  if (error instanceof HttpError) return error;
  if (!(error instanceof Error)) return undefined;
  const entry = DOMAIN_PROBLEMS.find((candidate) => error instanceof candidate.error);
  return entry && new DomainProblem(entry, error, entry.extensions?.(error) ?? {});
};
