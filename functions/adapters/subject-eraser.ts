import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SubjectEraser } from '../domain/subject-ports';
import {
  countPeople,
  type Item,
  inParallel,
  PK,
  SES_MESSAGE_SK,
  SHARDS,
  SK,
  type SubjectTableOptions,
  sesMessagePk,
  subjectsOf,
} from './subject-items';

/** BatchWriteItem's limit: 25 requests per call. */
const BATCH_WRITE_MAX = 25;
/** Retries of the items a BatchWriteItem left unprocessed (throttling), with exponential backoff from 50 ms. */
const UNPROCESSED_RETRIES = 8;
const BACKOFF_BASE_MS = 50;

/**
 * Erasure of a breach's people (items: subject-items.ts): their items and the SES message pointers those name,
 * deleted with BatchWriteItem a page at a time, and a count of who is left. Constructed only by the erasure function.
 */
export class DynamoSubjectEraser implements SubjectEraser {
  readonly #table: SubjectTableOptions;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(
    options: SubjectTableOptions & {
      /** Waits between retries of unprocessed batch items; a real timer unless a test passes its own. */
      sleep?: (ms: number) => Promise<void>;
    },
  ) {
    this.#table = { client: options.client, tableName: options.tableName };
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Erases up to `limit` people, shard after shard; fewer than `limit` only when none are left. */
  async erase(breachId: string, limit: number): Promise<number> {
    const Items: Item[] = [];
    for (const shard of SHARDS) {
      const people = subjectsOf(breachId, shard);
      const page = await this.#table.client.send(
        new QueryCommand({
          TableName: this.#table.tableName,
          ...people,
          ExpressionAttributeNames: { ...people.ExpressionAttributeNames, '#messageId': 'messageId' },
          ProjectionExpression: '#pk, #sk, #messageId',
          Limit: limit - Items.length,
        }),
      );
      Items.push(...(page.Items ?? []).slice(0, limit - Items.length));
      if (Items.length >= limit) break;
    }
    if (Items.length === 0) return 0;
    // The pointers first: a crash before the people are deleted leaves them to be found, with their pointers' ids.
    const pointers = Items.flatMap((item) =>
      typeof item.messageId === 'string' ? [{ [PK]: sesMessagePk(item.messageId), [SK]: SES_MESSAGE_SK }] : [],
    );
    await this.#deleteAll(pointers);
    await this.#deleteAll(Items.map((item) => ({ [PK]: item[PK], [SK]: item[SK] })));
    return Items.length;
  }

  count(breachId: string, cap: number): Promise<number> {
    return countPeople(this.#table, breachId, cap);
  }

  /** Deletes the keys with BatchWriteItem, 25 a call, retrying what DynamoDB leaves unprocessed with backoff. */
  async #deleteAll(keys: readonly Item[]): Promise<void> {
    const table = this.#table.tableName;
    const batches: Item[][] = [];
    for (let start = 0; start < keys.length; start += BATCH_WRITE_MAX) {
      batches.push(keys.slice(start, start + BATCH_WRITE_MAX));
    }
    await inParallel(batches, 4, async (batch) => {
      let requests = batch.map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > UNPROCESSED_RETRIES) {
          throw new Error(`DynamoDB left ${requests.length} deletes unprocessed after ${UNPROCESSED_RETRIES} retries`);
        }
        if (attempt > 0) await this.#sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
        const { UnprocessedItems } = await this.#table.client.send(
          new BatchWriteCommand({ RequestItems: { [table]: requests } }),
        );
        requests = (UnprocessedItems?.[table] ?? []).flatMap((request) =>
          request.DeleteRequest?.Key ? [{ DeleteRequest: { Key: request.DeleteRequest.Key } }] : [],
        );
      }
    });
  }
}
