import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { SfnWorkflowStarter } from '../../functions/adapters/workflow';
import { makeHandler as makeAuthorizer } from '../../functions/authorizer/make-handler';
import { generateApiKey, hashApiKey } from '../../functions/domain/api-keys';
import { breachIdFor } from '../../functions/domain/breach-id';
import { verifyChain } from '../../functions/domain/hash-chain';
import { PRESETS } from '../../functions/domain/presets';
import { foldEvents } from '../../functions/domain/state';
import { makeHandler as makeIntake } from '../../functions/intake/make-handler';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { aReportInput, REPORT_NOW } from '../support/reports';
import { jsonRequest, lambdaContext, memoryLogger } from '../unit/http/api-event';

/**
 * How many DynamoDB round-trips one `POST /breaches` costs, counted by a middleware on the real DynamoDB client
 * against dynalite. The authorizer runs first, as API Gateway runs it, and hands its context on; its own reads are
 * not the request's (API Gateway caches its answer per key).
 */

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-2:123456789012:stateMachine:breach-lifecycle';
const METHOD_ARN = 'arn:aws:execute-api:eu-west-2:123456789012:abc123/prod/POST/breaches';
const sfnMock = mockClient(SFNClient);

let table: LocalTable;
let breaches: DynamoBreachRepository;
let intake: ReturnType<typeof makeIntake>;
let authorize: ReturnType<typeof makeAuthorizer>;
let apiKey: string;
let sent: string[] = [];
let counting = false;
let keyCounter = 0;

beforeAll(async () => {
  table = await startDynalite();
  table.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (counting) sent.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'roundTripCounter' },
  );
  breaches = new DynamoBreachRepository({ client: table.client, tableName: table.tableName });
  const organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
  await organisations.put({ id: 'org-a', name: 'School A', policy: PRESETS.school, policyVersion: 3 });
  apiKey = generateApiKey();
  await organisations.addApiKeyHash('org-a', hashApiKey(apiKey));
  const workflow = new SfnWorkflowStarter(new SFNClient({ region: 'eu-west-2' }), STATE_MACHINE_ARN);
  intake = makeIntake({ breaches, organisations, workflow, now: () => REPORT_NOW, logger: memoryLogger() });
  authorize = makeAuthorizer({ organisations });
});

afterAll(async () => {
  sfnMock.restore();
  await table?.close();
});

beforeEach(() => {
  sent = [];
  sfnMock.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: `arn:aws:states:eu-west-2:123456789012:execution:breach-lifecycle:${input.name}`,
    startDate: REPORT_NOW,
  }));
});

afterEach(() => {
  sfnMock.reset();
});

/** The authorizer's answer, then the request with its context as API Gateway passes it on; only the latter counted. */
const post = async (body: unknown, idempotencyKey: string) => {
  const decision = (await authorize(
    { type: 'TOKEN', authorizationToken: `Bearer ${apiKey}`, methodArn: METHOD_ARN },
    lambdaContext(),
  )) as APIGatewayAuthorizerResult;
  const event = jsonRequest(body, { path: '/breaches', headers: { 'Idempotency-Key': idempotencyKey } });
  event.requestContext.authorizer = { ...decision.context, principalId: decision.principalId };
  counting = true;
  try {
    const response = await intake(event, lambdaContext());
    return { ...response, json: JSON.parse(response.body) };
  } finally {
    counting = false;
  }
};

const newKey = () => `round-trips-${++keyCounter}`;

describe('POST /breaches round-trips to DynamoDB', () => {
  it('reports a new breach in at most five round-trips, all of them writes', async () => {
    // Act
    const response = await post(aReportInput(), newKey());

    // Assess
    expect(response.statusCode).toBe(201);
    expect(sent.length).toBeLessThanOrEqual(5);
    expect(sent).toEqual(['PutItem', 'PutItem', 'PutItem', 'PutItem', 'PutItem']);
  });

  it('leaves the same log, chain and projection as the reads would have', async () => {
    // Act
    const key = newKey();
    const response = await post(aReportInput(), key);

    // Assess
    const breachId = breachIdFor('org-a', key);
    const events = await breaches.events(breachId);
    expect(response.json.breachId).toBe(breachId);
    expect(events.map((e) => e.type)).toEqual(['reported', 'workflow-started']);
    expect(verifyChain(events)).toEqual([]);
    expect(events[0]?.data).toMatchObject({ policyPreset: 'school', policyVersion: 3 });
    expect(await breaches.state(breachId)).toEqual(foldEvents(events));
  });

  it('records the workflow once when the same request is repeated, and refuses the key with another body', async () => {
    // Prepare
    const key = newKey();
    await post(aReportInput(), key);

    // Act
    const repeat = await post(aReportInput(), key);
    const reused = await post(aReportInput({ description: 'Another breach altogether.' }), key);

    // Assess
    expect(repeat.statusCode).toBe(200);
    expect(reused.statusCode).toBe(422);
    const events = await breaches.events(breachIdFor('org-a', key));
    expect(events.map((e) => e.type)).toEqual(['reported', 'workflow-started']);
  });

  it('falls back to reading the log when another writer took the next sequence number first', async () => {
    // Prepare: the lifecycle's first task appends before intake records its start (a fast Prepare).
    const key = newKey();
    const breachId = breachIdFor('org-a', key);
    sfnMock.on(StartExecutionCommand).callsFake(async (input: { name: string }) => {
      await breaches.append(breachId, {
        type: 'step-failed',
        at: REPORT_NOW.toISOString(),
        actor: { kind: 'system', component: 'prepare' },
        data: { step: 'prepare', error: 'Test' },
      });
      return { executionArn: `arn:aws:states:eu-west-2:123456789012:execution:x:${input.name}`, startDate: REPORT_NOW };
    });

    // Act
    const response = await post(aReportInput(), key);

    // Assess
    expect(response.statusCode).toBe(201);
    const events = await breaches.events(breachId);
    expect(events.map((e) => e.type)).toEqual(['reported', 'step-failed', 'workflow-started']);
    expect(verifyChain(events)).toEqual([]);
    expect(await breaches.state(breachId)).toEqual(foldEvents(events));
  });

  it('keeps tenants apart: the organisation comes from the authorizer context, and must match its id', async () => {
    // Prepare: a context whose organisation names another tenant than its id is not believed.
    const key = newKey();
    const event = jsonRequest(aReportInput(), { path: '/breaches', headers: { 'Idempotency-Key': key } });
    event.requestContext.authorizer = {
      organisationId: 'org-a',
      principalId: 'org-a',
      organisation: JSON.stringify({ id: 'org-b', name: 'Other', policy: PRESETS.rcot }),
    };

    // Act
    const response = await intake(event, lambdaContext());

    // Assess: read from the table instead, as org-a.
    expect(response.statusCode).toBe(201);
    const [reported] = await breaches.events(breachIdFor('org-a', key));
    expect(reported).toMatchObject({ organisationId: 'org-a', data: { policyPreset: 'school' } });
  });
});
