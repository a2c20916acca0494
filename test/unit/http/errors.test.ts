import { describe, expect, it } from 'vitest';
import {
  HttpError,
  InvalidHeaderError,
  InvalidQueryError,
  MalformedJsonError,
  MissingHeaderError,
  PayloadTooLargeError,
  UnauthorisedError,
  UnsupportedMediaTypeError,
} from '../../../functions/http/errors';

describe('HttpError classes', () => {
  it.each([
    [new InvalidQueryError([]), 400],
    [new PayloadTooLargeError(10), 413],
    [new UnsupportedMediaTypeError('no'), 415],
    [new MalformedJsonError('bad', 3, 1, 4), 400],
    [new MissingHeaderError('Idempotency-Key'), 400],
    [new InvalidHeaderError('Idempotency-Key', 'bad'), 400],
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
});
