import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppendConflictError,
  BreachIdCollisionError,
  BreachNotFoundError,
  DynamoBreachRepository,
  IdempotencyKeyConflictError,
  InvalidCursorError,
  InvalidIdempotencyKeyError,
  ProjectionUpdateError,
  ReportedEventAppendError,
} from '../../functions/adapters/breach-repository';
import { breachPk, dedupeSk, eventSk, STATE_SK } from '../../functions/adapters/table-layout';
import type { BreachEvent, NewEvent } from '../../functions/domain/events';
import { verifyChain } from '../../functions/domain/hash-chain';
import { foldEvents } from '../../functions/domain/state';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { aFactAmended, aReport, aReportedEvent, aStepFailed, aWorkflowStarted } from '../support/event-fixtures';

let table: LocalTable;
let repository: DynamoBreachRepository;
let counter = 0;

/** Every test gets a breach of its own, so tests never see each other's events. */
const newBreachId = () => `breach-${Date.now()}-${++counter}`;

const newRepository = () => new DynamoBreachRepository({ client: table.client, tableName: table.tableName });

const aCreatedBreach = async (organisationId = 'org-1', report = aReport()) => {
  const breachId = newBreachId();
  await repository.create(breachId, organisationId, aReportedEvent(report));
  return breachId;
};

beforeAll(async () => {
  table = await startDynalite();
  repository = newRepository();
});

afterAll(async () => {
  await table?.close();
});

describe('create', () => {
  it('writes the reported event as seq 1, chained to the breach id, and projects it', async () => {
    // Prepare
    const breachId = newBreachId();

    // Act
    const result = await repository.create(breachId, 'org-1', aReportedEvent());

    // Assess
    expect(result.created).toBe(true);
    expect(result.event).toMatchObject({ breachId, organisationId: 'org-1', seq: 1, type: 'reported' });
    const events = await repository.events(breachId);
    expect(events).toEqual([result.event]);
    expect(verifyChain(events)).toEqual([]);
    expect(await repository.state(breachId)).toEqual(foldEvents(events));
  });

  it('writes nothing for a repeated create and returns the first event', async () => {
    // Prepare
    const breachId = newBreachId();
    const first = await repository.create(breachId, 'org-1', aReportedEvent());

    // Act
    const again = await repository.create(breachId, 'org-1', {
      ...aReportedEvent(),
      at: '2025-03-04T00:00:00Z',
    });

    // Assess
    expect(again).toEqual({ event: first.event, created: false });
    expect(await repository.events(breachId)).toHaveLength(1);
  });

  it('creates a breach once when many callers race to create it', async () => {
    const breachId = newBreachId();

    const results = await Promise.all(
      Array.from({ length: 10 }, () => newRepository().create(breachId, 'org-1', aReportedEvent())),
    );

    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.event.hash)).size).toBe(1);
    expect(await repository.events(breachId)).toHaveLength(1);
  });

  it('refuses a breach id that another organisation already holds', async () => {
    const breachId = await aCreatedBreach('org-1');

    await expect(repository.create(breachId, 'org-2', aReportedEvent())).rejects.toBeInstanceOf(BreachIdCollisionError);
  });

  it('restores a missing projection when the create is repeated', async () => {
    // Prepare: a first attempt that died between the event and the projection.
    const breachId = await aCreatedBreach();
    await repository.append(breachId, aStepFailed('one'));
    await table.client.send(
      new DeleteCommand({ TableName: table.tableName, Key: { PK: breachPk(breachId), SK: STATE_SK } }),
    );

    // Act
    await repository.create(breachId, 'org-1', aReportedEvent());

    // Assess
    expect(await repository.state(breachId)).toMatchObject({ version: 2 });
    expect(await repository.state(breachId)).toEqual(foldEvents(await repository.events(breachId)));
  });
});

