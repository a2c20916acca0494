import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryStatus, NoticeQueue, SubjectRecord } from '../domain/subject-ports';
import { isConditionalCheckFailed } from './dynamodb-client';
import {
  CONCURRENCY,
  claimedGsi1Pk,
  countUpTo,
  GSI1PK,
  GSI1SK,
  type Item,
  inParallel,
  PK,
  pendingGsi1Pk,
  pointerExpiry,
  queryPages,
  SES_MESSAGE_SK,
  SHARDS,
  SK,
  type SubjectTableOptions,
  sesMessagePk,
  subjectItemKey,
  subjectShard,
  subjectsOf,
  TTL,
  toRecord,
} from './subject-items';
import { TABLE } from './table-layout';

/**
 * The notice queue the fan-out works through (items and index: subject-items.ts): the pending people in the sparse
 * index, each claimed with a conditional update and this run's token, then marked sent, failed, or released; what a
 * crash left claimed, and a person's word on it; the final tally. Constructed by the notice fan-out and the
 * resolution of unconfirmed notices, the only functions that mail people.
 */
export class DynamoNoticeQueue implements NoticeQueue {
  readonly #table: SubjectTableOptions;

  constructor(options: SubjectTableOptions) {
    this.#table = { client: options.client, tableName: options.tableName };
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
          const page = await this.#table.client.send(
            new QueryCommand({
              TableName: this.#table.tableName,
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
        const { Attributes } = await this.#table.client.send(
          new UpdateCommand({
            TableName: this.#table.tableName,
            Key: subjectItemKey(breachId, key),
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
    await this.#table.client.send(
      new PutCommand({
        TableName: this.#table.tableName,
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
      await this.#table.client.send(
        new UpdateCommand({
          TableName: this.#table.tableName,
          Key: subjectItemKey(breachId, key),
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
      for await (const page of queryPages(this.#table, query)) {
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

  async tally(breachId: string): Promise<Partial<Record<DeliveryStatus, number>>> {
    const counts: Partial<Record<DeliveryStatus, number>> = {};
    await Promise.all(
      SHARDS.map(async (shard) => {
        const query = {
          ...subjectsOf(breachId, shard),
          ExpressionAttributeNames: { ...subjectsOf(breachId, shard).ExpressionAttributeNames, '#status': 'status' },
          ProjectionExpression: '#status',
        };
        for await (const page of queryPages(this.#table, query)) {
          for (const item of page.Items ?? []) {
            const status = item.status as DeliveryStatus;
            counts[status] = (counts[status] ?? 0) + 1;
          }
        }
      }),
    );
    return counts;
  }

  async #finishClaim(
    breachId: string,
    key: string,
    claimToken: string,
    set: string,
    extra: { names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<void> {
    try {
      await this.#table.client.send(
        new UpdateCommand({
          TableName: this.#table.tableName,
          Key: subjectItemKey(breachId, key),
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
        countUpTo(
          this.#table,
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
}
