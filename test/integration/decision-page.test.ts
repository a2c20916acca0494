import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../../functions/decision-page/csrf';
import { MAX_FORM_BYTES, makeHandler } from '../../functions/decision-page/make-handler';
import { hashSecret, newDecisionSecret } from '../../functions/domain/decision-links';
import { requestDecision } from '../../functions/domain/request-decision';
import { PAGE_CSP } from '../../functions/pages/response';
import { aBreachIn, type DecisionWorld, scanAll, secretFromMail, startDecisionWorld } from '../support/decision-world';
import { errorSummaryLinks, inlineError, submittedFields } from '../support/form-fields';

/**
 * The decision page's Lambda on real parts: dynalite with the real repositories and take-decision, SendTaskSuccess
 * on a mocked SFN client. Every refused request is checked to write nothing and complete nothing.
 */

const CSRF_KEY = 'test-csrf-key-that-is-long-enough-0123456789';

let world: DecisionWorld;
let handler: ReturnType<typeof makeHandler>;
const errors: string[] = [];

beforeAll(async () => {
  world = await startDecisionWorld();
  const { now, logger: _logger, ...ports } = world.takeDeps;
  handler = makeHandler({
    ...ports,
    now,
    csrfKey: CSRF_KEY,
    logger: { info: () => undefined, error: (line: string) => void errors.push(line) },
  });
});

beforeEach(async () => {
  world.sfn.reset();
  world.sfn.on(SendTaskSuccessCommand).resolves({});
  world.clock.now = new Date('2025-03-03T12:00:00Z');
  errors.length = 0;
  await world.ses.clear();
});

afterEach(() => {
  // Only the 500 page logs; none of these paths is a failure.
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await world.close();
});

const eventFor = (method: string, secret: string, body?: string, headers: Record<string, string> = {}) =>
  ({
    httpMethod: method,
    path: `/decisions/${secret}`,
    pathParameters: { secret },
    headers,
    body: body ?? null,
    isBase64Encoded: false,
    requestContext: { path: `/v1/decisions/${secret}`, requestId: 'req-1' },
  }) as unknown as APIGatewayProxyEvent;

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

const call = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const response = (await handler(event, { awsRequestId: 'aws-1' } as Context)) as APIGatewayProxyResult;
  // Every response is a page with the same strict headers, whatever its status.
  expect(response.headers).toMatchObject({
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PAGE_CSP,
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-robots-tag': 'noindex, nofollow',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
  });
  expect(response.body).toContain('href="/v1/assets/govuk-frontend.min.css"');
  return response;
};

const get = (secret: string) => call(eventFor('GET', secret));
const post = (secret: string, fields: URLSearchParams, headers: Record<string, string> = FORM) =>
  call(eventFor('POST', secret, fields.toString(), headers));

/** A breach whose `step` task is waiting, and the secret of the link mailed for it. */
const awaiting = async (step: 'contain' | 'decide') => {
  const { breachId } = await aBreachIn(world, { assessed: step === 'decide' });
  await requestDecision(world.requestDeps, { breachId, step, taskToken: `token-${breachId}` });
  const mails = await world.ses.messages();
  world.sfn.resetHistory();
  return { breachId, secret: secretFromMail(mails.at(-1)?.body.text), taskToken: `token-${breachId}` };
};

/** The form as the page shows it, answered. */
const answered = async (secret: string, answers: Record<string, string>): Promise<URLSearchParams> => {
  const fields = submittedFields((await get(secret)).body);
  for (const [name, value] of Object.entries(answers)) fields.set(name, value);
  return fields;
};

const DECIDE = {
  conclusion: 'authority-only',
  rationale: 'A class list reached one parent, who is known to the school and deleted it.',
  departureReason: 'The recipient is trusted and confirmed deletion.',
};