describe('append', () => {
  it('numbers events in order and chains each to the one before', async () => {
    // Prepare
    const breachId = await aCreatedBreach();

    // Act
    const started = await repository.append(breachId, aWorkflowStarted('arn:aws:states:eu-west-2:1:execution:x:y'));
    const failed = await repository.append(breachId, aStepFailed('assess'));

    // Assess
    expect([started.event.seq, failed.event.seq]).toEqual([2, 3]);
    expect(failed.event.prevHash).toBe(started.event.hash);
    const events = await repository.events(breachId);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyChain(events)).toEqual([]);
    expect(await repository.state(breachId)).toMatchObject({
      version: 3,
      lastHash: failed.event.hash,
      executionArn: 'arn:aws:states:eu-west-2:1:execution:x:y',
      failures: [{ step: 'assess', error: 'Lambda.Timeout', at: '2025-03-03T10:00:00Z' }],
    });
  });

  it('returns the event exactly as a later read gives it back', async () => {
    const breachId = await aCreatedBreach();
    const amendment: NewEvent<'fact-amended'> = aFactAmended({ location: undefined, approximateSubjects: 30 });

    const { event } = await repository.append(breachId, amendment);

    expect((await repository.events(breachId))[1]).toStrictEqual(event);
  });

  it('refuses to append to a breach that does not exist', async () => {
    await expect(repository.append(newBreachId(), aStepFailed('x'))).rejects.toBeInstanceOf(BreachNotFoundError);
  });

  it('refuses a second reported event', async () => {
    const breachId = await aCreatedBreach();

    await expect(repository.append(breachId, aReportedEvent())).rejects.toBeInstanceOf(ReportedEventAppendError);
  });

  it('keeps 50 concurrent appends from separate writers gap-free, unique and chained', async () => {
    // Prepare
    const breachId = await aCreatedBreach();
    const writers = Array.from({ length: 50 }, () => newRepository());

    // Act
    const results = await Promise.all(writers.map((writer, i) => writer.append(breachId, aStepFailed(`step-${i}`))));

    // Assess
    const events = await repository.events(breachId);
    expect(events).toHaveLength(51);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.event.seq)).size).toBe(50);
    const steps = events.slice(1).map((e) => (e.data as { step: string }).step);
    expect(new Set(steps).size).toBe(50);
    expect(verifyChain(events)).toEqual([]);
    expect(await repository.state(breachId)).toEqual(foldEvents(events));
  });

  it('gives up with AppendConflictError when it keeps losing the race, having written nothing', async () => {
    // Prepare: a client on which a rival always takes the next seq just before our put.
    const breachId = await aCreatedBreach();
    const rivalFirst = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (command instanceof PutCommand && String(command.input.Item?.SK).startsWith('EVENT#')) {
          await repository.append(breachId, aStepFailed('rival'));
        }
        return table.client.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const loser = new DynamoBreachRepository({ client: rivalFirst, tableName: table.tableName, maxAttempts: 3 });

    // Act / Assess
    await expect(loser.append(breachId, aStepFailed('mine'))).rejects.toBeInstanceOf(AppendConflictError);
    const events = await repository.events(breachId);
    expect(events.map((e) => (e.data as { step?: string }).step)).toEqual([undefined, 'rival', 'rival', 'rival']);
    expect(verifyChain(events)).toEqual([]);
  });
});

describe('projection', () => {
  it('is never regressed by a stale writer', async () => {
    // Prepare: a writer that appends seq 2 and is then overtaken by two rivals before it writes its projection.
    const breachId = await aCreatedBreach();
    let overtaken = false;
    const slowClient = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (!overtaken && command instanceof PutCommand && command.input.Item?.SK === STATE_SK) {
          overtaken = true;
          await repository.append(breachId, aStepFailed('rival-1'));
          await repository.append(breachId, aStepFailed('rival-2'));
        }
        return table.client.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const slow = new DynamoBreachRepository({ client: slowClient, tableName: table.tableName });

    // Act
    const { event } = await slow.append(breachId, aStepFailed('slow'));

    // Assess
    expect(overtaken).toBe(true);
    expect(event.seq).toBe(2);
    const state = await repository.state(breachId);
    expect(state?.version).toBe(4);
    expect(state).toEqual(foldEvents(await repository.events(breachId)));
  });

  it('catches up by folding the log when it lags more than one event behind', async () => {
    // Prepare: the projection stuck at version 1 while the log moved on (writers died after their events).
    const breachId = await aCreatedBreach();
    const stale = await repository.state(breachId);
    await repository.append(breachId, aStepFailed('one'));
    await repository.append(breachId, aStepFailed('two'));
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...stale, PK: breachPk(breachId), SK: STATE_SK },
      }),
    );

    // Act
    await repository.append(breachId, aStepFailed('three'));

    // Assess
    const state = await repository.state(breachId);
    expect(state).toEqual(foldEvents(await repository.events(breachId)));
    expect(state?.failures.map((f) => f.step)).toEqual(['one', 'two', 'three']);
  });

  it('reports a failed projection write as ProjectionUpdateError, and the next append catches up', async () => {
    // Prepare: a client that cannot write the projection.
    const breachId = await aCreatedBreach();
    const brokenClient = {
      send: async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        if (command instanceof PutCommand && command.input.Item?.SK === STATE_SK) throw new Error('throttled');
        return table.client.send(command);
      },
    } as unknown as DynamoDBDocumentClient;
    const broken = new DynamoBreachRepository({ client: brokenClient, tableName: table.tableName });

    // Act
    const failure = await broken.append(breachId, aStepFailed('one')).catch((error: unknown) => error);
    await repository.append(breachId, aStepFailed('two'));

    // Assess
    expect(failure).toBeInstanceOf(ProjectionUpdateError);
    expect((failure as ProjectionUpdateError).event.seq).toBe(2);
    expect((failure as ProjectionUpdateError).cause).toEqual(new Error('throttled'));
    const state = await repository.state(breachId);
    expect(state?.failures.map((f) => f.step)).toEqual(['one', 'two']);
    expect(state).toEqual(foldEvents(await repository.events(breachId)));
  });

  it('is rebuilt from the events, repairing a damaged projection', async () => {
    // Prepare
    const breachId = await aCreatedBreach();
    await repository.append(breachId, aFactAmended({ awareAt: '2025-03-02T09:00:00Z' }));
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { PK: breachPk(breachId), SK: STATE_SK },
        UpdateExpression: 'SET awareAt = :wrong',
        ExpressionAttributeValues: { ':wrong': '1999-01-01T00:00:00Z' },
      }),
    );

    // Act
    const rebuilt = await repository.rebuild(breachId);

    // Assess
    expect(rebuilt).toEqual(foldEvents(await repository.events(breachId)));
    expect(rebuilt.awareAt).toBe('2025-03-02T09:00:00Z');
    expect(await repository.state(breachId)).toEqual(rebuilt);
  });

  it('refuses to rebuild a breach that does not exist', async () => {
    await expect(repository.rebuild(newBreachId())).rejects.toBeInstanceOf(BreachNotFoundError);
  });

  it('is undefined for a breach that does not exist', async () => {
    expect(await repository.state(newBreachId())).toBeUndefined();
  });
});

