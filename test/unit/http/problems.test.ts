import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  BreachClosedError,
  BreachStillOpenError,
  InitialReportMissingError,
  InitialReportNotRecordedError,
  SubjectsAlreadyDecidedError,
} from '../../../functions/domain/case-errors';
import { DecisionInvalidError, StepNotAwaitedError } from '../../../functions/domain/decision-errors';
import {
  ConflictError,
  IdempotencyMismatchError,
  NotFoundError,
  ValidationError,
} from '../../../functions/domain/errors';
import { OrganisationMissingError } from '../../../functions/domain/load-case';
import { ClaimsInFlightError, NothingUnconfirmedError } from '../../../functions/domain/unconfirmed-notice-errors';
import { problemJson } from '../../../functions/http/problem-json';
import { DOMAIN_PROBLEMS, httpErrorOf } from '../../../functions/http/problems';
import { jsonRequest, lambdaContext, memoryLogger } from './api-event';

const root = new URL('../../../', import.meta.url).pathname;

const answer = async (error: Error) => {
  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>(async () => {
    throw error;
  }).use(problemJson({ logger: memoryLogger() }));
  const response = await handler(jsonRequest({}), lambdaContext());
  return { status: response.statusCode, problem: JSON.parse(response.body) as Record<string, unknown> };
};

describe('the domain errors table', () => {
  it.each([
    [new ValidationError([{ path: 'reporter', message: 'reporter is required' }]), 400, 'validation'],
    [new NotFoundError(), 404, 'not-found'],
    [new OrganisationMissingError('org-1'), 401, 'unauthorised'],
    [new IdempotencyMismatchError(), 422, 'idempotency-key-reused'],
    [
      new DecisionInvalidError('decide', [{ path: 'rationale', message: 'rationale is required' }]),
      422,
      'invalid-decision',
    ],
    [new StepNotAwaitedError('close', ['evaluate']), 409, 'step-not-awaited'],
    [new InitialReportNotRecordedError(), 409, 'initial-report-not-recorded'],
    [new InitialReportMissingError('BR-1'), 409, 'initial-report-not-recorded'],
    [new NothingUnconfirmedError(), 409, 'nothing-unconfirmed'],
    [new ClaimsInFlightError(3, '2026-12-04T10:15:00.000Z'), 409, 'notices-in-flight'],
    [new BreachStillOpenError(), 409, 'breach-open'],
    [new BreachClosedError('BR-1'), 409, 'breach-closed'],
    [new SubjectsAlreadyDecidedError('BR-1', 'Decided already.'), 409, 'subjects-decided'],
    [new ConflictError('not now'), 409, 'conflict'],
  ])('answers %s with %i and its problem type', async (error, status, slug) => {
    const { status: actual, problem } = await answer(error);

    expect(actual).toBe(status);
    expect(problem.type).toBe(`urn:breachdesk:problem:${slug}`);
    expect(problem.status).toBe(status);
    expect(typeof problem.detail).toBe('string');
  });

  it('puts the steps a breach waits for in a 409, in the detail and as a member', async () => {
    const { problem } = await answer(new StepNotAwaitedError('close', ['evaluate']));

    expect(problem.detail).toBe("The breach is not waiting for the 'close' step; it is waiting for 'evaluate'.");
    expect(problem).toMatchObject({ step: 'close', awaiting: ['evaluate'] });
  });

  it('says so when the breach waits for no decision at all', async () => {
    const { problem } = await answer(new StepNotAwaitedError('close', []));

    expect(problem.detail).toBe("The breach is not waiting for the 'close' step; it is waiting for no decision now.");
  });

  it('never tells an API caller the id of a breach it asked about, nor an organisation id', async () => {
    const missing = await answer(new InitialReportMissingError('BR-SECRET'));
    const gone = await answer(new OrganisationMissingError('org-secret'));

    expect(JSON.stringify(missing.problem)).not.toContain('BR-SECRET');
    expect(JSON.stringify(gone.problem)).not.toContain('org-secret');
  });

  it('lists every subclass before its base, so no row hides another', () => {
    DOMAIN_PROBLEMS.forEach((row, index) => {
      const earlier = DOMAIN_PROBLEMS.slice(0, index).find((other) => row.error.prototype instanceof other.error);
      expect(earlier, `${row.error.name} comes after its base`).toBeUndefined();
    });
  });

  it('leaves errors outside the table to the 500 path', () => {
    expect(httpErrorOf(new TypeError('boom'))).toBeUndefined();
    expect(httpErrorOf('a string')).toBeUndefined();
  });
});

describe('the domain', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });

  it('imports nothing of HTTP, AWS or the handlers', () => {
    const offenders = sources(join(root, 'functions/domain')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)]
        .map((match) => match[1] ?? '')
        .filter((from) => /(^|\/)(http|adapters|pages)\/|^@aws-sdk\/|^aws-lambda$|^@middy\//.test(from))
        .map((from) => `${file.slice(root.length)} imports ${from}`),
    );
    expect(offenders).toEqual([]);
  });
});
