import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { BreachEvent, EventType, NewEvent } from '../domain/events';
import { canonicalJson, chainHash, genesisHash } from '../domain/hash-chain';
import type { AppendResult, BreachRepository, BreachSummary, KnownHead } from '../domain/ports';
import { applyEvent, type BreachState, foldEvents } from '../domain/state';
import { isConditionalCheckFailed } from './dynamodb-client';
import {
  breachGsi1Sk,
  breachPk,
  dedupeSk,
  EVENT_SK_PREFIX,
  eventSk,
  orgBreachesGsi1Pk,
  STATE_SK,
  TABLE,
} from './table-layout';

/**
 * The breach event log in DynamoDB (layout: table-layout.ts).
 *
 * Every event is one conditional put on `EVENT#<seq>` (`attribute_not_exists`): of two writers that read the same
 * head, exactly one wins the sequence number and the other re-reads and tries the next one. A writer only ever puts
 * at head + 1 of an event it has read, so the log is gap-free, and nothing needs TransactWriteItems (which the local
 * emulator lacks). The projection (`STATE`) is written after the event, conditionally on `version < seq`, so a slow
 * writer never overwrites a newer projection; if it lags (a crash between the two writes), the next write through
 * this repository or `rebuild` brings it forward.
 */

export interface DynamoBreachRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /**
   * Attempts at winning a sequence number before giving up with AppendConflictError.
   * @default 25
   */
  maxAttempts?: number;
  /**
   * First backoff ceiling after a lost race; doubles per attempt, with full jitter.
   * @default 10
   */
  baseDelayMs?: number;
  /**
   * Largest backoff ceiling.
   * @default 1000
   */
  maxDelayMs?: number;
}

/** The breach has no events: it was never created. */
export class BreachNotFoundError extends Error {
  constructor(readonly breachId: string) {
    super(`breach ${breachId} does not exist`);
    this.name = 'BreachNotFoundError';
  }
}

/** Every attempt lost the race for the next sequence number. Nothing was written; the caller may retry later. */
export class AppendConflictError extends Error {
  constructor(
    readonly breachId: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`breach ${breachId}: lost the race for the next sequence number ${attempts} times`, options);
    this.name = 'AppendConflictError';
  }
}

/** `create` found the breach id already taken by another organisation: never hand one tenant another's breach. */
export class BreachIdCollisionError extends Error {
  constructor(readonly breachId: string) {
    super(`breach ${breachId} already exists for another organisation`);
    this.name = 'BreachIdCollisionError';
  }
}

/** Only `create` writes `reported`: a second one would make the log unfoldable. */
export class ReportedEventAppendError extends Error {
  constructor(readonly breachId: string) {
    super(`breach ${breachId}: a 'reported' event can only be written by create`);
    this.name = 'ReportedEventAppendError';
  }
}

/**
 * The event is recorded, but a derived item (projection or idempotency index) could not be written. Retrying an
 * appendOnce is safe; the projection also catches up on the next write or on rebuild.
 */
export class ProjectionUpdateError extends Error {
  constructor(
    readonly event: BreachEvent,
    options?: ErrorOptions,
  ) {
    super(`breach ${event.breachId}: event ${event.seq} is recorded but its derived items were not updated`, options);
    this.name = 'ProjectionUpdateError';
  }
}

export class InvalidIdempotencyKeyError extends Error {
  constructor(readonly key: string) {
    super('an idempotency key must be 1 to 200 printable ASCII characters');
    this.name = 'InvalidIdempotencyKeyError';
  }
}

/** The key was used before for an event of another type: two different operations share one key by mistake. */
export class IdempotencyKeyConflictError extends Error {
  constructor(
    readonly breachId: string,
    readonly key: string,
    readonly recorded: BreachEvent,
  ) {
    super(`breach ${breachId}: idempotency key already used by event ${recorded.seq} ('${recorded.type}')`);
    this.name = 'IdempotencyKeyConflictError';
  }
}

/** A list cursor that this repository did not issue for this organisation and filter. */
export class InvalidCursorError extends Error {
  constructor(options?: ErrorOptions) {
    super('the cursor is not valid for this list', options);
    this.name = 'InvalidCursorError';
  }
}