describe('appendOnce', () => {
  it('writes a keyed event once and returns it on every repeat', async () => {
    // Prepare
    const breachId = await aCreatedBreach();

    // Act
    const first = await repository.appendOnce(breachId, 'workflow:start', aWorkflowStarted('arn:1'));
    const repeat = await repository.appendOnce(breachId, 'workflow:start', aWorkflowStarted('arn:2'));

    // Assess
    expect(first.created).toBe(true);
    expect(repeat).toEqual({ event: first.event, created: false });
    expect(await repository.events(breachId)).toHaveLength(2);
  });

  it('writes once when the same keyed event races itself and plain appends', async () => {
    // Prepare
    const breachId = await aCreatedBreach();

    // Act
    const [keyed, plain] = await Promise.all([
      Promise.all(
        Array.from({ length: 20 }, () => newRepository().appendOnce(breachId, 'assess', aStepFailed('assess'))),
      ),
      Promise.all(Array.from({ length: 10 }, (_, i) => newRepository().append(breachId, aStepFailed(`plain-${i}`)))),
    ]);

    // Assess
    const events = await repository.events(breachId);
    expect(events.filter((e) => (e.data as { step?: string }).step === 'assess')).toHaveLength(1);
    expect(events).toHaveLength(1 + 1 + plain.length);
    expect(keyed.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(keyed.map((r) => r.event.seq)).size).toBe(1);
    expect(verifyChain(events)).toEqual([]);
    expect(await repository.state(breachId)).toEqual(foldEvents(events));
  });

  it('finds the keyed event in the log when the writer died before writing its index', async () => {
    // Prepare
    const breachId = await aCreatedBreach();
    const first = await repository.appendOnce(breachId, 'mail:dpo', aStepFailed('mail'));
    await repository.append(breachId, aStepFailed('later'));
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { PK: breachPk(breachId), SK: dedupeSk('mail:dpo'), seq: 3, dedupeKey: 'other' },
      }),
    );

    // Act
    const repeat = await repository.appendOnce(breachId, 'mail:dpo', aStepFailed('mail'));

    // Assess
    expect(repeat).toEqual({ event: first.event, created: false });
    expect(await repository.events(breachId)).toHaveLength(3);
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: breachPk(breachId), SK: dedupeSk('mail:dpo') } }),
    );
    expect(Item).toMatchObject({ seq: first.event.seq, dedupeKey: 'mail:dpo' });
  });

  it('refuses a malformed key and a breach that does not exist', async () => {
    const breachId = await aCreatedBreach();

    await expect(repository.appendOnce(breachId, '', aStepFailed('x'))).rejects.toBeInstanceOf(
      InvalidIdempotencyKeyError,
    );
    await expect(repository.appendOnce(breachId, 'a b', aStepFailed('x'))).rejects.toBeInstanceOf(
      InvalidIdempotencyKeyError,
    );
    await expect(repository.appendOnce(newBreachId(), 'k', aStepFailed('x'))).rejects.toBeInstanceOf(
      BreachNotFoundError,
    );
  });

  it('refuses a key already used for another type of event', async () => {
    const breachId = await aCreatedBreach();
    await repository.appendOnce(breachId, 'k', aStepFailed('x'));

    await expect(repository.appendOnce(breachId, 'k', aWorkflowStarted('arn'))).rejects.toBeInstanceOf(
      IdempotencyKeyConflictError,
    );
  });
});

