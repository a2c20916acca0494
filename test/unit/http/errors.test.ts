import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  ConflictError,
  fieldErrors,
  formatPath,
  HttpError,
  IdempotencyMismatchError,
  InvalidHeaderError,
  MalformedJsonError,
  MissingHeaderError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorisedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../functions/http/errors';

describe('formatPath', () => {
  it('joins keys with dots and indices with brackets', () => {
    expect(formatPath(['occurred', 'from'])).toBe('occurred.from');
    expect(formatPath(['breachTypes', 2])).toBe('breachTypes[2]');
    expect(formatPath(['escalation', 0, 'email'])).toBe('escalation[0].email');
  });

  it('quotes keys that are not identifiers', () => {
    expect(formatPath(['a b', 'c'])).toBe('["a b"].c');
    expect(formatPath(['x', 'we"ird'])).toBe('x["we\\"ird"]');
  });

  it('gives the empty string for the body itself', () => {
    expect(formatPath([])).toBe('');
  });
});

describe('fieldErrors', () => {
  const schema = z.strictObject({
    occurred: z.strictObject({ from: z.iso.datetime() }),
    items: z.array(z.enum(['a', 'b'])),
  });

  it('reports each problem at its exact path', () => {
    // Prepare
    const result = schema.safeParse({ occurred: { from: 'yesterday' }, items: ['a', 'c'] });

    // Act
    const errors = result.success ? [] : fieldErrors(result.error);

    // Assess
    expect(errors.map((e) => e.path)).toEqual(['occurred.from', 'items[1]']);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('reports every unknown key at its own path', () => {
    const result = schema.safeParse({ occurred: { from: '2025-01-01T00:00:00Z', to: 1 }, items: [], extra: true });

    const errors = result.success ? [] : fieldErrors(result.error);

    expect(errors).toEqual([
      { path: 'occurred.to', message: 'unknown field' },
      { path: 'extra', message: 'unknown field' },
    ]);
  });
});

describe('HttpError classes', () => {
  it.each([
    [new ValidationError([]), 400],
    [new PayloadTooLargeError(10), 413],
    [new UnsupportedMediaTypeError('no'), 415],
    [new MalformedJsonError('bad', 3, 1, 4), 400],
    [new MissingHeaderError('Idempotency-Key'), 400],
    [new InvalidHeaderError('Idempotency-Key', 'bad'), 400],
    [new NotFoundError(), 404],
    [new ConflictError('taken'), 409],
    [new IdempotencyMismatchError(), 422],
    [new UnauthorisedError(), 401],
  ])('%s has status %i and is exposed to the caller', (error, status) => {
    expect(error).toBeInstanceOf(HttpError);
    expect(error.statusCode).toBe(status);
    expect(error.expose).toBe(true);
    expect(error.name).toBe(error.constructor.name);
  });

  it('hides the detail of a server error by default and keeps its cause', () => {
    const cause = new Error('inner');
    const error = new HttpError(503, 'Unavailable', 'table throttled', { cause });
    expect(error.expose).toBe(false);
    expect(error.cause).toBe(cause);
  });

  it('names the header in a header error', () => {
    const error = new MissingHeaderError('Idempotency-Key');
    expect(error.detail).toContain('Idempotency-Key');
    expect(error.extensions()).toEqual({ errors: [{ path: 'headers.Idempotency-Key', message: error.detail }] });
  });

  it('treats an idempotency mismatch as a kind of conflict', () => {
    expect(new IdempotencyMismatchError()).toBeInstanceOf(ConflictError);
  });
});
