import { createHash } from 'node:crypto';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DeliveryStatus, SubjectRecord, SubjectRepository } from '../domain/subject-ports';
import { deliveryOf, type Subject } from '../domain/subjects';
import { isConditionalCheckFailed } from './dynamodb-client';
import { breachPk, TABLE } from './table-layout';

/**
 * The people affected by a breach, one item each, in the subjects table (table-layout.ts): never in the breach
 * table, whose exports are kept for six years under Object Lock. `tableName` is the subjects table's.
 *
 * | item            | PK                  | SK               | GSI1PK                           | GSI1SK |
 * |-----------------|---------------------|------------------|----------------------------------|--------|
 * | subject         | BREACH#<id>#S<nn>   | SUBJECT#<sha256> | SUBJECTS#<id>#S<nn>#pending / …#claimed | <key> |
 * | SES message ptr | SESMSG#<messageId>  | SESMSG           |                                  |        |
 *
 * A breach's people are spread over SUBJECT_SHARDS partitions (`S00`…`S15`), the shard derived from the person's
 * key alone, so every write about a person finds their item without a lookup. One partition takes about 1,000
 * writes a second, and each mail costs about three (claim, sent, the index entries they move): unsharded, one
 * breach's fan-out stalled near 300 mails a second whatever SES allowed. Reads fan out over the shards; lists walk
 * them in order (shard, then key), so a page's cursor, the last key it holds, names its shard too.
 *
 * The key is the SHA-256 of the person (domain/subjects.ts), so a re-upload finds the same item. GSI1 is sparse: a
 * subject is in it only while pending or claimed, so a run finds the next batch without reading everyone already
 * sent to, and the index shrinks as the fan-out progresses. Every status change is one conditional update on the
 * subject's own item (no transaction, which the local emulator lacks): `pending → claimed` only from pending, and
 * `claimed → sent | failed | pending` only with the claim's token, so two runs can never both mail a person.
 */

export const SUBJECT_SK_PREFIX = 'SUBJECT#';
export const subjectSk = (key: string): string => `${SUBJECT_SK_PREFIX}${key}`;
/**
 * Partitions per breach: 16 × ~300 mails a second each is above the send rate SES grants most accounts, and a read
 * of every shard (16 small queries, in parallel) stays cheap next to the mails it finds.
 */
export const SUBJECT_SHARDS = 16;
export const SHARDS: readonly number[] = Array.from({ length: SUBJECT_SHARDS }, (_, shard) => shard);
/** The person's shard: from their key alone (any string; in practice already a SHA-256, hashed again to be sure). */
export const subjectShard = (key: string): number =>
  createHash('sha256').update(key).digest().readUInt16BE(0) % SUBJECT_SHARDS;
const shardTag = (shard: number): string => `S${String(shard).padStart(2, '0')}`;
export const subjectPk = (breachId: string, shard: number): string => `${breachPk(breachId)}#${shardTag(shard)}`;
export const pendingGsi1Pk = (breachId: string, shard: number): string =>
  `SUBJECTS#${breachId}#${shardTag(shard)}#pending`;
export const claimedGsi1Pk = (breachId: string, shard: number): string =>
  `SUBJECTS#${breachId}#${shardTag(shard)}#claimed`;
/** The person's item key. */
const subjectKey = (breachId: string, key: string) => ({
  [TABLE.partitionKey]: subjectPk(breachId, subjectShard(key)),
  [TABLE.sortKey]: subjectSk(key),
});
export const sesMessagePk = (messageId: string): string => `SESMSG#${messageId}`;
export const SES_MESSAGE_SK = 'SESMSG';

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE;
/**
 * How long a message pointer is kept: SES reports deliveries, bounces and complaints within days of the send. After
 * this, TTL tidies the pointer away, so none outlives its purpose even when erasure cannot find it (a run that died
 * between writing the pointer and marking its person sent leaves one no person names).
 */
export const SES_MESSAGE_POINTER_DAYS = 180;
const pointerExpiry = (sentAt: string): number =>
  Math.ceil(Date.parse(sentAt) / 1000) + SES_MESSAGE_POINTER_DAYS * 86_400;
