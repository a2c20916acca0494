import { describe, expect, it } from 'vitest';
import { json, SECURITY_HEADERS } from '../../../functions/http/responses';

describe('json', () => {
  it('serialises the body with the security headers', () => {
    const response = json(201, { a: 1 }, { location: '/breaches/x' });

    expect(response).toEqual({
      statusCode: 201,
      headers: { location: '/breaches/x', 'content-type': 'application/json', ...SECURITY_HEADERS },
      body: '{"a":1}',
    });
    expect(response.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': expect.stringContaining('max-age='),
    });
  });

  it('does not let a caller weaken a security header', () => {
    const response = json(200, {}, { 'cache-control': 'public, max-age=3600' });

    expect(response.headers?.['cache-control']).toBe('no-store');
  });
});