describe('list', () => {
  it('pages through an organisation’s breaches by status, newest awareness first', async () => {
    // Prepare: awareness times with mixed offsets, one closed breach, and a breach of another organisation.
    const organisationId = `org-list-${newBreachId()}`;
    const aware = ['2025-01-01T10:00:00Z', '2025-01-03T10:00:00+02:00', '2025-01-02T10:00:00Z', '2025-01-04T00:00:00Z'];
    const ids: string[] = [];
    for (const awareAt of aware) ids.push(await aCreatedBreach(organisationId, aReport({ awareAt })));
    await aCreatedBreach(`${organisationId}-other`);
    const closedId = ids[3] ?? '';
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { PK: breachPk(closedId), SK: STATE_SK },
        UpdateExpression: 'SET #status = :closed, GSI1SK = :gsk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':gsk': `closed#2025-01-04T00:00:00.000Z#${closedId}` },
      }),
    );

    // Act
    const page1 = await repository.list(organisationId, { status: 'open', limit: 2 });
    const page2 = await repository.list(organisationId, { status: 'open', limit: 2, cursor: page1.cursor });
    const closed = await repository.list(organisationId, { status: 'closed' });
    const all = await repository.list(organisationId);

    // Assess
    expect(page1.items.map((i) => i.breachId)).toEqual([ids[1], ids[2]]);
    expect(page1.cursor).toBeDefined();
    expect(page2.items.map((i) => i.breachId)).toEqual([ids[0]]);
    expect(page2.cursor).toBeUndefined();
    expect(closed.items.map((i) => i.breachId)).toEqual([closedId]);
    expect(all.items.map((i) => i.breachId)).toEqual([ids[1], ids[2], ids[0], closedId]);
    expect(page1.items[0]).toEqual({
      breachId: ids[1],
      stage: 'reported',
      status: 'open',
      awareAt: '2025-01-03T10:00:00+02:00',
      reportedAt: '2025-03-03T09:15:00Z',
    });
  });

  it('refuses a cursor forged for another organisation or a malformed one', async () => {
    const organisationId = `org-cursor-${newBreachId()}`;
    await aCreatedBreach(organisationId);
    await aCreatedBreach(organisationId);
    const { cursor } = await repository.list(organisationId, { limit: 1 });

    await expect(repository.list('org-someone-else', { cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(repository.list(organisationId, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(repository.list(organisationId, { status: 'closed', cursor })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});

describe('tamper evidence', () => {
  it('reports an event edited in the table', async () => {
    // Prepare
    const breachId = await aCreatedBreach();
    await repository.append(breachId, aStepFailed('one'));
    await repository.append(breachId, aStepFailed('two'));

    // Act
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { PK: breachPk(breachId), SK: eventSk(2) },
        UpdateExpression: 'SET #data.#step = :forged',
        ExpressionAttributeNames: { '#data': 'data', '#step': 'step' },
        ExpressionAttributeValues: { ':forged': 'nothing-happened' },
      }),
    );

    // Assess
    expect(verifyChain(await repository.events(breachId))).toEqual([{ seq: 2, problem: 'hash-mismatch' }]);
  });

  it('reports an event whose hash was recomputed to cover an edit', async () => {
    // Prepare
    const breachId = await aCreatedBreach();
    await repository.append(breachId, aStepFailed('one'));
    await repository.append(breachId, aStepFailed('two'));
    const { chainHash } = await import('../../functions/domain/hash-chain');
    const events = await repository.events(breachId);
    const second = events[1];
    if (second === undefined) throw new Error('no second event');
    if (second.type !== 'step-failed') throw new Error('the second event is not the step failure');
    const forged = { ...second, data: { ...(second.data as { step: string; error: string }), step: 'forged' } };
    forged.hash = chainHash(forged as BreachEvent);

    // Act
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { ...forged, PK: breachPk(breachId), SK: eventSk(2) } }),
    );

    // Assess
    expect(verifyChain(await repository.events(breachId))).toEqual([{ seq: 3, problem: 'broken-link' }]);
  });
});
