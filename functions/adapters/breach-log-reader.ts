import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { BreachEvent } from '../domain/events';
import type { BreachState } from '../domain/state';
import type { BreachLogReader } from '../domain/verify-all';
import type { StoredBreach, StoredEvent } from '../domain/verify-breach';
import { breachPk, EVENT_SK_PREFIX, orgBreachesGsi1Pk, STATE_SK, TABLE } from './table-layout';

/**
 * The reads verification needs, done so that nothing the table holds is hidden from it: raw items, not the
 * repository's checked ones (which throw on the first malformed item), every page of every query, and malformed
 * items handed over as findings instead of failures.
 *
 * Scope: a whole-table verification scans for `BREACH#` partitions, so it also finds a breach whose projection is
 * gone; an organisation's verification lists the organisation's projections through GSI1, as its breaches are known
 * to it only through them (a breach whose projection was deleted is visible to the whole-table run only).
 */

export interface DynamoBreachLogReaderOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

type Item = Record<string, unknown>;

const { partitionKey: PK, sortKey: SK } = TABLE;
const GSI1PK = TABLE.gsi1.partitionKey;
const GSI1SK = TABLE.gsi1.sortKey;
// Derived from the layout rather than spelt again, so the two cannot drift apart.
const BREACH_PK_PREFIX = breachPk('');
const SEQ_IN_SK = new RegExp(`^${EVENT_SK_PREFIX}(\\d+)$`);

export class DynamoBreachLogReader implements BreachLogReader {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoBreachLogReaderOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async *breachIds(scope: { organisationId?: string }): AsyncIterable<string> {
    if (scope.organisationId !== undefined) {
      for await (const page of this.#pages({
        TableName: this.#table,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#gpk = :gpk',
        ExpressionAttributeNames: { '#gpk': GSI1PK, '#pk': PK },
        ExpressionAttributeValues: { ':gpk': orgBreachesGsi1Pk(scope.organisationId) },
        ProjectionExpression: '#pk',
      })) {
        for (const item of page) {
          const id = breachIdOf(item[PK]);
          if (id !== undefined) yield id;
        }
      }
      return;
    }
    // A Scan returns a partition's items in any number of pages, so ids are deduplicated over the whole scan.
    const seen = new Set<string>();
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: 'begins_with(#pk, :breach) AND (#sk = :state OR begins_with(#sk, :event))',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: { ':breach': BREACH_PK_PREFIX, ':state': STATE_SK, ':event': EVENT_SK_PREFIX },
          ProjectionExpression: '#pk',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const id = breachIdOf(item[PK]);
        if (id !== undefined && !seen.has(id)) {
          seen.add(id);
          yield id;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  async read(breachId: string): Promise<StoredBreach> {
    const malformed: StoredBreach['malformed'] = [];
    // The projection first: an append racing this read can then only make the log look ahead of it, never behind.
    const { Item: stateItem } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { [PK]: breachPk(breachId), [SK]: STATE_SK },
        ConsistentRead: true,
      }),
    );
    let projection: BreachState | undefined;
    if (stateItem !== undefined) {
      const state = toState(stateItem);
      if (typeof state === 'string') malformed.push({ sortKey: STATE_SK, reason: state });
      else projection = state;
    }

    const events: StoredEvent[] = [];
    for await (const page of this.#pages({
      TableName: this.#table,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
      ExpressionAttributeValues: { ':pk': breachPk(breachId), ':prefix': EVENT_SK_PREFIX },
      ConsistentRead: true,
    })) {
      for (const item of page) {
        const sortKey = String(item[SK]);
        const storedSeq = Number(SEQ_IN_SK.exec(sortKey)?.[1] ?? Number.NaN);
        const event = toEvent(item);
        if (typeof event === 'string' || Number.isNaN(storedSeq)) {
          malformed.push({
            sortKey,
            ...(Number.isNaN(storedSeq) ? {} : { storedSeq }),
            reason: typeof event === 'string' ? event : 'the sort key carries no sequence number',
          });
        } else {
          events.push({ storedSeq, event });
        }
      }
    }
    return { breachId, events, ...(projection ? { projection } : {}), malformed };
  }

  async *#pages(input: QueryCommandInput): AsyncIterable<Item[]> {
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      yield page.Items ?? [];
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
}

const breachIdOf = (pk: unknown): string | undefined =>
  typeof pk === 'string' && pk.startsWith(BREACH_PK_PREFIX) ? pk.slice(BREACH_PK_PREFIX.length) : undefined;

/** The event without its storage attributes, or why it is not one. */
const toEvent = (item: Item): BreachEvent | string => {
  const { [PK]: _pk, [SK]: _sk, dedupeKey: _dedupeKey, ...event } = item;
  const missing = (
    [
      ['seq', 'number'],
      ['hash', 'string'],
      ['prevHash', 'string'],
      ['type', 'string'],
      ['at', 'string'],
      ['breachId', 'string'],
      ['organisationId', 'string'],
    ] as const
  ).filter(([name, type]) => typeof event[name] !== type);
  if (missing.length > 0) return `missing or mistyped: ${missing.map(([name]) => name).join(', ')}`;
  return event as unknown as BreachEvent;
};

/** The projection without its storage and index attributes, or why it is not one. */
const toState = (item: Item): BreachState | string => {
  const { [PK]: _pk, [SK]: _sk, [GSI1PK]: _gpk, [GSI1SK]: _gsk, ...state } = item;
  const missing = (
    [
      ['version', 'number'],
      ['lastHash', 'string'],
      ['breachId', 'string'],
      ['organisationId', 'string'],
    ] as const
  ).filter(([name, type]) => typeof state[name] !== type);
  if (missing.length > 0) return `missing or mistyped: ${missing.map(([name]) => name).join(', ')}`;
  return state as unknown as BreachState;
};
