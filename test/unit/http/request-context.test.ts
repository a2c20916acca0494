import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { headerValue, idempotencyKeyOf } from '../../../functions/http/headers';
import { requestPath } from '../../../functions/http/links';
import { organisationIdOf, requireOrganisation } from '../../../functions/http/organisation';
import { problemJson } from '../../../functions/http/problem-json';
import { json } from '../../../functions/http/responses';
import { apiEvent, lambdaContext } from './api-event';

describe('requireOrganisation', () => {
  const whoAmI = middy<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event: APIGatewayProxyEvent) =>
    json(200, { organisationId: organisationIdOf(event) }),
  )
    .use(problemJson())
    .use(requireOrganisation());

  it("hands the authorizer's organisation to the handler", async () => {
    const response = await whoAmI(apiEvent({ organisationId: 'org-7' }), lambdaContext());

    expect(JSON.parse(response.body)).toEqual({ organisationId: 'org-7' });
  });

  it.each([
    ['no authorizer context', null],
    ['an empty organisation id', ' '],
  ])('fails closed with 401 given %s', async (_name, organisationId) => {
    const response = await whoAmI(apiEvent({ organisationId }), lambdaContext());

    expect(response.statusCode).toBe(401);
  });
});

describe('headerValue', () => {
  it('finds a header whatever its case', () => {
    expect(headerValue({ 'idempotency-KEY': 'k' }, 'Idempotency-Key')).toBe('k');
    expect(headerValue(null, 'x')).toBeUndefined();
  });
});

describe('idempotencyKeyOf', () => {
  it.each(['abcdefgh', '8f14e45f-ceea-467e-a7f2-2b1c8e3d4c5a', 'a:b.c_d-e'.padEnd(128, 'x')])('accepts %s', (key) => {
    expect(idempotencyKeyOf({ 'Idempotency-Key': key })).toBe(key);
  });

  it.each([
    ['missing', {}],
    ['empty', { 'Idempotency-Key': '' }],
  ])('refuses a %s key naming the header', (_name, headers) => {
    expect(() => idempotencyKeyOf(headers)).toThrow(/Idempotency-Key header is required/);
  });

  it.each(['short', 'x'.repeat(129), 'has space!', 'ünïcode-key'])('refuses the malformed key %j', (key) => {
    expect(() => idempotencyKeyOf({ 'idempotency-key': key })).toThrow(/Idempotency-Key header must be/);
  });
});

describe('requestPath', () => {
  it('keeps the stage so that links work when followed', () => {
    expect(requestPath(apiEvent({ path: '/breaches/' }))).toBe('/prod/breaches');
  });
});