/** An item that does not have the shape this repository writes: the table was edited by hand or by other code. */
export class CorruptItemError extends Error {
  constructor(
    readonly pk: string,
    readonly sk: string,
  ) {
    super(`item ${pk} / ${sk} is not a well-formed breach item`);
    this.name = 'CorruptItemError';
  }
}

type Item = Record<string, unknown>;

// Printable ASCII: the key becomes part of a sort key, and must not smuggle in separators' look-alikes.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 100;
const LAST_SEQ = 9_999_999_999;

/** Item attributes that are storage, not part of the event or state. */
const { partitionKey: PK, sortKey: SK } = TABLE;
const GSI1PK = TABLE.gsi1.partitionKey;
const GSI1SK = TABLE.gsi1.sortKey;
const DEDUPE_KEY = 'dedupeKey';

const toEvent = (item: Item): BreachEvent => {
  const { [PK]: pk, [SK]: sk, [DEDUPE_KEY]: _dedupeKey, ...event } = item;
  if (
    typeof event.seq !== 'number' ||
    typeof event.hash !== 'string' ||
    typeof event.prevHash !== 'string' ||
    typeof event.type !== 'string' ||
    typeof event.breachId !== 'string' ||
    typeof event.organisationId !== 'string'
  ) {
    throw new CorruptItemError(String(pk), String(sk));
  }
  return event as unknown as BreachEvent;
};

const toState = (item: Item): BreachState => {
  const { [PK]: pk, [SK]: sk, [GSI1PK]: _gpk, [GSI1SK]: _gsk, ...state } = item;
  if (typeof state.version !== 'number' || typeof state.breachId !== 'string' || typeof state.status !== 'string') {
    throw new CorruptItemError(String(pk), String(sk));
  }
  return state as unknown as BreachState;
};

