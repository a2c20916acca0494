import { SFNClient, SFNServiceException, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { breachPk } from '../../functions/adapters/table-layout';
import { SfnWorkflowStarter } from '../../functions/adapters/workflow';
import { makeHandler as makeAuthorizer } from '../../functions/authorizer/make-handler';
import { generateApiKey, hashApiKey } from '../../functions/domain/api-keys';
import { breachIdFor } from '../../functions/domain/breach-id';
import { verifyChain } from '../../functions/domain/hash-chain';
import { PRESETS } from '../../functions/domain/presets';
import { makeHandler as makeGetBreach } from '../../functions/get-breach/make-handler';
import { makeHandler as makeIntake } from '../../functions/intake/make-handler';
import { makeHandler as makeListBreaches } from '../../functions/list-breaches/make-handler';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { aReportInput, REPORT_NOW } from '../support/reports';
import { apiEvent, jsonRequest, lambdaContext, memoryLogger } from '../unit/http/api-event';

/**
 * The intake API on the real DynamoDB adapters (dynalite), with Step Functions mocked: what a retried, reused or
 * cross-tenant request leaves in the table.
 */

const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-2:123456789012:stateMachine:breach-lifecycle';
const executionArn = (name: string) => `arn:aws:states:eu-west-2:123456789012:execution:breach-lifecycle:${name}`;
const sfnMock = mockClient(SFNClient);

let table: LocalTable;
let breaches: DynamoBreachRepository;
let organisations: DynamoOrganisationRepository;
let intake: ReturnType<typeof makeIntake>;
let getBreach: ReturnType<typeof makeGetBreach>;
let listBreaches: ReturnType<typeof makeListBreaches>;
let keyCounter = 0;

beforeAll(async () => {
  table = await startDynalite();
  breaches = new DynamoBreachRepository({ client: table.client, tableName: table.tableName });
  organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
  await organisations.put({ id: 'org-a', name: 'School A', policy: PRESETS.school });
  await organisations.put({ id: 'org-b', name: 'Care B', policy: PRESETS['social-care'] });
  const workflow = new SfnWorkflowStarter(new SFNClient({ region: 'eu-west-2' }), STATE_MACHINE_ARN);
  const now = () => REPORT_NOW;
  const logger = memoryLogger();
  intake = makeIntake({ breaches, organisations, workflow, now, logger });
  getBreach = makeGetBreach({ breaches, organisations, now, logger });
  listBreaches = makeListBreaches({ breaches, logger });
});

afterAll(async () => {
  sfnMock.restore();
  await table?.close();
});

beforeEach(() => {
  // Like Step Functions: a start with the same name and input returns the same execution.
  sfnMock.on(StartExecutionCommand).callsFake(started);
});

afterEach(() => {
  sfnMock.reset();
});

function started(input: { name: string }) {
  return { executionArn: executionArn(input.name), startDate: REPORT_NOW };
}

const newKey = () => `integration-key-${++keyCounter}-${Date.now()}`;

type ApiHandler = typeof intake | typeof getBreach | typeof listBreaches;

const call = async (handler: ApiHandler, event: APIGatewayProxyEvent) => {
  const response = await handler(event, lambdaContext());
  return { ...response, json: JSON.parse(response.body) };
};

const post = (body: unknown, key: string, organisationId = 'org-a') =>
  call(intake, jsonRequest(body, { path: '/breaches', organisationId, headers: { 'Idempotency-Key': key } }));

const get = (breachId: string, organisationId = 'org-a') =>
  call(getBreach, apiEvent({ path: `/breaches/${breachId}`, pathParameters: { id: breachId }, organisationId }));

const countItems = async (): Promise<number> => {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({ TableName: table.tableName, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
};

const partitionItems = async (breachId: string) =>
  (
    await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': breachPk(breachId) },
      }),
    )
  ).Items ?? [];

