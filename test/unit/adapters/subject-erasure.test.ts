import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoSubjectEraser } from '../../../functions/adapters/subject-eraser';
import { subjectPk } from '../../../functions/adapters/subject-items';

/**
 * The erasure's batching, against a client that answers like DynamoDB under throttling: BatchWriteItem takes at most
 * 25 requests, and what it leaves unprocessed is retried with backoff, pointers before people.
 */

const TABLE = 'subjects';
const people = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    PK: subjectPk('BR-1', 0),
    SK: `SUBJECT#${String(i).padStart(3, '0')}`,
    ...(i % 2 === 0 ? { messageId: `msg-${i}` } : {}),
  }));

const fakeClient = (
  items: Record<string, unknown>[],
  options: { unprocessedOnce?: number; alwaysUnprocessed?: boolean },
) => {
  const batches: { keys: string[] }[] = [];
  let leftOnce = options.unprocessedOnce ?? 0;
  const client = {
    send: async (command: unknown) => {
      // The people all live in shard 0 here: every other shard's query finds nobody.
      if (command instanceof QueryCommand) {
        return { Items: command.input.ExpressionAttributeValues?.[':pk'] === subjectPk('BR-1', 0) ? items : [] };
      }
      if (command instanceof BatchWriteCommand) {
        const requests = command.input.RequestItems?.[TABLE] ?? [];
        expect(requests.length).toBeLessThanOrEqual(25);
        batches.push({ keys: requests.map((r) => `${r.DeleteRequest?.Key?.PK}|${r.DeleteRequest?.Key?.SK}`) });
        if (options.alwaysUnprocessed) return { UnprocessedItems: { [TABLE]: requests } };
        if (leftOnce > 0) {
          const unprocessed = requests.slice(0, leftOnce);
          leftOnce = 0;
          return { UnprocessedItems: { [TABLE]: unprocessed } };
        }
        return { UnprocessedItems: {} };
      }
      throw new Error('unexpected command');
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, batches };
};

describe('DynamoSubjectEraser.erase', () => {
  it('deletes pointers first, then people, 25 a call, retrying unprocessed items with backoff', async () => {
    const { client, batches } = fakeClient(people(60), { unprocessedOnce: 3 });
    const waits: number[] = [];
    const repository = new DynamoSubjectEraser({
      client,
      tableName: TABLE,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    const erased = await repository.erase('BR-1', 100);

    expect(erased).toBe(60);
    const deleted = batches.flatMap((b) => b.keys);
    expect(new Set(deleted).size).toBe(60 + 30);
    // Every pointer is deleted before the first person.
    const firstPerson = deleted.findIndex((key) => key.includes('SUBJECT#'));
    expect(deleted.slice(firstPerson).some((key) => key.startsWith('SESMSG#'))).toBe(false);
    expect(waits).toEqual([50]);
  });

  it('gives up loudly when DynamoDB keeps leaving items unprocessed', async () => {
    const { client } = fakeClient(people(3), { alwaysUnprocessed: true });
    const repository = new DynamoSubjectEraser({ client, tableName: TABLE, sleep: async () => undefined });

    await expect(repository.erase('BR-1', 100)).rejects.toThrow('unprocessed');
  });
});
