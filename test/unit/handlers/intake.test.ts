import { ExecutionAlreadyExists, SFNClient, SFNServiceException, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SfnWorkflowStarter } from '../../../functions/adapters/workflow';
import { breachIdFor, isBreachId, randomBreachId } from '../../../functions/domain/breach-id';
import { makeHandler } from '../../../functions/intake/make-handler';
import { anOrganisation, InMemoryBreachRepository, InMemoryOrganisationRepository } from '../../support/fakes';
import { aReportInput, REPORT_NOW } from '../../support/reports';
import { jsonRequest, lambdaContext, memoryLogger } from '../http/api-event';

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-2:123456789012:stateMachine:breach-lifecycle';
const executionArn = (name: string) => `arn:aws:states:eu-west-2:123456789012:execution:breach-lifecycle:${name}`;

const sfnMock = mockClient(SFNClient);

let breaches: InMemoryBreachRepository;
let organisations: InMemoryOrganisationRepository;
let logger: ReturnType<typeof memoryLogger>;
let handler: ReturnType<typeof makeHandler>;

beforeEach(async () => {
  breaches = new InMemoryBreachRepository();
  organisations = new InMemoryOrganisationRepository();
  await organisations.put(anOrganisation('org-1'));
  await organisations.put(anOrganisation('org-2'));
  logger = memoryLogger();
  const workflow = new SfnWorkflowStarter(new SFNClient({ region: 'eu-west-2' }), STATE_MACHINE_ARN);
  handler = makeHandler({ breaches, organisations, workflow, now: () => REPORT_NOW, logger });
  sfnMock.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: executionArn(input.name),
    startDate: REPORT_NOW,
  }));
});

afterEach(() => {
  sfnMock.reset();
});

const KEY = '4f1c2a9e-0d7b-4c55-9a41-6f0e8b2d7c13';

const post = async (body: unknown, options: { key?: string | null; organisationId?: string | null } = {}) => {
  const { key = KEY, organisationId = 'org-1' } = options;
  const event = jsonRequest(body, {
    path: '/breaches',
    organisationId,
    headers: key === null ? {} : { 'Idempotency-Key': key },
  });
  const response = await handler(event, lambdaContext());
  return { ...response, json: JSON.parse(response.body) };
};

