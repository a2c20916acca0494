import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../functions/domain/errors';
import { HttpError, UnauthorisedError } from '../../../functions/http/errors';
import { jsonBody } from '../../../functions/http/json-body';
import { describeError, problemJson } from '../../../functions/http/problem-json';
import { SECURITY_HEADERS } from '../../../functions/http/responses';
import { apiEvent, jsonRequest, lambdaContext, memoryLogger } from './api-event';

const throwing = (error: unknown, logger = memoryLogger()) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>(async () => {
    throw error;
  })
    .use(problemJson({ logger }))
    .use(jsonBody());

describe('problemJson', () => {
  it('turns an HttpError into an RFC 9457 problem document', async () => {
    const handler = throwing(new ValidationError([{ path: 'occurred.from', message: 'Invalid ISO datetime' }]));

    const response = await handler(jsonRequest({}, { path: '/breaches' }), lambdaContext());

    expect(response.statusCode).toBe(400);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json', ...SECURITY_HEADERS });
    expect(JSON.parse(response.body)).toEqual({
      type: 'urn:breachdesk:problem:validation',
      title: 'Invalid request',
      status: 400,
      detail: 'The request has invalid fields; see errors.',
      instance: '/prod/breaches',
      errors: [{ path: 'occurred.from', message: 'Invalid ISO datetime' }],
    });
  });

  it('adds the headers an error asks for', async () => {
    const response = await throwing(new UnauthorisedError())(jsonRequest({}), lambdaContext());

    expect(response.statusCode).toBe(401);
    expect(response.headers?.['www-authenticate']).toBe('Bearer');
  });

  it('maps an error thrown by an earlier middleware', async () => {
    const response = await throwing(new Error('never reached'))(
      apiEvent({ method: 'POST', body: '{' }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(415);
  });

  it('answers an unknown error with a generic 500 and logs only ids and error classes', async () => {
    // Prepare: an error whose message quotes the request, as a database or parser error may.
    const logger = memoryLogger();
    const secret = 'Jane Doe, 12 Acacia Avenue';
    const cause = new TypeError(`cannot read ${secret}`);
    const handler = throwing(new Error(`failed on ${secret}`, { cause }), logger);

    // Act
    const response = await handler(jsonRequest({ description: secret }), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(500);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      requestId: 'req-1234',
    });
    expect(response.body).not.toContain(secret);
    expect(logger.lines).toHaveLength(1);
    const [line = ''] = logger.lines;
    expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      level: 'ERROR',
      errorClass: 'Error',
      causeClasses: ['TypeError'],
      requestId: 'req-1234',
      awsRequestId: 'aws-req-1',
    });
  });

  it('hides the detail of a server-side HttpError', async () => {
    const logger = memoryLogger();
    const response = await throwing(new HttpError(503, 'Unavailable', 'table eu-west-2 throttled'), logger)(
      jsonRequest({}),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(503);
    expect(response.body).not.toContain('throttled');
    expect(logger.lines).toHaveLength(1);
  });

  it('does not log client errors', async () => {
    const logger = memoryLogger();
    await throwing(new NotFoundError(), logger)(jsonRequest({}), lambdaContext());

    expect(logger.lines).toEqual([]);
  });

  it('leaves a response another error middleware already gave', async () => {
    const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>(async () => {
      throw new Error('boom');
    })
      .use(problemJson())
      .use({
        onError: (request) => {
          request.response = { statusCode: 418, body: 'teapot' };
        },
      });

    const response = await handler(apiEvent(), lambdaContext());

    expect(response.statusCode).toBe(418);
  });
});

describe('describeError', () => {
  it('keeps the stack frames but not the message', () => {
    const described = describeError(new RangeError('personal data here'));

    expect(JSON.stringify(described)).not.toContain('personal data');
    expect(described.errorClass).toBe('RangeError');
    expect((described.frames as string[])[0]).toMatch(/^at /);
  });

  it('keeps the AWS request id of an SDK error', () => {
    const error = Object.assign(new Error('x'), {
      name: 'ThrottlingException',
      $metadata: { requestId: 'R1', httpStatusCode: 400 },
    });

    expect(describeError(error)).toMatchObject({
      errorClass: 'ThrottlingException',
      awsSdk: { requestId: 'R1', httpStatusCode: 400 },
    });
  });

  it('describes a thrown non-error by its type', () => {
    expect(describeError('a string')).toMatchObject({ errorClass: 'string' });
  });
});
