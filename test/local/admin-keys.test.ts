import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DeleteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb-client';
import { STACK_OUTPUTS } from '../../functions/adapters/stack-outputs';
import { ORG_PROFILE_SK, orgPk } from '../../functions/adapters/table-layout';
import { AUTHORIZER_CACHE_SECONDS } from '../../functions/authorizer-cache';
import { apiMount } from '../../local/api-routes';
import { type LocalMode, startLocalMode } from '../../local/local-mode';
import { runAdmin } from '../../scripts/admin';
import { aReportInput } from '../support/reports';

/**
 * `npm run admin` against the running local mode, as an administrator uses it: create an organisation, issue a key,
 * report a breach with it over HTTP, revoke it, and see every route refuse it once the authorizer's cache has run
 * out (the one documented bound; the gateway's clock is moved, not waited for). Then the same commands against a
 * "deployed stack" whose CloudFormation and STS answers are mocked and whose table is this one.
 */

let dir: string;
let infoPath: string;
let local: LocalMode;
let clock = Date.now();

const admin = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin([...argv, '--local-info', infoPath], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

const issuedKey = (output: string): string => {
  const key = /bd_live_[A-Za-z0-9_-]{43}/.exec(output)?.[0];
  if (!key) throw new Error(`no key in: ${output}`);
  return key;
};

const report = (key: string, idempotencyKey: string) =>
  fetch(`${local.info.apiUrl}/breaches`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body: JSON.stringify(aReportInput({}, new Date())),
  });

/** Every route behind the authorizer, with made-up path parameters: what matters is whether the gateway lets it in. */
const authorizedRoutes = () =>
  apiMount(local.runtime.http)
    .routes.filter((route) => route.authorized)
    .map((route) => ({
      method: route.method,
      path: route.resource.replace('{id}', 'BR-7K3M-9QXD-2F8A-1C4E').replace('{step}', 'contain'),
    }));

let documentsForTest: DynamoDBDocumentClient;