/** Runs a request that must be refused: it returns the page, and the table and the task are untouched. */
const refused = async (attempt: () => Promise<APIGatewayProxyResult>): Promise<APIGatewayProxyResult> => {
  const before = await scanAll(world);
  const response = await attempt();
  expect(await scanAll(world)).toEqual(before);
  expect(world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  return response;
};

describe('GET /decisions/{secret}', () => {
  it('renders the page for a waiting request and writes nothing', async () => {
    const { breachId, secret } = await awaiting('decide');

    const response = await refused(() => get(secret));

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(breachId);
    expect(response.body).toContain('Decide whether to notify');
    expect(response.body).toContain('The recommendation');
    expect(submittedFields(response.body).get('csrfToken')).toBe(csrfTokenFor(CSRF_KEY, hashSecret(secret)));
  });

  it('changes nothing when fetched twice, as a mail scanner does, and the link still works', async () => {
    const { secret } = await awaiting('contain');

    await refused(async () => {
      await get(secret);
      return get(secret);
    });

    const fields = await answered(secret, { contained: 'yes', measures: 'Recalled the e-mail.' });
    expect((await post(secret, fields)).statusCode).toBe(200);
  });

  it('answers an unknown or malformed link with a 404 page', async () => {
    await awaiting('contain');
    for (const secret of [newDecisionSecret(), 'not-a-secret']) {
      const response = await refused(() => get(secret));
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('This link is not valid');
    }
  });

  it('answers an expired link with a 410 page', async () => {
    const { secret } = await awaiting('contain');
    world.clock.now = new Date('2025-03-10T12:00:00Z');

    const response = await refused(() => get(secret));

    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('This link has expired');
    expect(response.body).toContain('A new link will be sent automatically if the step is still waiting');
  });
});

describe('POST /decisions/{secret}', () => {
  it('records the decision, completes the task with the plan and confirms', async () => {
    const { breachId, secret, taskToken } = await awaiting('decide');
    const fields = await answered(secret, DECIDE);

    const response = await post(secret, fields);

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Decision recorded');
    expect(response.body).toContain(breachId);
    const decisions = (await world.breaches.events(breachId)).filter((e) => e.type === 'decision-taken');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.data).toMatchObject({
      step: 'decide',
      via: 'link',
      decision: { ...DECIDE, decidedBy: { name: expect.any(String), role: expect.any(String) } },
    });
    const plan = { authority: true, subjects: false, controller: false, otherParties: false };
    const calls = world.sfn.commandCalls(SendTaskSuccessCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.taskToken).toBe(taskToken);
    expect(JSON.parse(calls[0]?.args[0].input.output ?? '{}')).toEqual({
      step: 'decide',
      decidedAt: '2025-03-03T12:00:00.000Z',
      plan,
    });
  });

  it('answers a second post on the same link with the used page and records nothing more', async () => {
    const { secret } = await awaiting('contain');
    const fields = await answered(secret, { contained: 'yes', measures: 'Recalled the e-mail.' });
    expect((await post(secret, fields)).statusCode).toBe(200);
    world.sfn.resetHistory();

    const again = await refused(() => post(secret, fields));

    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This link has already been used');
    expect((await refused(() => get(secret))).statusCode).toBe(410);
  });

  it('returns the form with its problems and every answer kept, and writes nothing', async () => {
    const { secret } = await awaiting('decide');
    const fields = await answered(secret, { rationale: 'Too short', 'decidedBy.role': '', evidence: 'A <note>' });

    const response = await refused(() => post(secret, fields));

    expect(response.statusCode).toBe(422);
    expect(errorSummaryLinks(response.body).map((link) => link.href)).toEqual([
      '#conclusion',
      '#rationale',
      '#decidedBy-role',
    ]);
    expect(inlineError(response.body, 'conclusion')).toBe('Select your decision');
    const kept = submittedFields(response.body);
    expect(kept.get('rationale')).toBe('Too short');
    expect(kept.get('evidence')).toBe('A <note>');
    expect(kept.get('csrfToken')).toBe(fields.get('csrfToken'));
  });

  it('returns the form for a date it cannot read, with the other problems too', async () => {
    const { secret } = await awaiting('contain');
    const fields = await answered(secret, { contained: 'yes', 'containedAt.day': '40', 'containedAt.month': '3' });

    const response = await refused(() => post(secret, fields));

    expect(response.statusCode).toBe(422);
    // The first box left empty is where the summary links.
    expect(errorSummaryLinks(response.body).map((link) => link.href)).toEqual(['#measures', '#containedAt-year']);
  });

  it('refuses a form whose token does not match the link with a 403 page', async () => {
    const { secret } = await awaiting('contain');
    const fields = await answered(secret, { contained: 'yes', measures: 'Recalled the e-mail.' });

    for (const token of ['forged', csrfTokenFor(CSRF_KEY, hashSecret(newDecisionSecret())), '']) {
      fields.set('csrfToken', token);
      const response = await refused(() => post(secret, fields));
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('The form could not be accepted');
    }
  });

  it('answers an unknown link with a 404 page and an expired one with a 410 page', async () => {
    const unknown = newDecisionSecret();
    const forUnknown = new URLSearchParams({ csrfToken: csrfTokenFor(CSRF_KEY, hashSecret(unknown)) });
    expect((await refused(() => post(unknown, forUnknown))).statusCode).toBe(404);

    const { secret } = await awaiting('contain');
    const fields = await answered(secret, { contained: 'yes', measures: 'Recalled the e-mail.' });
    world.clock.now = new Date('2025-03-10T12:00:00Z');
    const expired = await refused(() => post(secret, fields));
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
  });

  it('refuses a body that is not a urlencoded form (415) or is too large (413)', async () => {
    const { secret } = await awaiting('contain');
    const fields = await answered(secret, { contained: 'yes', measures: 'Recalled the e-mail.' });

    const json = await refused(() => post(secret, fields, { 'content-type': 'application/json' }));
    expect(json.statusCode).toBe(415);
    const latin1 = await refused(() =>
      post(secret, fields, { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' }),
    );
    expect(latin1.statusCode).toBe(415);
    fields.set('measures', 'x'.repeat(MAX_FORM_BYTES));
    const large = await refused(() => post(secret, fields));
    expect(large.statusCode).toBe(413);
  });

  it('answers other methods with 405 and an Allow header', async () => {
    const response = await call(eventFor('DELETE', newDecisionSecret()));
    expect(response.statusCode).toBe(405);
    expect(response.headers?.allow).toBe('GET, POST');
  });
});
