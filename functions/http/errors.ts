import type * as z from 'zod/mini';
import type { FieldError } from '../domain/errors';
import { fieldErrors } from '../domain/field-errors';

/**
 * Errors of HTTP itself (a body, a header, a query string, credentials), which only handlers and middlewares throw.
 * As in middy's http-errors, each carries its status code and whether its detail may be shown to the caller. The
 * domain's errors know nothing of HTTP: problems.ts maps them. problem-json.ts turns both into responses.
 *
 * A detail is written for the caller and may echo what the caller sent, so it is never logged.
 */

export interface HttpErrorOptions {
  /** A URI naming the kind of problem (RFC 9457 `type`). */
  type?: string;
  /** Whether `detail` may be shown to the caller; defaults to true below 500. */
  expose?: boolean;
  /** Extra response headers, e.g. `WWW-Authenticate` on 401. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** Problem types are URNs: stable names that need no hosted documentation to stay valid. */
export const problemType = (slug: string): string => `urn:breachdesk:problem:${slug}`;

export class HttpError extends Error {
  readonly type: string;
  readonly expose: boolean;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly statusCode: number,
    readonly title: string,
    detail: string,
    options: HttpErrorOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.type = options.type ?? 'about:blank';
    this.expose = options.expose ?? statusCode < 500;
    this.headers = options.headers ?? {};
  }

  get detail(): string {
    return this.message;
  }

  /** Members added to the problem document beside type, title, status, detail and instance. */
  extensions(): Record<string, unknown> {
    return {};
  }
}

/**
 * A part of the request that only HTTP sees (the query string, a CSV upload's header line) does not hold: one error per
 * field, as the domain's ValidationError lists them.
 */
export class RequestFieldsError extends HttpError {
  constructor(
    readonly errors: readonly FieldError[],
    detail: string,
    title: string,
  ) {
    super(400, title, detail, { type: problemType('validation') });
  }

  override extensions(): Record<string, unknown> {
    return { errors: this.errors };
  }
}

export class InvalidQueryError extends RequestFieldsError {
  constructor(errors: readonly FieldError[]) {
    super(errors, 'The query has invalid parameters; see errors.', 'Invalid query');
  }

  static fromZodError(error: z.core.$ZodError): InvalidQueryError {
    return new InvalidQueryError(fieldErrors(error));
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(readonly limitBytes: number) {
    super(413, 'Payload too large', `The request body must not exceed ${limitBytes} bytes.`, {
      type: problemType('payload-too-large'),
    });
  }

  override extensions(): Record<string, unknown> {
    return { limitBytes: this.limitBytes };
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(detail: string) {
    super(415, 'Unsupported media type', detail, {
      type: problemType('unsupported-media-type'),
      headers: { 'accept-post': 'application/json' },
    });
  }
}

export class MalformedJsonError extends HttpError {
  constructor(
    detail: string,
    /** Zero-based offset (in UTF-16 code units) of the first character that is not valid JSON. */
    readonly position: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(400, 'Malformed JSON', detail, { type: problemType('malformed-json') });
  }

  override extensions(): Record<string, unknown> {
    return { position: this.position, line: this.line, column: this.column };
  }
}

/** A required header is absent, or present but not in the form the API accepts. */
export class InvalidHeaderError extends HttpError {
  constructor(
    readonly header: string,
    detail: string,
  ) {
    super(400, 'Invalid header', detail, { type: problemType('invalid-header') });
  }

  override extensions(): Record<string, unknown> {
    return { errors: [{ path: `headers.${this.header}`, message: this.message }] satisfies FieldError[] };
  }
}

export class MissingHeaderError extends InvalidHeaderError {
  constructor(header: string) {
    super(header, `The ${header} header is required.`);
  }
}

export class UnauthorisedError extends HttpError {
  constructor(detail = 'Valid credentials are required.') {
    super(401, 'Unauthorised', detail, {
      type: problemType('unauthorised'),
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
}