/** The organisations' items and key hashes: what administration writes (the breaches' workflows write on meanwhile). */
const tableItems = async () =>
  ((await documentsForTest.send(new ScanCommand({ TableName: local.info.tableName }))).Items ?? []).filter((item) =>
    /^(ORG|APIKEY)#/.test(String(item.PK)),
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'breachdesk-admin-'));
  infoPath = join(dir, 'local.json');
  local = await startLocalMode({
    dataDir: join(dir, 'data'),
    infoPath,
    port: 0,
    inboxPort: 0,
    reconcileEveryMs: 3_600_000,
    authorizerClock: () => clock,
  });
  documentsForTest = createDocumentClient({
    endpoint: local.info.endpoints.dynamodb,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  documentsForTest?.destroy();
  await local?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run admin against local mode', () => {
  it('creates an organisation whose issued key reports a breach, and whose revoked key every route refuses within the bound', async () => {
    // Prepare
    const created = await admin(
      'org',
      'create',
      '--preset',
      'school',
      '--name',
      "St Example's Primary",
      '--dpo-email',
      'dpo@st-example.example.org',
      '--time-zone',
      'Europe/London',
    );
    expect(created.code, created.err).toBe(0);
    expect(created.out).toContain("Created st-examples-primary  St Example's Primary  (preset school");
    const issued = await admin('key', 'issue', '--org', 'st-examples-primary');
    expect(issued.code, issued.err).toBe(0);
    const key = issuedKey(issued.out);

    // Act: the key reports a breach over HTTP
    const first = await report(key, 'admin-test-1');

    // Assess
    expect(first.status).toBe(201);
    const listed = await admin('key', 'list', '--org', 'st-examples-primary');
    expect(listed.out).toMatch(/^key_[0-9a-f]{12} {2}created \S+ by local:\S+ {2}last used \S+$/);

    // Act: revoke it, and let the authorizer's cache run out
    const keyId = /key_[0-9a-f]{12}/.exec(listed.out)?.[0] ?? '';
    const revoked = await admin('key', 'revoke', '--org', 'st-examples-primary', '--key', keyId);
    expect(revoked.code, revoked.err).toBe(0);
    expect(revoked.out).toContain(`within ${AUTHORIZER_CACHE_SECONDS} s`);
    clock += AUTHORIZER_CACHE_SECONDS * 1000;

    // Assess: the same request, and every other route, is a 401
    expect((await report(key, 'admin-test-2')).status).toBe(401);
    for (const route of authorizedRoutes()) {
      const response = await fetch(`${local.info.apiUrl}${route.path}`, {
        method: route.method,
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        ...(route.method === 'GET' ? {} : { body: '{}' }),
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('refuses a deleted organisation on every route within the same bound', async () => {
    // Prepare
    await admin(
      'org',
      'create',
      '--preset',
      'generic',
      '--name',
      'Gone Ltd',
      '--dpo-email',
      'dpo@gone.example.org',
      '--time-zone',
      'Europe/London',
    );
    const key = issuedKey((await admin('key', 'issue', '--org', 'gone-ltd')).out);
    expect((await report(key, 'gone-ltd-first')).status).toBe(201);

    // Act
    await documentsForTest.send(
      new DeleteCommand({ TableName: local.info.tableName, Key: { PK: orgPk('gone-ltd'), SK: ORG_PROFILE_SK } }),
    );
    clock += AUTHORIZER_CACHE_SECONDS * 1000;

    // Assess
    for (const route of authorizedRoutes()) {
      const response = await fetch(`${local.info.apiUrl}${route.path}`, {
        method: route.method,
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('records every policy version and change with who made it, and a breach records the version it was reported under', async () => {
    // Prepare
    await admin(
      'org',
      'create',
      '--preset',
      'rcot',
      '--name',
      'Versioned Body',
      '--dpo-email',
      'dpo@versioned.example.org',
      '--time-zone',
      'Europe/London',
    );
    const policyPath = join(dir, 'policy.json');
    writeFileSync(policyPath, JSON.stringify({ timeZone: 'Europe/Dublin', dpo: { phone: '+44 20 7946 0000' } }));

    // Act
    const updated = await admin('org', 'update', '--org', 'versioned-body', '--policy', policyPath);
    const key = issuedKey((await admin('key', 'issue', '--org', 'versioned-body')).out);
    const reported = await report(key, 'versioned-1');
    const rotated = await admin(
      'key',
      'rotate',
      '--org',
      'versioned-body',
      '--key',
      (await admin('key', 'list', '--org', 'versioned-body', '--json')).out.match(/key_[0-9a-f]{12}/)?.[0] ?? '',
    );

    // Assess
    expect(updated.code, updated.err).toBe(0);
    expect(updated.out).toContain('now version 2');
    const { breachId } = (await reported.json()) as { breachId: string };
    const breach = (await (
      await fetch(`${local.info.apiUrl}/breaches/${breachId}`, { headers: { Authorization: `Bearer ${key}` } })
    ).json()) as { events: { type: string; data: { policyVersion?: number } }[] };
    expect(breach.events[0]).toMatchObject({ type: 'reported', data: { policyVersion: 2 } });
    expect(rotated.code, rotated.err).toBe(0);
    const shown = JSON.parse((await admin('org', 'show', '--org', 'versioned-body', '--json')).out) as {
      organisation: { policy: { timeZone: string; dpo: { email: string; phone: string } } };
      versions: { version: number; by: string }[];
      changes: { action: string; by: string }[];
      keys: unknown[];
    };
    expect(shown.organisation.policy.timeZone).toBe('Europe/Dublin');
    expect(shown.organisation.policy.dpo).toMatchObject({
      email: 'dpo@versioned.example.org',
      phone: '+44 20 7946 0000',
    });
    expect(shown.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(shown.changes.map((c) => c.action)).toEqual([
      'organisation-created',
      'policy-updated',
      'key-issued',
      'key-rotated',
    ]);
    expect(new Set(shown.changes.map((c) => c.by))).toEqual(new Set([`local:${userInfo().username}`]));
    expect(shown.keys).toHaveLength(1);
  });

  it.each([
    [
      'an unknown preset',
      [
        'org',
        'create',
        '--preset',
        'hospital',
        '--name',
        'X Trust',
        '--dpo-email',
        'dpo@x.example.org',
        '--time-zone',
        'Europe/London',
      ],
      "--preset: unknown preset 'hospital'",
    ],
    [
      'a bad e-mail and time zone',
      [
        'org',
        'create',
        '--preset',
        'school',
        '--name',
        'Y School',
        '--dpo-email',
        'not-an-address',
        '--time-zone',
        'London',
      ],
      "--dpo-email: 'not-an-address' is not an e-mail address",
    ],
    ['an unknown organisation', ['key', 'issue', '--org', 'nobody-here'], "organisation 'nobody-here' does not exist"],
    [
      'an unknown key',
      ['key', 'revoke', '--org', 'versioned-body', '--key', 'key_000000000000'],
      "organisation 'versioned-body' has no key 'key_000000000000'",
    ],
    [
      'a taken id',
      [
        'org',
        'create',
        '--preset',
        'school',
        '--name',
        'Gone Ltd',
        '--dpo-email',
        'dpo@g.example.org',
        '--time-zone',
        'Europe/London',
      ],
      "organisation 'gone-ltd' already exists",
    ],
  ])('refuses %s with a clear message and changes nothing', async (_what, argv, message) => {
    // Prepare
    const before = await tableItems();

    // Act
    const result = await admin(...argv);

    // Assess
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(result.err).toContain('Nothing was changed.');
    expect(await tableItems()).toEqual(before);
  });

  it('refuses an invalid policy file with the fields that are wrong, and changes nothing', async () => {
    // Prepare
    const policyPath = join(dir, 'bad-policy.json');
    writeFileSync(policyPath, JSON.stringify({ role: 'boss', timeZone: 'Mars/Olympus_Mons' }));
    const before = await tableItems();

    // Act
    const result = await admin('org', 'update', '--org', 'versioned-body', '--policy', policyPath);

    // Assess
    expect(result.code).toBe(1);
    expect(result.err).toContain('policy.role:');
    expect(result.err).toContain('policy.timeZone: must be an IANA time zone name, e.g. Europe/London');
    expect(await tableItems()).toEqual(before);
  });

  it('refuses an unknown command or missing option with the usage, exit code 2', async () => {
    const result = await admin('org', 'create', '--name', 'No Preset');

    expect(result.code).toBe(2);
    expect(result.err).toContain('org create needs --preset, --dpo-email, --time-zone');
  });
});

describe('npm run admin against a deployed stack (CloudFormation and STS mocked, the table this local one)', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const sts = mockClient(STSClient);
  const arn = 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_abc/it.admin@school.example.org';

  afterEach(() => {
    cloudFormation.reset();
    sts.reset();
  });

  afterAll(() => {
    cloudFormation.restore();
    sts.restore();
  });

  const stackAnswers = () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: 'Breachdesk' }).resolves({
      Stacks: [
        {
          StackName: 'Breachdesk',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: STACK_OUTPUTS.apiUrl, OutputValue: local.info.apiUrl },
            { OutputKey: STACK_OUTPUTS.tableName, OutputValue: local.info.tableName },
            { OutputKey: STACK_OUTPUTS.subjectsTableName, OutputValue: local.info.subjectsTableName },
            { OutputKey: STACK_OUTPUTS.stateMachineArn, OutputValue: local.info.stateMachineArn },
            { OutputKey: STACK_OUTPUTS.userPoolId, OutputValue: 'eu-west-2_LocalPool' },
          ],
        },
      ],
    });
    sts.on(GetCallerIdentityCommand).resolves({ Arn: arn, Account: '123456789012', UserId: 'AROA:it.admin' });
  };

  it('finds the tables through the stack outputs and records the caller ARN with the change', async () => {
    // Prepare
    stackAnswers();

    // Act
    const result = await admin(
      'key',
      'issue',
      '--org',
      'versioned-body',
      '--stack',
      'Breachdesk',
      '--region',
      'eu-west-2',
    );

    // Assess
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain(`(stack Breachdesk in eu-west-2, as ${arn})`);
    const shown = JSON.parse((await admin('org', 'show', '--org', 'versioned-body', '--json')).out) as {
      changes: { action: string; by: string }[];
    };
    expect(shown.changes.at(-1)).toMatchObject({ action: 'key-issued', by: arn });
  });

  it('says which stack it could not find, and exits 2', async () => {
    // Prepare
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' }));
    sts.on(GetCallerIdentityCommand).resolves({ Arn: arn });

    // Act
    const result = await admin('org', 'list', '--stack', 'Nope', '--region', 'eu-west-2');

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toContain("no stack 'Nope' in eu-west-2");
  });

  it('names the outputs a stack of an older version lacks', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'Old', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [] }],
    });
    sts.on(GetCallerIdentityCommand).resolves({ Arn: arn });

    // Act
    const result = await admin('org', 'list', '--stack', 'Old', '--region', 'eu-west-2');

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'has no output ApiUrl, BreachTableName, SubjectsTableName, StateMachineArn, UserPoolId',
    );
  });
});
