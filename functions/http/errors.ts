import type * as z from 'zod/mini';

/**
 * Errors that know their HTTP meaning. As in middy's http-errors, each error carries its status code and whether its
 * detail may be shown to the caller; problem-json.ts is the one place that turns them into responses.
 *
 * A detail is written for the caller and may echo what the caller sent, so it is never logged.
 */

/** One problem with one field of the request, e.g. `{ path: 'occurred.from', message: 'Invalid ISO datetime' }`. */
export interface FieldError {
  path: string;
  message: string;
}

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
const problemType = (slug: string): string => `urn:breachdesk:problem:${slug}`;

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

export class ValidationError extends HttpError {
  constructor(
    readonly errors: readonly FieldError[],
    detail = 'The request has invalid fields; see errors.',
    title = 'Invalid request',
  ) {
    super(400, title, detail, { type: problemType('validation') });
  }

  static fromZodError(error: z.core.$ZodError, detail?: string, title?: string): ValidationError {
    return new ValidationError(fieldErrors(error), detail, title);
  }

  override extensions(): Record<string, unknown> {
    return { errors: this.errors };
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

/**
 * The resource does not exist for this caller. The detail is the same whether the id is malformed, unknown or
 * another organisation's, so a response never tells a caller that someone else's breach exists.
 */
export class NotFoundError extends HttpError {
  constructor() {
    super(404, 'Not found', 'No such resource exists for your organisation.', { type: problemType('not-found') });
  }
}

export class ConflictError extends HttpError {
  constructor(detail: string, statusCode = 409, title = 'Conflict', type = problemType('conflict')) {
    super(statusCode, title, detail, { type });
  }
}

/**
 * An Idempotency-Key was reused with a different body. 422, as the IETF idempotency-key draft advises: replaying the
 * request cannot succeed, the caller must pick a new key or resend the original body.
 */
export class IdempotencyMismatchError extends ConflictError {
  constructor() {
    super(
      'This Idempotency-Key was already used with a different request body. Use a new key for a new report.',
      422,
      'Idempotency-Key reused',
      problemType('idempotency-key-reused'),
    );
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

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['occurred', 'from']` → `occurred.from`; `['breachTypes', 2]` → `breachTypes[2]`; odd keys → `["a b"]`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    const key = String(segment);
    if (IDENTIFIER.test(key)) return out ? `${out}.${key}` : key;
    return `${out}[${JSON.stringify(key)}]`;
  }, '');

/**
 * One field error per problem. Unknown keys are reported each at its own path, so a caller sees which field was not
 * recorded rather than a message on the enclosing object.
 */
export const fieldErrors = (error: z.core.$ZodError): FieldError[] =>
  error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown field' }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