describe('intake on DynamoDB', () => {
  it('answers the same key and body with the same breach and 200, writing nothing more', async () => {
    // Prepare
    const key = newKey();
    const first = await post(aReportInput(), key);
    const itemsAfterFirst = await countItems();

    // Act
    const second = await post(aReportInput(), key);

    // Assess
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json.breachId).toBe(first.json.breachId);
    expect(second.json.breachId).toBe(breachIdFor('org-a', key));
    expect(await countItems()).toBe(itemsAfterFirst);
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    const events = await breaches.events(first.json.breachId);
    expect(events.map((e) => e.type)).toEqual(['reported', 'workflow-started']);
    expect(verifyChain(events)).toEqual([]);
  });

  it('refuses the same key with another body with 422 and writes nothing', async () => {
    const key = newKey();
    await post(aReportInput(), key);
    const before = await countItems();

    const response = await post(aReportInput({ description: 'Another breach entirely.' }), key);

    expect(response.statusCode).toBe(422);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(await countItems()).toBe(before);
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });

  it("answers another organisation's breach with the same 404 as an unknown one", async () => {
    const { json: created } = await post(aReportInput(), newKey(), 'org-a');

    const foreign = await get(created.breachId, 'org-b');
    const unknown = await get(breachIdFor('org-b', newKey()), 'org-b');
    const own = await get(created.breachId, 'org-a');

    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const { instance: _a, ...foreignProblem } = foreign.json;
    const { instance: _b, ...unknownProblem } = unknown.json;
    expect(foreignProblem).toEqual(unknownProblem);
    expect(own.statusCode).toBe(200);
    expect(own.json.state).toMatchObject({ breachId: created.breachId, executionArn: executionArn(created.breachId) });
    expect(own.json.deadlines.map((d: { clockId: string }) => d.clockId)).toContain('authority');
  });

  it("lists only the organisation's own breaches", async () => {
    const { json: mine } = await post(aReportInput(), newKey(), 'org-b');

    const response = await call(
      listBreaches,
      apiEvent({ path: '/breaches', query: { status: 'open' }, organisationId: 'org-b' }),
    );

    expect(response.statusCode).toBe(200);
    const ids = response.json.items.map((item: { breachId: string }) => item.breachId);
    expect(ids).toContain(mine.breachId);
    for (const id of ids) expect((await breaches.state(id))?.organisationId).toBe('org-b');
  });

  it('keeps a report whose workflow could not start, and starts it when the request is repeated', async () => {
    // Prepare
    const key = newKey();
    const breachId = breachIdFor('org-a', key);
    sfnMock
      .on(StartExecutionCommand)
      .rejectsOnce(
        new SFNServiceException({ name: 'ServiceUnavailable', $fault: 'server', $metadata: {}, message: 'down' }),
      )
      .resolves({ executionArn: executionArn(breachId), startDate: REPORT_NOW });

    // Act
    const first = await post(aReportInput(), key);
    const second = await post(aReportInput(), key);

    // Assess
    expect(first.statusCode).toBe(202);
    expect(first.json.workflow).toBe('pending');
    expect(second.statusCode).toBe(200);
    expect(second.json.workflow).toBe('started');
    const events = await breaches.events(breachId);
    expect(events.map((e) => e.type)).toEqual(['reported', 'step-failed', 'workflow-started']);
    expect((await breaches.state(breachId))?.executionArn).toBe(executionArn(breachId));
  });

  it('records one breach and one workflow start for concurrent retries of the same request', async () => {
    const key = newKey();
    const breachId = breachIdFor('org-a', key);

    const responses = await Promise.all(Array.from({ length: 5 }, () => post(aReportInput(), key)));

    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    const events = await breaches.events(breachId);
    expect(events.filter((e) => e.type === 'reported')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'workflow-started')).toHaveLength(1);
    expect(verifyChain(events)).toEqual([]);
  });

  it('writes nothing for an invalid report', async () => {
    const key = newKey();
    const before = await countItems();

    const response = await post({ ...aReportInput(), approximateSubjects: -1 }, key);

    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toEqual([{ path: 'approximateSubjects', message: expect.any(String) }]);
    expect(await countItems()).toBe(before);
    expect(await partitionItems(breachIdFor('org-a', key))).toEqual([]);
    expect(sfnMock).toHaveReceivedCommandTimes(StartExecutionCommand, 0);
  });

  it('lets a key stored by hash through the authorizer to its own organisation', async () => {
    const apiKey = generateApiKey();
    await organisations.addApiKeyHash('org-b', hashApiKey(apiKey));
    const authorize = makeAuthorizer({ organisations });

    const result = await authorize(
      {
        type: 'TOKEN',
        authorizationToken: `Bearer ${apiKey}`,
        methodArn: 'arn:aws:execute-api:eu-west-2:123456789012:api123/prod/POST/breaches',
      },
      lambdaContext(),
    );

    expect(result.context).toMatchObject({ organisationId: 'org-b' });
    expect(JSON.parse(String(result.context?.organisation))).toMatchObject({ id: 'org-b', name: 'Care B' });
    await expect(
      authorize(
        {
          type: 'TOKEN',
          authorizationToken: `Bearer ${generateApiKey()}`,
          methodArn: 'arn:aws:execute-api:eu-west-2:123456789012:api123/prod/POST/breaches',
        },
        lambdaContext(),
      ),
    ).rejects.toThrow('Unauthorized');
  });
});
