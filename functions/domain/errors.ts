import type * as z from 'zod/mini';
import { fieldErrors } from './field-errors';

/**
 * The domain's general errors: what went wrong, in the domain's words, with a message written for whoever made the
 * request (it may echo what they sent, so it is never logged). They know nothing of HTTP: functions/http/problems.ts
 * is the one table that turns each into a problem+json response, functions/http/html-error-pages.ts the one
 * middleware that turns them into pages. The errors of a case's changes and of decisions, which that table maps too,
 * live in case-errors.ts and decision-errors.ts rather than beside their use cases: every route carries the table,
 * and so carries whatever module an error it maps is declared in.
 */

/** One problem with one field of the input, e.g. `{ path: 'occurred.from', message: 'occurred.from is required' }`. */
export interface FieldError {
  path: string;
  message: string;
}

/** Errors whose `name` is their class's name, so a log line (which carries classes, never messages) says which. */
export class DomainError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The input does not hold: one error per field, every problem at once. Nothing was written. */
export class ValidationError extends DomainError {
  constructor(
    readonly errors: readonly FieldError[],
    message = 'The request has invalid fields; see errors.',
  ) {
    super(message);
  }

  static fromZodError(error: z.core.$ZodError, message?: string): ValidationError {
    return new ValidationError(fieldErrors(error), message);
  }
}

/**
 * The thing asked for does not exist for this caller. The message is the same whether the id is malformed, unknown or
 * another organisation's, so an answer never tells a caller that someone else's breach exists.
 */
export class NotFoundError extends DomainError {
  constructor() {
    super('No such resource exists for your organisation.');
  }
}

/** The request is understood and well formed, but the breach is not in a state that allows it now. */
export class ConflictError extends DomainError {}

/**
 * An idempotency key was reused with a different request: replaying it cannot succeed, the caller must pick a new key
 * or resend the original request.
 */
export class IdempotencyMismatchError extends DomainError {
  constructor() {
    super('This Idempotency-Key was already used with a different request body. Use a new key for a new report.');
  }
}