const GSI1PK = TABLE.gsi1.partitionKey;
const GSI1SK = TABLE.gsi1.sortKey;
/** Conditional puts in flight at once: enough to fill a page in a few round trips, few enough not to throttle. */
const CONCURRENCY = 25;
/** BatchWriteItem's limit: 25 requests per call. */
const BATCH_WRITE_MAX = 25;
/** Retries of the items a BatchWriteItem left unprocessed (throttling), with exponential backoff from 50 ms. */
const UNPROCESSED_RETRIES = 8;
const BACKOFF_BASE_MS = 50;

type Item = Record<string, unknown>;

/** Runs `task` over `items`, at most `limit` at a time. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const toRecord = (item: Item): SubjectRecord => {
  const subject = item.subject as Subject;
  return {
    breachId: String(item.breachId),
    key: String(item.key),
    subject,
    delivery: deliveryOf(subject),
    status: item.status as DeliveryStatus,
    addedAt: String(item.addedAt),
    ...(typeof item.messageId === 'string' ? { messageId: item.messageId } : {}),
    ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
    ...(item.status === 'claimed' && typeof item.claimToken === 'string' && typeof item.claimedAt === 'string'
      ? { claim: { token: item.claimToken, at: item.claimedAt } }
      : {}),
    ...(typeof item.confirmedAt === 'string' && isPerson(item.confirmedBy)
      ? { confirmed: { at: item.confirmedAt, by: { name: item.confirmedBy.name, role: item.confirmedBy.role } } }
      : {}),
  };
};

const isPerson = (value: unknown): value is { name: string; role: string } =>
  typeof value === 'object' &&
  value !== null &&
  'name' in value &&
  typeof value.name === 'string' &&
  'role' in value &&
  typeof value.role === 'string';

/** A message id's pointer back to the person it was sent to, for the SES events. */
export interface SesMessagePointer {
  breachId: string;
  key: string;
}

