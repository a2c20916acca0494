import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type JsonBodyEvent, jsonBody } from '../../../functions/http/json-body';
import { problemJson } from '../../../functions/http/problem-json';
import { json } from '../../../functions/http/responses';
import { apiEvent, jsonRequest, lambdaContext } from './api-event';

/** A real middy handler that echoes the parsed body, behind the middlewares under test. */
const echo = middy<JsonBodyEvent, APIGatewayProxyResult>(async (event: JsonBodyEvent) =>
  json(200, { received: event.body }),
)
  .use(problemJson())
  .use(jsonBody({ maxBytes: 64 }));

const send = async (event: ReturnType<typeof apiEvent>) => {
  const response = await echo(event, lambdaContext());
  return { ...response, json: JSON.parse(response.body) };
};

describe('jsonBody', () => {
  it('hands the parsed body to the handler', async () => {
    const response = await send(jsonRequest({ a: [1, 'two'] }));

    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ received: { a: [1, 'two'] } });
  });

  it('accepts a utf-8 charset and any spelling of the header name', async () => {
    const response = await send(
      apiEvent({ method: 'POST', body: '{}', headers: { 'CONTENT-TYPE': 'Application/JSON; Charset="UTF-8"' } }),
    );

    expect(response.statusCode).toBe(200);
  });

  it('decodes a base64-encoded body', async () => {
    const body = Buffer.from(JSON.stringify({ name: 'Zoë' }), 'utf8').toString('base64');
    const response = await send(jsonRequest(body, { isBase64Encoded: true }));

    expect(response.json).toEqual({ received: { name: 'Zoë' } });
  });

  it('refuses a body over the limit with 413, counting bytes rather than characters', async () => {
    // 31 two-byte characters and two quotes are exactly the 64 bytes allowed; one more character is over.
    const fits = await send(jsonRequest(JSON.stringify('é'.repeat(31))));
    const tooLarge = await send(jsonRequest(JSON.stringify('é'.repeat(32))));

    expect(fits.statusCode).toBe(200);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.headers?.['content-type']).toBe('application/problem+json');
    expect(tooLarge.json).toMatchObject({ status: 413, limitBytes: 64 });
  });

  it('measures a base64 body by its decoded size', async () => {
    // 62 bytes decoded, 84 characters encoded: within the limit once decoded.
    const body = Buffer.from(JSON.stringify('x'.repeat(60)), 'utf8').toString('base64');
    expect(body.length).toBeGreaterThan(64);

    const response = await send(jsonRequest(body, { isBase64Encoded: true }));

    expect(response.statusCode).toBe(200);
  });

  it('checks the size before the content type', async () => {
    const response = await send(
      apiEvent({ method: 'POST', body: 'x'.repeat(65), headers: { 'content-type': 'text/plain' } }),
    );

    expect(response.statusCode).toBe(413);
  });

  it.each([
    ['no content type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a JSON look-alike', { 'content-type': 'application/jsonx' }],
    ['form encoding', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['another charset', { 'content-type': 'application/json; charset=iso-8859-1' }],
  ])('refuses %s with 415', async (_name, headers) => {
    const response = await send(apiEvent({ method: 'POST', body: '{}', headers }));

    expect(response.statusCode).toBe(415);
    expect(response.json).toMatchObject({ status: 415, title: 'Unsupported media type' });
  });

  it('refuses malformed JSON with 400 and says where it breaks', async () => {
    const response = await send(jsonRequest('{\n  "a": 1,\n  "b": }'));

    expect(response.statusCode).toBe(400);
    expect(response.json).toMatchObject({ status: 400, title: 'Malformed JSON', position: 19, line: 3, column: 8 });
    expect(response.json.detail).toContain("unexpected '}'");
    expect(response.json.detail).toContain('line 3, column 8');
  });

  it('refuses an empty body as malformed JSON', async () => {
    const response = await send(jsonRequest(''));

    expect(response.statusCode).toBe(400);
    expect(response.json.detail).toContain('unexpected end of input');
  });

  it('refuses a base64 body that is not UTF-8', async () => {
    const response = await send(
      jsonRequest(Buffer.from([0x22, 0xff, 0x22]).toString('base64'), { isBase64Encoded: true }),
    );

    expect(response.statusCode).toBe(400);
    expect(response.json.detail).toContain('not valid UTF-8');
  });
});