const toSummary = (item: Item): BreachSummary => {
  const state = toState(item);
  return {
    breachId: state.breachId,
    stage: state.stage,
    status: state.status,
    awareAt: state.awareAt,
    reportedAt: state.reportedAt,
  };
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class DynamoBreachRepository implements BreachRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;

  constructor(options: DynamoBreachRepositoryOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#maxAttempts = options.maxAttempts ?? 25;
    this.#baseDelayMs = options.baseDelayMs ?? 10;
    this.#maxDelayMs = options.maxDelayMs ?? 1000;
  }

  async create(
    breachId: string,
    organisationId: string,
    event: NewEvent<'reported'>,
  ): Promise<AppendResult<'reported'>> {
    const first = seal(breachId, organisationId, 1, genesisHash(breachId), event);
    if (await this.#putEvent(first)) {
      // Nothing can have projected a breach whose first event was only just written: skip the read.
      await this.#guardProjection(first, () => this.#putState(applyEvent(undefined, first), '<'));
      return { event: first, created: true };
    }
    const existing = await this.#readEvent(breachId, 1);
    if (existing === undefined) throw new CorruptItemError(breachPk(breachId), eventSk(1));
    if (existing.organisationId !== organisationId) throw new BreachIdCollisionError(breachId);
    // The first attempt may have died between the event and the projection: the repeat finishes its work.
    await this.#project(existing);
    return { event: existing as BreachEvent<'reported'>, created: false };
  }

  async append<T extends EventType>(breachId: string, event: NewEvent<T>): Promise<AppendResult<T>> {
    if (event.type === 'reported') throw new ReportedEventAppendError(breachId);
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      // The log, not the projection, says which seq is next: the projection may lag behind it.
      const head = await this.#lastEvent(breachId);
      if (head === undefined) throw new BreachNotFoundError(breachId);
      const next = seal(breachId, head.organisationId, head.seq + 1, head.hash, event);
      if (await this.#putEvent(next)) {
        await this.#project(next);
        return { event: next, created: true };
      }
      await this.#backoff(attempt);
    }
    throw new AppendConflictError(breachId, this.#maxAttempts);
  }

  /**
   * Idempotent append, with no lock and no transaction.
   *
   * The keyed event itself is the record that the operation happened: it is written with `dedupeKey` on it, by the
   * same single conditional put as any event. Before putting at seq n, the writer has read every event 1..n-1 with a
   * consistent read and found none carrying the key; a rival writer with the same key that got in first must have
   * taken some seq ≤ n-1 (so we would have seen it) or n itself (so our put fails, and the re-read finds it). So the
   * key lands at most once, and because the event put is the only commit, there is no crash window: either the
   * event is in the log (a repeat finds it) or it is not (a repeat writes it).
   *
   * A marker-before-event lock (`DEDUPE#<key>` claimed first) was rejected: a writer that dies after claiming leaves
   * a claim with no event, and taking it over safely needs leases plus a fence on the event put, which DynamoDB
   * cannot express across two items without a transaction. Here `DEDUPE#<key>` is only an index written after the
   * event (key → seq), so a repeat costs two reads instead of a read of the whole log; if it is missing (a crash
   * right after the event) the log scan still finds the event and rewrites it.
   */
  async appendOnce<T extends EventType>(
    breachId: string,
    key: string,
    event: NewEvent<T>,
    known?: KnownHead,
  ): Promise<AppendResult<T>> {
    if (!IDEMPOTENCY_KEY.test(key)) throw new InvalidIdempotencyKeyError(key);
    if (event.type === 'reported') throw new ReportedEventAppendError(breachId);

    const hint = known !== undefined && isUsableHint(breachId, known) ? known : undefined;
    if (hint !== undefined) {
      // The caller has seen every event up to the head and none carries the key, so the proof below holds without
      // reading them again: put at head + 1 at once. The projection is the caller's fold of that same prefix plus
      // this event, so it too needs no read. A rival that took head + 1 sends us down the general path.
      const next = seal(breachId, hint.event.organisationId, hint.event.seq + 1, hint.event.hash, event);
      if (await this.#putEvent(next, key)) {
        await this.#afterKeyedAppend(next, key, applyEvent(hint.state, next));
        return { event: next, created: true };
      }
    }

    const indexed = await this.#readDedupeIndex(breachId, key);
    if (indexed !== undefined) return this.#repeat(breachId, key, event, indexed);

    let head: Pick<BreachEvent, 'seq' | 'hash' | 'organisationId'> | undefined = hint?.event;
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      // Only the events since the last look need checking: stored events never change.
      for (const summary of await this.#eventKeysAfter(breachId, head?.seq ?? 0)) {
        if (summary.dedupeKey === key) {
          const recorded = await this.#readEvent(breachId, summary.seq);
          if (recorded === undefined) throw new CorruptItemError(breachPk(breachId), eventSk(summary.seq));
          return this.#repeat(breachId, key, event, recorded);
        }
        head = summary;
      }
      if (head === undefined) throw new BreachNotFoundError(breachId);
      const next = seal(breachId, head.organisationId, head.seq + 1, head.hash, event);
      if (await this.#putEvent(next, key)) {
        await this.#afterKeyedAppend(next, key);
        return { event: next, created: true };
      }
      await this.#backoff(attempt);
    }
    throw new AppendConflictError(breachId, this.#maxAttempts);
  }

  async events(breachId: string): Promise<BreachEvent[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
      ExpressionAttributeValues: { ':pk': breachPk(breachId), ':prefix': EVENT_SK_PREFIX },
      ConsistentRead: true,
    });
    return items.map(toEvent);
  }

  async state(breachId: string): Promise<BreachState | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { [PK]: breachPk(breachId), [SK]: STATE_SK },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : toState(Item);
  }

  async rebuild(breachId: string): Promise<BreachState> {
    const events = await this.events(breachId);
    if (events.length === 0) throw new BreachNotFoundError(breachId);
    const state = foldEvents(events);
    // `<=` rather than `<`: a rebuild may rewrite a damaged projection of the same version, never a newer one.
    await this.#putState(state, '<=');
    return state;
  }

  /**
   * Newest awareness first. Without a status filter the index orders by status first, so open breaches (newest
   * first) come before closed ones.
   */
  async list(
    organisationId: string,
    options: { status?: BreachState['status']; limit?: number; cursor?: string } = {},
  ): Promise<{ items: BreachSummary[]; cursor?: string }> {
    const gsi1pk = orgBreachesGsi1Pk(organisationId);
    const prefix = options.status === undefined ? undefined : `${options.status}#`;
    const limit = Math.min(Math.max(Math.floor(options.limit ?? DEFAULT_LIST_LIMIT), 1), MAX_LIST_LIMIT);
    const startKey = options.cursor === undefined ? undefined : decodeCursor(options.cursor, gsi1pk, prefix);
    const { Items = [], LastEvaluatedKey } = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: prefix === undefined ? '#gpk = :gpk' : '#gpk = :gpk AND begins_with(#gsk, :prefix)',
        ExpressionAttributeNames: prefix === undefined ? { '#gpk': GSI1PK } : { '#gpk': GSI1PK, '#gsk': GSI1SK },
        ExpressionAttributeValues: prefix === undefined ? { ':gpk': gsi1pk } : { ':gpk': gsi1pk, ':prefix': prefix },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    const items = Items.map(toSummary);
    return LastEvaluatedKey === undefined ? { items } : { items, cursor: encodeCursor(LastEvaluatedKey) };
  }

  async #repeat<T extends EventType>(
    breachId: string,
    key: string,
    event: NewEvent<T>,
    recorded: BreachEvent,
  ): Promise<AppendResult<T>> {
    if (recorded.type !== event.type) throw new IdempotencyKeyConflictError(breachId, key, recorded);
    // The original writer may have died before the index or the projection: the repeat finishes its work.
    await this.#afterKeyedAppend(recorded, key);
    return { event: recorded as BreachEvent<T>, created: false };
  }

  /**
   * The index and the projection after a keyed event. With `projected` (the caller's fold up to this event) the two
   * writes are independent and go out together; without it the projection is read and brought forward.
   */
  async #afterKeyedAppend(event: BreachEvent, key: string, projected?: BreachState): Promise<void> {
    const index = this.#client
      .send(
        new PutCommand({
          TableName: this.#table,
          Item: { [PK]: breachPk(event.breachId), [SK]: dedupeSk(key), seq: event.seq, [DEDUPE_KEY]: key },
        }),
      )
      .catch((error: unknown) => {
        throw new ProjectionUpdateError(event, { cause: error });
      });
    if (projected === undefined) {
      await index;
      await this.#project(event);
      return;
    }
    const projection = this.#guardProjection(event, () => this.#putState(projected, '<'));
    // Both settle before either failure is reported, so no write is left running behind the caller's back.
    const [indexed, stored] = await Promise.allSettled([index, projection]);
    if (indexed.status === 'rejected') throw indexed.reason;
    if (stored.status === 'rejected') throw stored.reason;
  }

  /** The event the index points at, if the index exists and the event really carries the key. */
  async #readDedupeIndex(breachId: string, key: string): Promise<BreachEvent | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { [PK]: breachPk(breachId), [SK]: dedupeSk(key) },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined || typeof Item.seq !== 'number') return undefined;
    const item = await this.#readEventItem(breachId, Item.seq);
    return item?.[DEDUPE_KEY] === key ? toEvent(item) : undefined;
  }

  /** Puts the event if its seq is free; false when another writer already took it. */
  async #putEvent(event: BreachEvent, dedupeKey?: string): Promise<boolean> {
    const item: Item = { ...event, [PK]: breachPk(event.breachId), [SK]: eventSk(event.seq) };
    if (dedupeKey !== undefined) item[DEDUPE_KEY] = dedupeKey;
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async #readEventItem(breachId: string, seq: number): Promise<Item | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { [PK]: breachPk(breachId), [SK]: eventSk(seq) },
        ConsistentRead: true,
      }),
    );
    return Item;
  }

  async #readEvent(breachId: string, seq: number): Promise<BreachEvent | undefined> {
    const item = await this.#readEventItem(breachId, seq);
    return item === undefined ? undefined : toEvent(item);
  }

  async #lastEvent(breachId: string): Promise<BreachEvent | undefined> {
    const { Items = [] } = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
        ExpressionAttributeValues: { ':pk': breachPk(breachId), ':prefix': EVENT_SK_PREFIX },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const [last] = Items;
    return last === undefined ? undefined : toEvent(last);
  }

  /** Seq, hash, organisation and idempotency key of every event after `seq`, in order: enough to chain and dedupe. */
  async #eventKeysAfter(
    breachId: string,
    seq: number,
  ): Promise<{ seq: number; hash: string; organisationId: string; dedupeKey?: string }[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: {
        '#pk': PK,
        '#sk': SK,
        '#seq': 'seq',
        '#hash': 'hash',
        '#org': 'organisationId',
        '#dk': DEDUPE_KEY,
      },
      ExpressionAttributeValues: { ':pk': breachPk(breachId), ':from': eventSk(seq + 1), ':to': eventSk(LAST_SEQ) },
      ProjectionExpression: '#pk, #sk, #seq, #hash, #org, #dk',
      ConsistentRead: true,
    });
    return items.map((item) => {
      if (typeof item.seq !== 'number' || typeof item.hash !== 'string' || typeof item.organisationId !== 'string') {
        throw new CorruptItemError(String(item[PK]), String(item[SK]));
      }
      const dedupeKey = typeof item[DEDUPE_KEY] === 'string' ? item[DEDUPE_KEY] : undefined;
      return { seq: item.seq, hash: item.hash, organisationId: item.organisationId, dedupeKey };
    });
  }

  async #queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  /**
   * Brings the projection up to at least `event`. Applies the event to the stored projection when that is exactly
   * one behind (the usual case), and otherwise folds the whole log, which also repairs a projection left behind by a
   * crash. The result is always the fold of a prefix of the log, so whichever writer wins, the projection is right.
   */
  async #project(event: BreachEvent): Promise<void> {
    await this.#guardProjection(event, async () => {
      const current = await this.state(event.breachId);
      if (current !== undefined && current.version >= event.seq) return;
      const next =
        current !== undefined && current.version === event.seq - 1
          ? applyEvent(current, event)
          : foldEvents(await this.events(event.breachId));
      await this.#putState(next, '<');
    });
  }

  async #guardProjection(event: BreachEvent, update: () => Promise<void>): Promise<void> {
    try {
      await update();
    } catch (error) {
      throw new ProjectionUpdateError(event, { cause: error });
    }
  }

  /** Writes the projection unless a newer one is stored; losing to a newer one is success, not an error. */
  async #putState(state: BreachState, comparison: '<' | '<='): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...state,
            [PK]: breachPk(state.breachId),
            [SK]: STATE_SK,
            [GSI1PK]: orgBreachesGsi1Pk(state.organisationId),
            [GSI1SK]: breachGsi1Sk(state.status, state.awareAt, state.breachId),
          },
          ConditionExpression: `attribute_not_exists(#pk) OR #version ${comparison} :version`,
          ExpressionAttributeNames: { '#pk': PK, '#version': 'version' },
          ExpressionAttributeValues: { ':version': state.version },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async #backoff(attempt: number): Promise<void> {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
    await sleep(Math.random() * ceiling);
  }
}

