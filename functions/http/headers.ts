import type { APIGatewayProxyEventHeaders } from 'aws-lambda';
import { InvalidHeaderError, MissingHeaderError } from './errors';

/** A header's value, found case-insensitively: clients and proxies spell header names as they please. */
export const headerValue = (
  headers: APIGatewayProxyEventHeaders | null | undefined,
  name: string,
): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
};

/** 8–128 characters a caller can put in a header without encoding; long enough to hold a UUID or ULID. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;

/** The Idempotency-Key header, required on every report so that a retried POST lands on the same breach. */
export const idempotencyKeyOf = (headers: APIGatewayProxyEventHeaders | null | undefined): string => {
  const value = headerValue(headers, 'Idempotency-Key');
  if (value === undefined || value === '') throw new MissingHeaderError('Idempotency-Key');
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new InvalidHeaderError(
      'Idempotency-Key',
      'The Idempotency-Key header must be 8 to 128 characters of A-Z, a-z, 0-9, and _ - : . (a UUID will do).',
    );
  }
  return value;
};