describe('POST /breaches', () => {
  it('records a new breach, starts its workflow and answers 201 with its deadlines', async () => {
    // Prepare
    const report = aReportInput();
    const breachId = breachIdFor('org-1', KEY);

    // Act
    const response = await post(report);

    // Assess
    expect(response.statusCode).toBe(201);
    expect(response.headers?.location).toBe(`/prod/breaches/${breachId}`);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect(response.json).toEqual({
      breachId,
      status: 'open',
      stage: 'reported',
      awareAt: report.awareAt,
      reportedAt: REPORT_NOW.toISOString(),
      deadlines: expect.arrayContaining([
        expect.objectContaining({ clockId: 'authority', dueAt: '2025-03-13T10:00:00.000Z' }),
      ]),
      workflow: 'started',
      links: { self: `/prod/breaches/${breachId}` },
    });
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect(sfnMock).toHaveReceivedCommandWith(StartExecutionCommand, {
      stateMachineArn: STATE_MACHINE_ARN,
      name: breachId,
      input: JSON.stringify({ breachId, organisationId: 'org-1' }),
    });
    const events = await breaches.events(breachId);
    expect(events.map((e) => e.type)).toEqual(['reported', 'workflow-started']);
    expect(events[0]).toMatchObject({
      organisationId: 'org-1',
      actor: { kind: 'api-client', organisationId: 'org-1' },
      data: { channel: 'api', policyPreset: 'generic', clocks: anOrganisation().policy.clocks },
    });
    expect((await breaches.state(breachId))?.executionArn).toBe(executionArn(breachId));
  });

  it('answers a repeat with the same key and body with 200 and the same breach, writing nothing', async () => {
    const first = await post(aReportInput());

    const second = await post(aReportInput());

    expect(second.statusCode).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(second.headers?.location).toBe(first.headers?.location);
    expect(breaches.eventCount).toBe(2);
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });

  it('treats bodies that differ only in key order and whitespace as the same request', async () => {
    const report = aReportInput();
    await post(report);
    const reordered = Object.fromEntries(Object.entries(report).reverse());

    const response = await post(JSON.stringify(reordered, null, 2));

    expect(response.statusCode).toBe(200);
  });

  it('refuses the same key with a different body with 422, writing nothing', async () => {
    await post(aReportInput());

    const response = await post(aReportInput({ approximateSubjects: 11 }));

    expect(response.statusCode).toBe(422);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.json).toMatchObject({ status: 422, title: 'Idempotency-Key reused' });
    expect(breaches.eventCount).toBe(2);
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });

  it('keeps organisations apart: the same key in two organisations makes two breaches', async () => {
    const one = await post(aReportInput(), { organisationId: 'org-1' });
    const two = await post(aReportInput(), { organisationId: 'org-2' });

    expect(one.statusCode).toBe(201);
    expect(two.statusCode).toBe(201);
    expect(two.json.breachId).not.toBe(one.json.breachId);
  });

  it('refuses an invalid report with 400 and an error per field, writing nothing and starting nothing', async () => {
    const response = await post({
      ...aReportInput({ occurred: { kind: 'between', from: 'yesterday', to: '2025-03-10T09:00:00Z' } }),
      breachTypes: ['confidentiality', 'secrecy'],
      description: undefined,
      colour: 'red',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json).toMatchObject({ status: 400, title: 'Invalid request' });
    expect(response.json.errors).toEqual(
      expect.arrayContaining([
        { path: 'occurred.from', message: expect.any(String) },
        { path: 'breachTypes[1]', message: expect.any(String) },
        { path: 'description', message: 'description is required' },
        { path: 'colour', message: 'unknown field' },
      ]),
    );
    expect(breaches.eventCount).toBe(0);
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 0);
  });

  it('refuses an awareness time in the future', async () => {
    const response = await post(aReportInput({ awareAt: '2025-03-11T12:00:00Z' }));

    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toContainEqual({
      path: 'awareAt',
      message: 'awareness time must not be in the future',
    });
  });

  it('names an awareness time in the future beside the missing fields, in the same answer', async () => {
    const response = await post({ awareAt: '2099-01-01T00:00:00Z' });

    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toEqual(
      expect.arrayContaining([
        { path: 'awareAt', message: 'awareness time must not be in the future' },
        { path: 'reporter', message: 'reporter is required' },
      ]),
    );
    expect(breaches.eventCount).toBe(0);
  });

  it.each([
    [
      'awareness decades ago',
      { awareAt: '1925-03-10T09:00:00Z', occurred: { kind: 'at', at: '1925-03-09T09:00:00Z' } },
      'awareAt',
      'awareness time must not be before 25 May 2018, when the GDPR began to apply (Art. 99(2))',
    ],
    [
      'an occurrence ending in the future',
      { occurred: { kind: 'between', from: '2025-03-09T09:00:00Z', to: '2025-03-12T09:00:00Z' } },
      'occurred.to',
      'the end of the period must not be in the future: give the latest time it is known to have lasted',
    ],
    [
      'an occurrence ending before it began',
      { occurred: { kind: 'between', from: '2025-03-09T09:00:00Z', to: '2025-03-08T09:00:00Z' } },
      'occurred.to',
      'the end of the period must not be before its start (occurred.from)',
    ],
  ] as const)('refuses %s with a field-level message, writing nothing', async (_, overrides, path, message) => {
    const response = await post(aReportInput(overrides as Parameters<typeof aReportInput>[0]));

    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toContainEqual({ path, message });
    expect(breaches.eventCount).toBe(0);
  });

  it('accepts a period that ends after awareness, as long as it has ended', async () => {
    const response = await post(
      aReportInput({ occurred: { kind: 'between', from: '2025-03-09T09:00:00Z', to: '2025-03-10T11:00:00Z' } }),
    );

    expect(response.statusCode).toBe(201);
  });

  it.each([
    ['missing', null, 'The Idempotency-Key header is required.'],
    ['too short', 'abc', 'The Idempotency-Key header must be'],
    ['with forbidden characters', 'key with spaces', 'The Idempotency-Key header must be'],
  ])('refuses a %s Idempotency-Key with 400 naming the header', async (_name, key, detail) => {
    const response = await post(aReportInput(), { key });

    expect(response.statusCode).toBe(400);
    expect(response.json.detail).toContain(detail);
    expect(response.json.errors).toEqual([{ path: 'headers.Idempotency-Key', message: expect.any(String) }]);
    expect(breaches.eventCount).toBe(0);
  });

  it('fails closed with 401 when the request carries no organisation', async () => {
    const response = await post(aReportInput(), { organisationId: null });

    expect(response.statusCode).toBe(401);
    expect(breaches.eventCount).toBe(0);
  });

  it('refuses with 401 an organisation that no longer exists', async () => {
    const response = await post(aReportInput(), { organisationId: 'org-deleted' });

    expect(response.statusCode).toBe(401);
    expect(breaches.eventCount).toBe(0);
  });

  it('counts an execution that already exists as started, with its ARN derived from the machine', async () => {
    const breachId = breachIdFor('org-1', KEY);
    sfnMock
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    const response = await post(aReportInput());

    expect(response.statusCode).toBe(201);
    expect(response.json.workflow).toBe('started');
    expect((await breaches.state(breachId))?.executionArn).toBe(executionArn(breachId));
  });

  describe('when the workflow cannot be started', () => {
    const throttled = () =>
      new SFNServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        message: 'Rate exceeded',
        $metadata: {},
      });

    it('keeps the report, records the failure and answers 202 with the workflow pending', async () => {
      // Prepare
      sfnMock.on(StartExecutionCommand).rejects(throttled());
      const breachId = breachIdFor('org-1', KEY);

      // Act
      const response = await post(aReportInput());

      // Assess
      expect(response.statusCode).toBe(202);
      expect(response.headers?.location).toBe(`/prod/breaches/${breachId}`);
      expect(response.json).toMatchObject({ breachId, status: 'open', workflow: 'pending' });
      const state = await breaches.state(breachId);
      expect(state?.executionArn).toBeUndefined();
      expect(state?.failures).toEqual([
        { step: 'start-workflow', error: 'ThrottlingException', at: REPORT_NOW.toISOString() },
      ]);
      expect(logger.lines.map((line) => JSON.parse(line))).toEqual([
        { level: 'ERROR', message: 'workflow not started', breachId, errorClass: 'ThrottlingException' },
      ]);
    });

    it('starts it when the caller repeats the request, answering 200', async () => {
      sfnMock.on(StartExecutionCommand).rejectsOnce(throttled());
      const breachId = breachIdFor('org-1', KEY);
      await post(aReportInput());
      sfnMock.on(StartExecutionCommand).resolves({ executionArn: executionArn(breachId), startDate: REPORT_NOW });

      const response = await post(aReportInput());

      expect(response.statusCode).toBe(200);
      expect(response.json.workflow).toBe('started');
      expect((await breaches.events(breachId)).map((e) => e.type)).toEqual([
        'reported',
        'step-failed',
        'workflow-started',
      ]);
    });
  });

  it('starts the workflow on a repeat when the first attempt died after writing the report', async () => {
    // Prepare: the report is stored, as if the first Lambda died right after the put.
    const breachId = breachIdFor('org-1', KEY);
    await post(aReportInput());
    breaches.logs.set(breachId, (await breaches.events(breachId)).slice(0, 1));
    breaches.keys.clear();
    sfnMock.resetHistory();

    // Act
    const response = await post(aReportInput());

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.json.workflow).toBe('started');
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    expect((await breaches.events(breachId)).map((e) => e.type)).toEqual(['reported', 'workflow-started']);
  });

  it('answers a storage failure with a generic 500 that logs no personal data', async () => {
    breaches.create = async () => {
      throw Object.assign(new Error('Item {description: "Jane Doe"} too large'), { name: 'ValidationException' });
    };
    const report = aReportInput({ description: 'Jane Doe lost a laptop' });

    const response = await post(report);

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('Jane');
    expect(logger.lines.join('\n')).not.toContain('Jane');
    expect(JSON.parse(logger.lines[0] ?? '{}')).toMatchObject({ errorClass: 'ValidationException' });
  });

  it('refuses a body that is not JSON before looking at anything else', async () => {
    const response = await post('{"reporter": ', { key: null });

    expect(response.statusCode).toBe(400);
    expect(response.json.title).toBe('Malformed JSON');
  });
});