export class DynamoSubjectRepository implements SubjectRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    /** Waits between retries of unprocessed batch items; a real timer unless a test passes its own. */
    sleep?: (ms: number) => Promise<void>;
  }) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async add(breachId: string, subjects: readonly { key: string; subject: Subject }[], at: string): Promise<string[]> {
    const added = await inParallel(subjects, CONCURRENCY, async ({ key, subject }) => {
      const email = deliveryOf(subject).channel === 'email';
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: {
              ...subjectKey(breachId, key),
              breachId,
              key,
              subject,
              status: email ? 'pending' : 'letter',
              addedAt: at,
              ...(email ? { [GSI1PK]: pendingGsi1Pk(breachId, subjectShard(key)), [GSI1SK]: key } : {}),
            },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PK },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return false;
        throw error;
      }
    });
    return subjects.filter((_, index) => added[index]).map(({ key }) => key);
  }

  /**
   * Up to `limit` pending people, taken evenly from every shard (a shard with fewer leaves its share to the others),
   * so the claims and sends that follow spread over the partitions.
   */
  async pending(breachId: string, limit: number): Promise<SubjectRecord[]> {
    const cursors = new Map<number, Item | undefined>(SHARDS.map((shard) => [shard, undefined]));
    const taken: Item[][] = SHARDS.map(() => []);
    let total = 0;
    while (total < limit && cursors.size > 0) {
      const share = Math.max(1, Math.ceil((limit - total) / cursors.size));
      const pages = await Promise.all(
        [...cursors].map(async ([shard, startKey]) => {
          const page = await this.#client.send(
            new QueryCommand({
              TableName: this.#table,
              IndexName: TABLE.gsi1.indexName,
              KeyConditionExpression: '#gpk = :gpk',
              ExpressionAttributeNames: { '#gpk': GSI1PK },
              ExpressionAttributeValues: { ':gpk': pendingGsi1Pk(breachId, shard) },
              Limit: share,
              ExclusiveStartKey: startKey,
            }),
          );
          return { shard, page };
        }),
      );
      for (const { shard, page } of pages) {
        taken[shard]?.push(...(page.Items ?? []));
        total += page.Items?.length ?? 0;
        if (page.LastEvaluatedKey === undefined) cursors.delete(shard);
        else cursors.set(shard, page.LastEvaluatedKey);
      }
    }
    // Round robin over the shards: whatever the caller cuts off, it cuts evenly.
    const items: Item[] = [];
    for (let i = 0; items.length < Math.min(limit, total); i++) {
      for (const shardItems of taken) {
        const item = shardItems[i];
        if (item !== undefined && items.length < limit) items.push(item);
      }
    }
    return items.map(toRecord);
  }

  countPending(breachId: string, cap: number): Promise<number> {
    return this.#countShards((shard) => pendingGsi1Pk(breachId, shard), cap);
  }

  async countClaimed(breachId: string, exceptToken: string, cap: number): Promise<number> {
    return this.#countShards((shard) => claimedGsi1Pk(breachId, shard), cap, exceptToken);
  }

  async claim(breachId: string, keys: readonly string[], claimToken: string, at: string): Promise<SubjectRecord[]> {
    const won = await inParallel(keys, CONCURRENCY, async (key) => {
      try {
        const { Attributes } = await this.#client.send(
          new UpdateCommand({
            TableName: this.#table,
            Key: subjectKey(breachId, key),
            UpdateExpression: 'SET #status = :claimed, #token = :token, #claimedAt = :at, #gpk = :gpk',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#token': 'claimToken',
              '#claimedAt': 'claimedAt',
              '#gpk': GSI1PK,
            },
            ExpressionAttributeValues: {
              ':claimed': 'claimed',
              ':pending': 'pending',
              ':token': claimToken,
              ':at': at,
              ':gpk': claimedGsi1Pk(breachId, subjectShard(key)),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? toRecord(Attributes) : undefined;
      } catch (error) {
        // Another run claimed them first (the index lags the table by a moment): theirs to mail.
        if (isConditionalCheckFailed(error)) return undefined;
        throw error;
      }
    });
    return won.filter((record): record is SubjectRecord => record !== undefined);
  }

  async markSent(breachId: string, key: string, claimToken: string, messageId: string, at: string): Promise<void> {
    // The pointer first: an SES event arriving right after the send finds its person.
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          [PK]: sesMessagePk(messageId),
          [SK]: SES_MESSAGE_SK,
          breachId,
          key,
          sentAt: at,
          [TTL]: pointerExpiry(at),
        },
      }),
    );
    await this.#finishClaim(breachId, key, claimToken, 'SET #status = :sent, #messageId = :id, #sentAt = :at', {
      names: { '#messageId': 'messageId', '#sentAt': 'sentAt' },
      values: { ':sent': 'sent', ':id': messageId, ':at': at },
    });
  }

  async markFailed(breachId: string, key: string, claimToken: string, reason: string, at: string): Promise<void> {
    await this.#finishClaim(breachId, key, claimToken, 'SET #status = :failed, #reason = :reason, #failedAt = :at', {
      names: { '#reason': 'reason', '#failedAt': 'failedAt' },
      values: { ':failed': 'failed', ':reason': reason.slice(0, 500), ':at': at },
    });
  }

  async release(breachId: string, key: string, claimToken: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: subjectKey(breachId, key),
          UpdateExpression: 'SET #status = :pending, #gpk = :gpk REMOVE #token, #claimedAt',
          ConditionExpression: '#status = :claimed AND #token = :token',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#token': 'claimToken',
            '#claimedAt': 'claimedAt',
            '#gpk': GSI1PK,
          },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':claimed': 'claimed',
            ':token': claimToken,
            ':gpk': pendingGsi1Pk(breachId, subjectShard(key)),
          },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async claimed(breachId: string, cap: number): Promise<SubjectRecord[]> {
    const records: SubjectRecord[] = [];
    for (const shard of SHARDS) {
      const query = {
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#gpk = :gpk',
        ExpressionAttributeNames: { '#gpk': GSI1PK },
        ExpressionAttributeValues: { ':gpk': claimedGsi1Pk(breachId, shard) },
        Limit: Math.min(cap, 1000),
      };
      for await (const page of this.#pages(query)) {
        records.push(...(page.Items ?? []).slice(0, cap - records.length).map(toRecord));
        if (records.length >= cap) break;
      }
      if (records.length >= cap) break;
    }
    // The index lags the table: a person released or sent a moment ago may still be listed, without a claim.
    return records.filter((record) => record.claim !== undefined);
  }

  async confirmSent(
    breachId: string,
    key: string,
    claimToken: string,
    confirmation: { at: string; by: { name: string; role: string } },
  ): Promise<void> {
    await this.#finishClaim(breachId, key, claimToken, 'SET #status = :sent, #confirmedAt = :at, #confirmedBy = :by', {
      names: { '#confirmedAt': 'confirmedAt', '#confirmedBy': 'confirmedBy' },
      values: {
        ':sent': 'sent',
        ':at': confirmation.at,
        ':by': { name: confirmation.by.name, role: confirmation.by.role },
      },
    });
  }

  /**
   * One page in (shard, key) order. The cursor is the last key given: its shard is derived from it, so the next page
   * carries on in that shard after it, then in the shards that follow.
   */
  async page(breachId: string, limit: number, cursor?: string): Promise<{ items: SubjectRecord[]; cursor?: string }> {
    const items: SubjectRecord[] = [];
    let shard = cursor === undefined ? 0 : subjectShard(cursor);
    let startKey: Item | undefined = cursor === undefined ? undefined : subjectKey(breachId, cursor);
    for (; shard < SUBJECT_SHARDS; shard++) {
      const { Items = [], LastEvaluatedKey } = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          ...subjectsOf(breachId, shard),
          Limit: limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...Items.map(toRecord));
      startKey = undefined;
      if (items.length >= limit) {
        // Full: the next page starts after the last key, even if that shard, or every shard after it, is done.
        const last = LastEvaluatedKey?.[SK] ?? Items.at(-1)?.[SK];
        const more = LastEvaluatedKey !== undefined || shard < SUBJECT_SHARDS - 1;
        return more && typeof last === 'string' ? { items, cursor: last.slice(SUBJECT_SK_PREFIX.length) } : { items };
      }
    }
    return { items };
  }

  async tally(breachId: string): Promise<Partial<Record<DeliveryStatus, number>>> {
    const counts: Partial<Record<DeliveryStatus, number>> = {};
    await Promise.all(
      SHARDS.map(async (shard) => {
        const query = {
          ...subjectsOf(breachId, shard),
          ExpressionAttributeNames: { ...subjectsOf(breachId, shard).ExpressionAttributeNames, '#status': 'status' },
          ProjectionExpression: '#status',
        };
        for await (const page of this.#pages(query)) {
          for (const item of page.Items ?? []) {
            const status = item.status as DeliveryStatus;
            counts[status] = (counts[status] ?? 0) + 1;
          }
        }
      }),
    );
    return counts;
  }

  /** How many of the breach's people each shard holds, in shard order: the spread the sharding achieves. */
  async spread(breachId: string): Promise<number[]> {
    return Promise.all(
      SHARDS.map((shard) => this.#countUpTo({ ...subjectsOf(breachId, shard), Select: 'COUNT' }, Infinity)),
    );
  }

  /** The person a message id was sent to, if it was one of ours. */
  async byMessageId(messageId: string): Promise<SesMessagePointer | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { [PK]: sesMessagePk(messageId), [SK]: SES_MESSAGE_SK } }),
    );
    return Item && typeof Item.breachId === 'string' && typeof Item.key === 'string'
      ? { breachId: Item.breachId, key: Item.key }
      : undefined;
  }

  /**
   * Records what SES reported after sending, unless the person's status already says something stronger: a
   * complaint outranks a bounce, which outranks a delivery. `from` lists the statuses the event may move on from.
   */
  async recordDeliveryEvent(
    pointer: SesMessagePointer,
    status: 'delivered' | 'bounced' | 'complained',
    from: readonly DeliveryStatus[],
    detail: { at: string; messageId: string; reason?: string },
  ): Promise<boolean> {
    const values: Record<string, unknown> = { ':status': status, ':at': detail.at, ':id': detail.messageId };
    from.forEach((s, i) => {
      values[`:from${i}`] = s;
    });
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: subjectKey(pointer.breachId, pointer.key),
          // The message id too: an event can overtake the "sent" update, which then finds the claim gone.
          UpdateExpression: `SET #status = :status, #eventAt = :at, #messageId = :id${detail.reason ? ', #reason = :reason' : ''} REMOVE #gpk, #gsk`,
          ConditionExpression: `attribute_exists(#pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: {
            '#pk': PK,
            '#status': 'status',
            '#eventAt': `${status}At`,
            '#messageId': 'messageId',
            '#gpk': GSI1PK,
            '#gsk': GSI1SK,
            ...(detail.reason ? { '#reason': 'reason' } : {}),
          },
          ExpressionAttributeValues: detail.reason ? { ...values, ':reason': detail.reason.slice(0, 500) } : values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Erases up to `limit` people, shard after shard; fewer than `limit` only when none are left. */
  async erase(breachId: string, limit: number): Promise<number> {
    const Items: Item[] = [];
    for (const shard of SHARDS) {
      const people = subjectsOf(breachId, shard);
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
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

  async count(breachId: string, cap: number): Promise<number> {
    const counts = await Promise.all(
      SHARDS.map((shard) => this.#countUpTo({ ...subjectsOf(breachId, shard), Select: 'COUNT' }, cap)),
    );
    return Math.min(
      counts.reduce((sum, n) => sum + n, 0),
      cap,
    );
  }

  /** Deletes the keys with BatchWriteItem, 25 a call, retrying what DynamoDB leaves unprocessed with backoff. */
  async #deleteAll(keys: readonly Item[]): Promise<void> {
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
        const { UnprocessedItems } = await this.#client.send(
          new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }),
        );
        requests = (UnprocessedItems?.[this.#table] ?? []).flatMap((request) =>
          request.DeleteRequest?.Key ? [{ DeleteRequest: { Key: request.DeleteRequest.Key } }] : [],
        );
      }
    });
  }

  async #finishClaim(
    breachId: string,
    key: string,
    claimToken: string,
    set: string,
    extra: { names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: subjectKey(breachId, key),
          // Out of the work index: nobody needs to find a person whose notice has left.
          UpdateExpression: `${set} REMOVE #gpk, #gsk, #token`,
          ConditionExpression: '#status = :claimed AND #token = :token',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#token': 'claimToken',
            '#gpk': GSI1PK,
            '#gsk': GSI1SK,
            ...extra.names,
          },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':token': claimToken, ...extra.values },
        }),
      );
    } catch (error) {
      // An SES event got there first (delivered within milliseconds): the person is past "sent" already.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** The index entries of every shard, counted in parallel, up to `cap` in all. */
  async #countShards(gsi1pk: (shard: number) => string, cap: number, exceptToken?: string): Promise<number> {
    const counts = await Promise.all(
      SHARDS.map((shard) =>
        this.#countUpTo(
          {
            IndexName: TABLE.gsi1.indexName,
            KeyConditionExpression: '#gpk = :gpk',
            ExpressionAttributeNames: { '#gpk': GSI1PK, ...(exceptToken ? { '#token': 'claimToken' } : {}) },
            ExpressionAttributeValues: { ':gpk': gsi1pk(shard), ...(exceptToken ? { ':token': exceptToken } : {}) },
            ...(exceptToken ? { FilterExpression: '#token <> :token' } : {}),
            Select: 'COUNT',
          },
          cap,
        ),
      ),
    );
    return Math.min(
      counts.reduce((sum, n) => sum + n, 0),
      cap,
    );
  }

  async #countUpTo(query: PageQuery, cap: number): Promise<number> {
    let count = 0;
    for await (const page of this.#pages(query)) {
      count += page.Count ?? 0;
      if (count >= cap) break;
    }
    return Math.min(count, cap);
  }

  /** Every page of a query on this table, following LastEvaluatedKey. */
  async *#pages(query: PageQuery): AsyncGenerator<QueryCommandOutput> {
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({ ...query, TableName: this.#table, ExclusiveStartKey: startKey }),
      );
      yield page;
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
}

type PageQuery = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/** A breach's people in one shard of the table itself (not the index): that partition, subject items only. */
const subjectsOf = (breachId: string, shard: number) => ({
  KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK } as Record<string, string>,
  ExpressionAttributeValues: { ':pk': subjectPk(breachId, shard), ':prefix': SUBJECT_SK_PREFIX },
});
