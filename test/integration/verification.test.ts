import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoBreachLogReader } from '../../functions/adapters/breach-log-reader';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { breachPk, eventSk, STATE_SK } from '../../functions/adapters/table-layout';
import type { NewEvent } from '../../functions/domain/events';
import { verifyAll } from '../../functions/domain/verify-all';
import { makeHandler } from '../../functions/verification/make-handler';
import { LOCAL_TABLE_NAME, startLocalDynamo } from '../../local/dynamodb';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { lateReportedHistory, unreportedHistory } from '../support/register-histories';
import { apiEvent, lambdaContext } from '../unit/http/api-event';

/**
 * Tamper evidence against the real table: breaches written by the real repository, then edited behind its back with
 * plain DynamoDB calls, as someone with write access to the table could.
 */

let table: LocalTable;
let repository: DynamoBreachRepository;

beforeEach(async () => {
  table = await startDynalite();
  repository = new DynamoBreachRepository({ client: table.client, tableName: table.tableName });
});

afterEach(async () => {
  await table.close();
});

const record = async (breachId: string, organisationId: string, events: NewEvent[]): Promise<number> => {
  const [first, ...rest] = events;
  await repository.create(breachId, organisationId, first as NewEvent<'reported'>);
  for (const event of rest) await repository.append(breachId, event);
  return events.length;
};

const A1 = 'BR-AAAA-0000-0000-0001';
const A2 = 'BR-AAAA-0000-0000-0002';
const B1 = 'BR-BBBB-0000-0000-0001';

/** Two breaches of organisation A (one late and closed, one not reported) and one of organisation B. */
const seed = async () => {
  const length = await record(A1, 'org-a', lateReportedHistory('2025-03-03T09:00:00Z'));
  await record(A2, 'org-a', unreportedHistory('2025-04-01T08:00:00Z'));
  await record(B1, 'org-b', lateReportedHistory('2025-05-01T09:00:00Z'));
  return { length };
};

const key = (breachId: string, sk: string) => ({ PK: breachPk(breachId), SK: sk });
const getItem = async (breachId: string, sk: string) => {
  const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: key(breachId, sk) }));
  if (!Item) throw new Error(`no item ${sk}`);
  return Item;
};
const putItem = (item: Record<string, unknown>) =>
  table.client.send(new PutCommand({ TableName: table.tableName, Item: item }));
const deleteItem = (breachId: string, sk: string) =>
  table.client.send(new DeleteCommand({ TableName: table.tableName, Key: key(breachId, sk) }));

const verify = (organisationId?: string) =>
  verifyAll(
    { log: new DynamoBreachLogReader({ client: table.client, tableName: table.tableName }) },
    organisationId ? { organisationId } : {},
  );

const findings = async (organisationId?: string) =>
  (await verify(organisationId)).problems.map((p) => [p.breachId, p.problem, p.seq]);