/**
 * Numbers and chains the event. The result is what DynamoDB will give back (no undefined members), so a caller sees
 * the same event now as on any later read, and the hash is computed before anything is written.
 */
const seal = <T extends EventType>(
  breachId: string,
  organisationId: string,
  seq: number,
  prevHash: string,
  event: NewEvent<T>,
): BreachEvent<T> => {
  const unsealed = {
    type: event.type,
    at: event.at,
    actor: event.actor,
    data: event.data,
    breachId,
    organisationId,
    seq,
    prevHash,
  };
  const clean = JSON.parse(canonicalJson(unsealed)) as Omit<BreachEvent<T>, 'hash'>;
  return { ...clean, hash: chainHash(clean) } as BreachEvent<T>;
};

/**
 * A hint is only taken when it is self-consistent: the head belongs to this breach and the projection is folded
 * exactly up to it. That no event up to the head carries the key is the caller's word (KnownHead).
 */
const isUsableHint = (breachId: string, known: KnownHead): boolean =>
  known.event.breachId === breachId && known.state.breachId === breachId && known.state.version === known.event.seq;

const CURSOR_KEYS = [PK, SK, GSI1PK, GSI1SK] as const;

const encodeCursor = (key: Item): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/**
 * A cursor is the index's LastEvaluatedKey, and it is checked before use: a forged cursor must not start a page in
 * another organisation's partition or outside the status asked for.
 */
const decodeCursor = (cursor: string, gsi1pk: string, prefix: string | undefined): Item => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidCursorError();
  const record = parsed as Record<string, unknown>;
  const keys = Object.keys(record);
  const valid =
    keys.length === CURSOR_KEYS.length &&
    CURSOR_KEYS.every((name) => typeof record[name] === 'string') &&
    record[GSI1PK] === gsi1pk &&
    record[SK] === STATE_SK &&
    (prefix === undefined || String(record[GSI1SK]).startsWith(prefix));
  if (!valid) throw new InvalidCursorError();
  return record;
};
