import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SubjectList, SubjectRecord } from '../domain/subject-ports';
import { deliveryOf, type Subject } from '../domain/subjects';
import { isConditionalCheckFailed } from './dynamodb-client';
import {
  CONCURRENCY,
  countUpTo,
  GSI1PK,
  GSI1SK,
  type Item,
  inParallel,
  PK,
  pendingGsi1Pk,
  SHARDS,
  SK,
  SUBJECT_SHARDS,
  SUBJECT_SK_PREFIX,
  type SubjectTableOptions,
  subjectItemKey,
  subjectShard,
  subjectsOf,
  toRecord,
} from './subject-items';

/**
 * A breach's list of people (items: subject-items.ts), as an upload writes it and the letters read it: each person
 * added once with a conditional put (pending in the notice queue when they have an e-mail address, `letter`
 * otherwise), and the list read page by page in (shard, key) order.
 */
export class DynamoSubjectList implements SubjectList {
  readonly #table: SubjectTableOptions;

  constructor(options: SubjectTableOptions) {
    this.#table = { client: options.client, tableName: options.tableName };
  }

  async add(breachId: string, subjects: readonly { key: string; subject: Subject }[], at: string): Promise<string[]> {
    const added = await inParallel(subjects, CONCURRENCY, async ({ key, subject }) => {
      const email = deliveryOf(subject).channel === 'email';
      try {
        await this.#table.client.send(
          new PutCommand({
            TableName: this.#table.tableName,
            Item: {
              ...subjectItemKey(breachId, key),
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
   * One page in (shard, key) order. The cursor is the last key given: its shard is derived from it, so the next page
   * carries on in that shard after it, then in the shards that follow.
   */
  async page(breachId: string, limit: number, cursor?: string): Promise<{ items: SubjectRecord[]; cursor?: string }> {
    const items: SubjectRecord[] = [];
    let shard = cursor === undefined ? 0 : subjectShard(cursor);
    let startKey: Item | undefined = cursor === undefined ? undefined : subjectItemKey(breachId, cursor);
    for (; shard < SUBJECT_SHARDS; shard++) {
      const { Items = [], LastEvaluatedKey } = await this.#table.client.send(
        new QueryCommand({
          TableName: this.#table.tableName,
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

  /** How many of the breach's people each shard holds, in shard order: the spread the sharding achieves. */
  async spread(breachId: string): Promise<number[]> {
    return Promise.all(
      SHARDS.map((shard) => countUpTo(this.#table, { ...subjectsOf(breachId, shard), Select: 'COUNT' }, Infinity)),
    );
  }
}
