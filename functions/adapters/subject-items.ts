import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { DeliveryStatus, SubjectRecord } from '../domain/subject-ports';
import { deliveryOf, type Subject } from '../domain/subjects';
import { breachPk, TABLE } from './table-layout';

/**
 * The people affected by a breach, one item each, in the subjects table (table-layout.ts): never in the breach
 * table, whose exports are kept for six years under Object Lock. Four adapters write and read these items, each for
 * the functions that need it: the list people are added to and read from (subject-list.ts), the notice queue the
 * fan-out works through (notice-queue.ts), the delivery events SES reports (delivery-events.ts) and erasure
 * (subject-eraser.ts). Their shared layout, keys and queries live here, in no class: a class is bundled whole, so a
 * function carries only the adapters it constructs.
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

/** What every adapter of the subjects table is built with. `tableName` is the subjects table's. */
export interface SubjectTableOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * The table's key names (table-layout.ts), read here once for every adapter of the subjects table: a module-level read
 * is kept in any bundle that imports its module, so an adapter reading them itself would leave a trace in functions
 * that never construct it.
 */
export const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE;
export const { partitionKey: GSI1PK, sortKey: GSI1SK } = TABLE.gsi1;

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
/** The DynamoDB key of a person's item (not the person's key, domain/subjects.ts subjectKey, which it is built from). */
export const subjectItemKey = (breachId: string, key: string) => ({
  [TABLE.partitionKey]: subjectPk(breachId, subjectShard(key)),
  [TABLE.sortKey]: subjectSk(key),
});
export const sesMessagePk = (messageId: string): string => `SESMSG#${messageId}`;
export const SES_MESSAGE_SK = 'SESMSG';

/**
 * How long a message pointer is kept: SES reports deliveries, bounces and complaints within days of the send. After
 * this, TTL tidies the pointer away, so none outlives its purpose even when erasure cannot find it (a run that died
 * between writing the pointer and marking its person sent leaves one no person names).
 */
export const SES_MESSAGE_POINTER_DAYS = 180;
export const pointerExpiry = (sentAt: string): number =>
  Math.ceil(Date.parse(sentAt) / 1000) + SES_MESSAGE_POINTER_DAYS * 86_400;
/** Conditional writes in flight at once: enough to fill a page in a few round trips, few enough not to throttle. */
export const CONCURRENCY = 25;

export type Item = Record<string, unknown>;

/** Runs `task` over `items`, at most `limit` at a time. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
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

export const toRecord = (item: Item): SubjectRecord => {
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

export type PageQuery = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/** A breach's people in one shard of the table itself (not the index): that partition, subject items only. */
export const subjectsOf = (breachId: string, shard: number) => ({
  KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK } as Record<string, string>,
  ExpressionAttributeValues: { ':pk': subjectPk(breachId, shard), ':prefix': SUBJECT_SK_PREFIX },
});

/** Every page of a query on the subjects table, following LastEvaluatedKey. */
export async function* queryPages(
  { client, tableName }: SubjectTableOptions,
  query: PageQuery,
): AsyncGenerator<QueryCommandOutput> {
  let startKey: Item | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...query, TableName: tableName, ExclusiveStartKey: startKey }));
    yield page;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}

/** The items a query matches, counted page by page up to `cap`. */
export async function countUpTo(table: SubjectTableOptions, query: PageQuery, cap: number): Promise<number> {
  let count = 0;
  for await (const page of queryPages(table, query)) {
    count += page.Count ?? 0;
    if (count >= cap) break;
  }
  return Math.min(count, cap);
}

/** How many people are on the breach's list, every shard counted in parallel, up to `cap` in all. */
export async function countPeople(table: SubjectTableOptions, breachId: string, cap: number): Promise<number> {
  const counts = await Promise.all(
    SHARDS.map((shard) => countUpTo(table, { ...subjectsOf(breachId, shard), Select: 'COUNT' }, cap)),
  );
  return Math.min(
    counts.reduce((sum, n) => sum + n, 0),
    cap,
  );
}
