import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb-client';
import { DynamoOrganisationAdminStore } from '../../functions/adapters/organisation-admin-store';
import { STACK_OUTPUTS } from '../../functions/adapters/stack-outputs';
import { orgBreachesGsi1Pk } from '../../functions/adapters/table-layout';
import { type LocalMode, startLocalMode } from '../../local/local-mode';
import { runSmoke, SES_SIMULATOR_SUCCESS, SMOKE_ORGANISATION_ID } from '../../scripts/smoke';

/**
 * `npm run smoke` against local mode, and against a "deployed stack" whose CloudFormation and STS answers are mocked
 * and whose endpoints are this local mode's (the SDK reads them from the environment the local runtime set).
 */

let dir: string;
let infoPath: string;
let local: LocalMode;
let documents: DynamoDBDocumentClient;

const smoke = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSmoke(
    argv,
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    { pollMs: 50, settleMs: 500 },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/** What the smoke test must leave behind: no breach of its organisation, no key. */
const leftOver = async () => {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: local.info.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': orgBreachesGsi1Pk(SMOKE_ORGANISATION_ID) },
    }),
  );
  const organisations = new DynamoOrganisationAdminStore({ client: documents, tableName: local.info.tableName });
  return { breaches: Items ?? [], keys: await organisations.apiKeys(SMOKE_ORGANISATION_ID) };
};

const executionStatus = (breachId: string) =>
  local.runtime.stepFunctions.describeExecution(
    `${local.info.stateMachineArn.replace(':stateMachine:', ':execution:')}:${breachId}`,
  ).status;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'breachdesk-smoke-'));
  infoPath = join(dir, 'local.json');
  local = await startLocalMode({
    dataDir: join(dir, 'data'),
    infoPath,
    port: 0,
    inboxPort: 0,
    reconcileEveryMs: 3_600_000,
  });
  documents = createDocumentClient({
    endpoint: local.info.endpoints.dynamodb,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  documents?.destroy();
  await local?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run smoke', () => {
  it('reports a test breach through the API, sees SES accept the DPO mail, and cleans up', async () => {
    // Act
    const result = await smoke('--local-info', infoPath);

    // Assess
    expect(result.code, `${result.out}\n${result.err}`).toBe(0);
    expect(result.out).toMatch(/SES accepted the DPO's "new breach" mail \(message id \S+\)/);
    expect(result.out).toContain('The deployment works');
    const breachId = /test breach (BR-[A-Z0-9-]+)/.exec(result.out)?.[1];
    expect(executionStatus(breachId ?? '')).toBe('ABORTED');
    expect(await leftOver()).toEqual({ breaches: [], keys: [] });
    const mails = (await (await fetch(`${local.info.inboxUrl}store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    expect(mails.emails.some((mail) => mail.destination.to.includes(SES_SIMULATOR_SUCCESS))).toBe(true);
  });

  it('runs again on the same organisation, which keeps its recorded changes', async () => {
    const result = await smoke('--local-info', infoPath);

    expect(result.code, result.err).toBe(0);
    expect(result.out).not.toContain('created the organisation');
    const organisations = new DynamoOrganisationAdminStore({ client: documents, tableName: local.info.tableName });
    const actions = (await organisations.changes(SMOKE_ORGANISATION_ID)).map((change) => change.action);
    expect(actions).toEqual(['organisation-created', 'key-issued', 'key-revoked', 'key-issued', 'key-revoked']);
  });

  it('fails, says which step, and still cleans up when the API does not take the report', async () => {
    // Prepare: the same local mode, behind an API that answers 503
    const api = createServer((_request, response) => {
      response.writeHead(503, { 'Content-Type': 'application/problem+json' });
      response.end('{"title":"Service Unavailable","status":503}');
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const brokenInfo = join(dir, 'broken.json');
    const { port } = api.address() as AddressInfo;
    writeFileSync(brokenInfo, JSON.stringify({ ...local.info, apiUrl: `http://127.0.0.1:${port}/v1` }));

    // Act
    const result = await smoke('--local-info', brokenInfo);
    await new Promise((resolve) => api.close(resolve));

    // Assess
    expect(result.code).toBe(1);
    expect(result.err).toContain('Smoke test failed: POST /breaches answered 503');
    expect(result.out).toMatch(/- revoked the key key_[0-9a-f]{12}/);
    expect(await leftOver()).toEqual({ breaches: [], keys: [] });
  });

  it('says so and exits 2 when local mode is not running', async () => {
    const result = await smoke('--local-info', join(dir, 'absent.json'));

    expect(result.code).toBe(2);
    expect(result.err).toContain('local mode is not running');
  });
});

describe('npm run smoke -- --stack NAME (CloudFormation and STS mocked)', () => {
  it('finds the API, tables and state machine in the stack outputs and passes', async () => {
    // Prepare
    const cloudFormation = mockClient(CloudFormationClient);
    const sts = mockClient(STSClient);
    cloudFormation.on(DescribeStacksCommand, { StackName: 'Breachdesk' }).resolves({
      Stacks: [
        {
          StackName: 'Breachdesk',
          CreationTime: new Date(),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [
            { OutputKey: STACK_OUTPUTS.apiUrl, OutputValue: `${local.info.apiUrl}/` },
            { OutputKey: STACK_OUTPUTS.tableName, OutputValue: local.info.tableName },
            { OutputKey: STACK_OUTPUTS.subjectsTableName, OutputValue: local.info.subjectsTableName },
            { OutputKey: STACK_OUTPUTS.stateMachineArn, OutputValue: local.info.stateMachineArn },
            { OutputKey: STACK_OUTPUTS.userPoolId, OutputValue: 'eu-west-2_LocalPool' },
          ],
        },
      ],
    });
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::123456789012:user/it-admin' });

    // Act
    const result = await smoke('--stack', 'Breachdesk', '--region', 'eu-west-2');

    // Assess
    expect(result.code, `${result.out}\n${result.err}`).toBe(0);
    expect(result.out).toContain(
      'Smoke test of stack Breachdesk in eu-west-2, as arn:aws:iam::123456789012:user/it-admin',
    );
    expect(await leftOver()).toEqual({ breaches: [], keys: [] });
    cloudFormation.restore();
    sts.restore();
  });
});
