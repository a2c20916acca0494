import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestDecision } from '../../functions/domain/request-decision';
import { makeHandler as makeSubmitDecision } from '../../functions/submit-decision/make-handler';
import { aBreachIn, type DecisionWorld, PERSON, scanAll, startDecisionWorld } from '../support/decision-world';
import { apiEvent, jsonRequest, lambdaContext, memoryLogger } from '../unit/http/api-event';

let world: DecisionWorld;

beforeAll(async () => {
  world = await startDecisionWorld();
});

beforeEach(async () => {
  world.sfn.reset();
  world.sfn.on(SendTaskSuccessCommand).resolves({});
  world.clock.now = new Date('2025-03-03T12:00:00Z');
  await world.ses.clear();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

afterAll(async () => {
  await world.close();
});

const containDecision = { decidedBy: PERSON, contained: true, measures: 'Recalled the e-mail and had it deleted.' };

describe('request-decision handler', () => {
  const configure = () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'Breachdesk-RequestDecision');
    vi.stubEnv('SES_REGION', 'eu-west-2');
    vi.stubEnv('TABLE_NAME', 'breachdesk');
    vi.stubEnv('PUBLIC_BASE_URL', 'https://breachdesk.example.org');
    vi.stubEnv('SENDER_ADDRESS', 'breachdesk@example.org');
  };

  it('asks for the decision named in the Payload', async () => {
    configure();
    const { makeHandler } = await import('../../functions/request-decision/handler');
    const { breachId } = await aBreachIn(world);

    const result = await makeHandler(world.requestDeps)({ breachId, step: 'contain', taskToken: 'token-1' });

    expect(result).toEqual({ status: 'requested' });
    expect(await world.ses.messages()).toHaveLength(1);
  });

  it('refuses a Payload it does not understand, naming fields and never values', async () => {
    configure();
    const { makeHandler } = await import('../../functions/request-decision/handler');
    const handler = makeHandler(world.requestDeps);

    const error = await handler({ breachId: 'BR-1', step: 'approve', taskToken: 'secret-token' }).catch((e) => e);

    expect(error).toMatchObject({ name: 'Breachdesk.TaskInputError' });
    expect(String(error.message)).toContain('step');
    expect(String(error.message)).not.toContain('secret-token');
    await expect(handler({ breachId: 'BR-1', step: 'contain' })).rejects.toMatchObject({
      name: 'Breachdesk.TaskInputError',
    });
  });

  it.each(['TABLE_NAME', 'PUBLIC_BASE_URL', 'SENDER_ADDRESS', 'SES_REGION'])(
    'refuses to load on Lambda without %s',
    async (variable) => {
      configure();
      vi.stubEnv(variable, '');

      await expect(import('../../functions/request-decision/handler')).rejects.toMatchObject({
        name: 'MissingConfigError',
        variable,
      });
    },
  );

  it('exports a handler once configured', async () => {
    configure();
    const { handler } = await import('../../functions/request-decision/handler');
    expect(handler).toBeTypeOf('function');
  });
});

describe('submit-decision handler: POST /breaches/{id}/decisions/{step}', () => {
  const logger = { ...memoryLogger(), info: vi.fn() };
  const handler = () => makeSubmitDecision({ ...world.takeDeps, logger, now: world.takeDeps.now });

  const post = (breachId: string, step: string, body: unknown, organisationId: string | null = 'org-1') =>
    handler()(
      jsonRequest(body, {
        path: `/breaches/${breachId}/decisions/${step}`,
        pathParameters: { id: breachId, step },
        organisationId,
      }),
      lambdaContext(),
    );

  const waiting = async () => {
    const { breachId } = await aBreachIn(world);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });
    world.sfn.resetHistory();
    return breachId;
  };

  it('answers 200 with where the decision was recorded, and completes the task', async () => {
    const breachId = await waiting();

    const response = await post(breachId, 'contain', containDecision);

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({ breachId, step: 'contain', recordedAt: '2025-03-03T12:00:00.000Z' });
    expect(world.sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'token-1' });
  });

  it('records the decision as the organisation’s system, on behalf of the person it names', async () => {
    const breachId = await waiting();

    await post(breachId, 'contain', containDecision);

    const taken = (await world.breaches.events(breachId)).find((event) => event.type === 'decision-taken');
    expect(taken?.actor).toEqual({
      kind: 'api-client',
      organisationId: 'org-1',
      onBehalfOf: containDecision.decidedBy,
    });
    expect(taken?.data).toMatchObject({ via: 'api', decision: { decidedBy: containDecision.decidedBy } });
  });

  it('answers 422 problem+json with one error per field, and writes nothing', async () => {
    const breachId = await waiting();
    const before = await scanAll(world);

    const response = await post(breachId, 'contain', { decidedBy: { name: 'Dana' }, contained: true, extra: 1 });

    expect(response.statusCode).toBe(422);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body);
    expect(problem).toMatchObject({
      type: 'urn:breachdesk:problem:invalid-decision',
      title: 'Invalid decision',
      status: 422,
      step: 'contain',
    });
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['decidedBy.role', 'measures']),
    );
    expect(await scanAll(world)).toEqual(before);
    expect(world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('answers 409 for a step the breach is not waiting for', async () => {
    const breachId = await waiting();

    const response = await post(breachId, 'close', { decidedBy: PERSON, recommendationsCompleted: true });

    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body)).toMatchObject({ type: 'urn:breachdesk:problem:step-not-awaited', step: 'close' });
  });

  it('answers 404 alike for an unknown step, a malformed id and another organisation’s breach', async () => {
    const breachId = await waiting();

    const responses = await Promise.all([
      post(breachId, 'approve', containDecision),
      post('not-an-id', 'contain', containDecision),
      post(breachId, 'contain', containDecision, 'org-2'),
    ]);

    expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404]);
    const details = responses.map((r) => JSON.parse(r.body).detail);
    expect(new Set(details).size).toBe(1);
  });

  it('answers 401 without an organisation, before reading the body', async () => {
    const response = await handler()(
      apiEvent({
        method: 'POST',
        body: '{not json',
        pathParameters: { id: 'x', step: 'contain' },
        organisationId: null,
      }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(401);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const breachId = await waiting();

    const response = await post(breachId, 'contain', '{"decidedBy": ');

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).type).toBe('urn:breachdesk:problem:malformed-json');
  });
});
