import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECT_SHARDS, subjectPk, subjectShard } from '../../functions/adapters/subject-items';
import { type Subject, subjectKey } from '../../functions/domain/subjects';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { type DynamoSubjects, dynamoSubjects } from '../support/dynamo-subjects';

/**
 * A breach's people spread over SUBJECT_SHARDS partitions of the subjects table, on dynalite: every person lands in
 * the shard their key names, and every read that fans out over the shards gives each person exactly once.
 */

const AT = '2026-12-04T10:00:00.000Z';
const PEOPLE = 120;

let table: LocalTable;
let subjects: DynamoSubjects;

const peopleOf = (breachId: string, n: number, letters = 0) =>
  Array.from({ length: n }, (_, i) => {
    const subject: Subject =
      i < letters
        ? { name: `Letter Person ${i}`, postalAddress: `${i} Example Street, Exampleton` }
        : { name: `Person ${i}`, email: `person-${i}@example.org` };
    return { key: subjectKey(breachId, subject), subject };
  });

/** Every page of the list, `limit` at a time, following the cursors. */
const walk = async (breachId: string, limit: number) => {
  const keys: string[] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await subjects.page(breachId, limit, cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    keys.push(...page.items.map((item) => item.key));
    cursor = page.cursor;
    if (cursor !== undefined) cursors.push(cursor);
  } while (cursor !== undefined);
  return { keys, cursors };
};

beforeAll(async () => {
  table = await startDynalite();
  subjects = dynamoSubjects({ client: table.client, tableName: table.subjectsTableName });
});

afterAll(async () => {
  await table?.close();
});

describe('subjects sharded over partitions', () => {
  it('puts each person in the partition their key names, and spreads a breach over every shard', async () => {
    // Prepare
    const breachId = 'BR-SHARD-SPREAD';
    const people = peopleOf(breachId, PEOPLE);

    // Act
    expect(await subjects.add(breachId, people, AT)).toHaveLength(PEOPLE);

    // Assess
    const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.subjectsTableName }));
    const stored = Items.filter((item) => item.breachId === breachId);
    expect(stored).toHaveLength(PEOPLE);
    for (const item of stored) expect(item.PK).toBe(subjectPk(breachId, subjectShard(String(item.key))));
    const spread = await subjects.spread(breachId);
    expect(spread).toHaveLength(SUBJECT_SHARDS);
    expect(spread.reduce((a, b) => a + b, 0)).toBe(PEOPLE);
    expect(Math.min(...spread)).toBeGreaterThan(0);
    // A re-upload finds every person in their shard and adds nobody.
    expect(await subjects.add(breachId, people, AT)).toEqual([]);
  });

  it.each([1, 7, 16, 500])(
    'pages across the shards %i at a time, each person once, in a stable order',
    async (limit) => {
      // Prepare
      const breachId = `BR-SHARD-PAGES-${limit}`;
      const people = peopleOf(breachId, PEOPLE);
      await subjects.add(breachId, people, AT);

      // Act
      const first = await walk(breachId, limit);
      const second = await walk(breachId, limit);

      // Assess: nothing lost, nothing twice, the same order both times, (shard, key) ascending.
      expect(first.keys).toHaveLength(PEOPLE);
      expect(new Set(first.keys)).toEqual(new Set(people.map((p) => p.key)));
      expect(second.keys).toEqual(first.keys);
      const order = first.keys.map((key) => [subjectShard(key), key] as const);
      const sorted = [...order].sort(([sa, ka], [sb, kb]) => sa - sb || (ka < kb ? -1 : ka > kb ? 1 : 0));
      expect(order).toEqual(sorted);
      // The cursors walk through the shards; one page that holds everyone needs none.
      if (limit >= PEOPLE) expect(first.cursors).toEqual([]);
      else expect(new Set(first.cursors.map(subjectShard)).size).toBeGreaterThan(1);
    },
  );

  it('resumes from a cursor taken from any page, giving exactly the people after it', async () => {
    // Prepare
    const breachId = 'BR-SHARD-RESUME';
    await subjects.add(breachId, peopleOf(breachId, 60), AT);
    const all = (await walk(breachId, 1000)).keys;

    // Act + Assess
    for (const at of [0, 3, 17, 42, 59]) {
      const cursor = all[at] as string;
      const rest: string[] = [];
      let next: string | undefined = cursor;
      do {
        const page = await subjects.page(breachId, 9, next);
        rest.push(...page.items.map((item) => item.key));
        next = page.cursor;
      } while (next !== undefined);
      expect(rest).toEqual(all.slice(at + 1));
    }
  });

  it('draws pending people from many shards, counts and tallies across all of them, and claims each once', async () => {
    // Prepare
    const breachId = 'BR-SHARD-SEND';
    await subjects.add(breachId, peopleOf(breachId, 100, 10), AT);

    // Act
    const batch = await subjects.pending(breachId, 32);
    const claimed = await subjects.claim(
      breachId,
      batch.map((r) => r.key),
      'token-1',
      AT,
    );
    for (const record of claimed.slice(0, 20))
      await subjects.markSent(breachId, record.key, 'token-1', `m-${record.key}`, AT);

    // Assess
    expect(batch).toHaveLength(32);
    expect(new Set(batch.map((r) => subjectShard(r.key))).size).toBeGreaterThanOrEqual(8);
    expect(claimed).toHaveLength(32);
    expect(await subjects.countPending(breachId, 1000)).toBe(90 - 32);
    expect(await subjects.countClaimed(breachId, 'another-token', 1000)).toBe(12);
    expect((await subjects.claimed(breachId, 1000)).map((r) => r.key).sort()).toEqual(
      claimed
        .slice(20)
        .map((r) => r.key)
        .sort(),
    );
    expect(await subjects.tally(breachId)).toEqual({ pending: 58, claimed: 12, sent: 20, letter: 10 });
    expect(await subjects.count(breachId, 1000)).toBe(100);
    expect(await subjects.count(breachId, 50)).toBe(50);
    // Every pending person is drawn in the end, none twice.
    const rest = await subjects.pending(breachId, 1000);
    expect(rest).toHaveLength(58);
    expect(new Set([...rest, ...batch].map((r) => r.key)).size).toBe(90);
  });

  it('erases every shard, a page at a time', async () => {
    // Prepare
    const breachId = 'BR-SHARD-ERASE';
    await subjects.add(breachId, peopleOf(breachId, 80), AT);

    // Act
    let erased = 0;
    for (let n = await subjects.erase(breachId, 25); n > 0; n = await subjects.erase(breachId, 25)) erased += n;

    // Assess
    expect(erased).toBe(80);
    expect(await subjects.count(breachId, 1000)).toBe(0);
    expect(await subjects.spread(breachId)).toEqual(Array(SUBJECT_SHARDS).fill(0));
  });
});