describe('breach ids', () => {
  it('derives the same id from the same organisation and key, and different ids otherwise', () => {
    expect(breachIdFor('org-1', KEY)).toBe(breachIdFor('org-1', KEY));
    expect(breachIdFor('org-1', KEY)).not.toBe(breachIdFor('org-2', KEY));
    expect(breachIdFor('org-1', `${KEY}x`)).not.toBe(breachIdFor('org-1', KEY));
    // The parts are kept apart: moving a character across the boundary changes the id.
    expect(breachIdFor('org-1:', 'abcdefgh')).not.toBe(breachIdFor('org-1', ':abcdefgh'));
  });

  it('formats ids as BR- and four groups of Crockford base32', () => {
    const id = breachIdFor('org-1', KEY);
    expect(id).toMatch(/^BR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(isBreachId(id)).toBe(true);
    expect(isBreachId(randomBreachId())).toBe(true);
  });

  it.each([
    '',
    'BR-',
    'br-7k3m-9qxd-2f8a-1c4t',
    'BR-7K3M-9QXD-2F8A-1C4U',
    'BR-7K3M9QXD2F8A1C4T',
    'BR-7K3M-9QXD-2F8A-1C4T-',
    42,
  ])('rejects %j as an id', (value) => {
    expect(isBreachId(value)).toBe(false);
  });
});