describe('verification against the table', () => {
  it('reports nothing for an untouched store', async () => {
    await seed();

    expect(await verify()).toEqual({ checked: 3, problems: [] });
  });

  it("reports an event whose data was edited, with the breach and the event's seq", async () => {
    await seed();
    const item = await getItem(A1, eventSk(4));
    await putItem({ ...item, data: { ...(item.data as object), delayReason: 'A kinder reason written later.' } });

    expect(await findings()).toContainEqual([A1, 'hash-mismatch', 4]);
    expect((await findings()).every(([breachId]) => breachId === A1)).toBe(true);
  });

  it('reports a deleted middle event as the seq that is missing', async () => {
    await seed();
    await deleteItem(A1, eventSk(3));

    expect(await findings()).toEqual([[A1, 'gap', 3]]);
  });

  it('reports a deleted last event: the projection is ahead of the log', async () => {
    const { length } = await seed();
    await deleteItem(A1, eventSk(length));

    expect(await findings()).toEqual([[A1, 'tail-missing', length]]);
  });

  it('reports two events whose seq were swapped', async () => {
    await seed();
    const [second, third] = [await getItem(A1, eventSk(2)), await getItem(A1, eventSk(3))];
    await putItem({ ...second, seq: third.seq });
    await putItem({ ...third, seq: second.seq });

    const found = await findings();
    expect(found).toContainEqual([A1, 'out-of-order', 2]);
    expect(found).toContainEqual([A1, 'out-of-order', 3]);
    expect(found).toContainEqual([A1, 'hash-mismatch', 2]);
    expect(found).toContainEqual([A1, 'hash-mismatch', 3]);
  });

  it('reports an edited projection with the fields that differ from the fold', async () => {
    await seed();
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key(A2, STATE_SK),
        UpdateExpression: 'SET #stage = :stage, #awareAt = :awareAt',
        ExpressionAttributeNames: { '#stage': 'stage', '#awareAt': 'awareAt' },
        ExpressionAttributeValues: { ':stage': 'closed', ':awareAt': '2025-04-02T08:00:00Z' },
      }),
    );

    const { problems } = await verify();
    expect(problems).toEqual([
      expect.objectContaining({ breachId: A2, seq: 3, problem: 'projection-mismatch', fields: ['awareAt', 'stage'] }),
    ]);
  });

  it('reports an item that is no longer an event instead of failing', async () => {
    await seed();
    const { hash: _hash, ...item } = await getItem(A2, eventSk(2));
    await putItem(item);

    const found = await findings();
    expect(found).toContainEqual([A2, 'malformed-item', 2]);
    expect(found).toContainEqual([A2, 'gap', 2]);
  });

  it("never mentions another organisation's breaches in an organisation's report", async () => {
    await seed();
    await deleteItem(B1, eventSk(3));
    const item = await getItem(A1, eventSk(2));
    await putItem({ ...item, at: '2025-03-03T09:30:00.000Z' });

    const forA = await verify('org-a');
    expect(forA.checked).toBe(2);
    // The edited event breaks A1's chain; whatever else it changes, every finding is A1's.
    expect(forA.problems).toContainEqual(expect.objectContaining({ breachId: A1, seq: 2 }));
    expect(new Set(forA.problems.map((p) => p.breachId))).toEqual(new Set([A1]));
    expect(JSON.stringify(forA)).not.toContain(B1);

    const forB = await verify('org-b');
    expect(forB).toEqual({ checked: 1, problems: [expect.objectContaining({ breachId: B1, problem: 'gap', seq: 3 })] });
  });

  it("answers GET /verification with the caller's organisation only", async () => {
    await seed();
    await deleteItem(B1, eventSk(2));
    const handler = makeHandler({
      log: new DynamoBreachLogReader({ client: table.client, tableName: table.tableName }),
      now: () => new Date('2025-06-01T12:00:00Z'),
    });

    const forA = await handler(apiEvent({ path: '/verification', organisationId: 'org-a' }), lambdaContext());
    const forB = await handler(apiEvent({ path: '/verification', organisationId: 'org-b' }), lambdaContext());

    expect(forA.statusCode).toBe(200);
    expect(JSON.parse(forA.body)).toMatchObject({ organisationId: 'org-a', intact: true, checked: 2, problems: [] });
    expect(forA.body).not.toContain(B1);
    expect(JSON.parse(forB.body)).toMatchObject({
      organisationId: 'org-b',
      verifiedAt: '2025-06-01T12:00:00.000Z',
      intact: false,
      checked: 1,
      problems: [{ breachId: B1, seq: 2, problem: 'gap' }],
    });
  });
});

describe('npm run verify', () => {
  const run = promisify(execFile);
  const verifyCli = async (args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'local/verify.ts', ...args]);
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, stdout: failed.stdout };
    }
  };

  it('checks the data folder of local mode: exit 0 when intact, 1 with a line per problem when not', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'breachdesk-verify-'));
    try {
      const local = await startLocalDynamo({ path: join(dataDir, 'dynamodb'), tableName: LOCAL_TABLE_NAME });
      const localRepository = new DynamoBreachRepository({ client: local.client, tableName: local.tableName });
      const [first, ...rest] = lateReportedHistory('2025-03-03T09:00:00Z');
      await localRepository.create(A1, 'org-a', first as NewEvent<'reported'>);
      for (const event of rest) await localRepository.append(A1, event);
      await local.close();

      const intact = await verifyCli(['--data', dataDir]);
      expect(intact.code).toBe(0);
      expect(intact.stdout).toContain('Verified 1 breach');
      expect(intact.stdout).toContain('intact');

      const reopened = await startLocalDynamo({ path: join(dataDir, 'dynamodb'), tableName: LOCAL_TABLE_NAME });
      await reopened.client.send(new DeleteCommand({ TableName: reopened.tableName, Key: key(A1, eventSk(2)) }));
      await reopened.close();

      const tampered = await verifyCli(['--data', dataDir]);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toContain(`${A1} seq 2: gap:`);
      expect(tampered.stdout).toMatch(/1 problem in 1 breach\./);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('checks a running emulator given --endpoint and --table', async () => {
    await seed();
    await deleteItem(B1, eventSk(2));

    const result = await verifyCli(['--endpoint', table.endpoint, '--table', table.tableName]);

    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${B1} seq 2: gap: event 2 missing: the log jumps from 1 to 3`,
      expect.stringMatching(/^Verified 3 breaches in table .*: 1 problem in 1 breach\.$/),
    ]);
  });
});
