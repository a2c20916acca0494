import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryEvents, SubjectRecord, SubjectRepository } from '../../functions/domain/subject-ports';
import { type Subject, subjectKey } from '../../functions/domain/subjects';
import { OUTRANKS } from '../../functions/ses-events/delivery-event';
import { startDynalite } from '../support/dynalite';
import { dynamoSubjects } from '../support/dynamo-subjects';
import { InMemorySubjectRepository } from '../support/subject-fakes';

/**
 * One contract, two implementations of the people affected and their notices: the in-memory repository that the
 * fan-out, resolution and letters unit tests run on, and the four DynamoDB adapters (list, notice queue, eraser,
 * delivery events) over one subjects table on dynalite. What the use cases rely on is asserted here against both, so
 * a unit test on the fake cannot pass where the adapters would differ. What only a table can show (shards, index lag,
 * unprocessed batch items, concurrent runs) stays in the adapters' own suites.
 */

type Subjects = SubjectRepository & DeliveryEvents;

const IMPLEMENTATIONS: { name: string; start: () => Promise<{ subjects: Subjects; close(): Promise<void> }> }[] = [
  {
    name: 'in memory (test/support/subject-fakes.ts)',
    start: async () => ({ subjects: new InMemorySubjectRepository(), close: async () => undefined }),
  },
  {
    name: 'DynamoDB adapters (dynalite)',
    start: async () => {
      const table = await startDynalite();
      return {
        subjects: dynamoSubjects({ client: table.client, tableName: table.subjectsTableName }),
        close: () => table.close(),
      };
    },
  },
];

const ADDED_AT = '2025-03-10T12:00:00Z';
const CLAIMED_AT = '2025-03-10T12:05:00Z';
const SENT_AT = '2025-03-10T12:05:01Z';
/** The statuses each SES event may move on from, as the SES events function passes them. */
const FROM = OUTRANKS;

/** A person of the breach, keyed as an upload keys them; without an e-mail address they are written to by letter. */
const aPerson = (breachId: string, n: number, channel: 'email' | 'letter' = 'email') => {
  const subject: Subject =
    channel === 'email'
      ? { name: `Person ${n}`, email: `person${n}@example.org` }
      : { name: `Person ${n}`, postalAddress: `${n} Example Street, Exampleton` };
  return { key: subjectKey(breachId, subject), subject };
};
const keysOf = (records: readonly { key: string }[]) => records.map((r) => r.key).sort();

describe.each(IMPLEMENTATIONS)('the subjects contract, $name', ({ start }) => {
  let implementation: Awaited<ReturnType<typeof start>>;
  let subjects: Subjects;
  let counter = 0;
  const newBreach = () => `breach-${++counter}`;
  /** A breach with `emails` people to mail and `letters` to write to, all added. */
  const aBreachWith = async (emails: number, letters = 0) => {
    const breachId = newBreach();
    const people = [
      ...Array.from({ length: emails }, (_, n) => aPerson(breachId, n)),
      ...Array.from({ length: letters }, (_, n) => aPerson(breachId, emails + n, 'letter')),
    ];
    await subjects.add(breachId, people, ADDED_AT);
    return { breachId, people, keys: people.map((p) => p.key) };
  };
  /** The breach's whole list, in key order (each implementation may page in its own order). */
  const everyone = async (breachId: string) =>
    (await subjects.page(breachId, 1_000)).items.sort((a, b) => a.key.localeCompare(b.key));
  const recordOf = async (breachId: string, key: string): Promise<SubjectRecord | undefined> =>
    (await everyone(breachId)).find((r) => r.key === key);

  beforeAll(async () => {
    implementation = await start();
    ({ subjects } = implementation);
  });

  afterAll(async () => {
    await implementation?.close();
  });

  describe('the list', () => {
    it('adds each person once: a repeated add adds nothing and returns only the new keys', async () => {
      const breachId = newBreach();
      const [a, b, c] = [aPerson(breachId, 1), aPerson(breachId, 2), aPerson(breachId, 3, 'letter')];
      if (!a || !b || !c) throw new Error('three people');

      expect((await subjects.add(breachId, [a, b], ADDED_AT)).sort()).toEqual([a.key, b.key].sort());
      expect(await subjects.add(breachId, [b, c], '2025-03-11T00:00:00Z')).toEqual([c.key]);
      expect(await subjects.add(breachId, [a, b, c], '2025-03-12T00:00:00Z')).toEqual([]);

      expect(await subjects.count(breachId, 10)).toBe(3);
      expect(await recordOf(breachId, b.key)).toEqual({
        breachId,
        key: b.key,
        subject: b.subject,
        delivery: { channel: 'email', to: 'person2@example.org' },
        status: 'pending',
        addedAt: ADDED_AT,
      });
    });

    it('lists people with an e-mail address as pending and people without one as letters', async () => {
      const { breachId, people } = await aBreachWith(2, 1);
      const letter = people[2];

      expect(await subjects.tally(breachId)).toEqual({ pending: 2, letter: 1 });
      expect(keysOf(await subjects.pending(breachId, 10))).toEqual(keysOf(people.slice(0, 2)));
      expect(await subjects.countPending(breachId, 10)).toBe(2);
      expect(await recordOf(breachId, letter?.key ?? '')).toMatchObject({
        status: 'letter',
        delivery: { channel: 'letter' },
      });
    });

    it('pages through the list: every person once, and no cursor after the last page', async () => {
      const { breachId, keys } = await aBreachWith(5, 2);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await subjects.page(breachId, 3, cursor);
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((r) => r.key));
        cursor = page.cursor;
        pages++;
      } while (cursor !== undefined && pages < 10);

      expect(cursor).toBeUndefined();
      expect(seen).toHaveLength(keys.length);
      expect([...seen].sort()).toEqual([...keys].sort());
      const whole = await subjects.page(breachId, 100);
      expect(whole.cursor).toBeUndefined();
      expect(keysOf(whole.items)).toEqual([...keys].sort());
      expect(whole.items.map((r) => r.key)).toEqual(seen);
    });

    it("resumes right after any listed person's key given as the cursor", async () => {
      const { breachId } = await aBreachWith(4, 2);
      const order = (await subjects.page(breachId, 100)).items.map((r) => r.key);

      for (const [index, key] of order.entries()) {
        const rest = await subjects.page(breachId, 100, key);
        expect(rest.items.map((r) => r.key)).toEqual(order.slice(index + 1));
      }
    });
  });

  describe('the notice queue', () => {
    it('claims a pending person for one run only, and only pending people', async () => {
      const { breachId, keys, people } = await aBreachWith(3, 1);
      const [letterKey] = keys.slice(3);

      const won = await subjects.claim(breachId, keys, 'run-1', CLAIMED_AT);
      const lost = await subjects.claim(breachId, keys, 'run-2', CLAIMED_AT);

      expect(keysOf(won)).toEqual(keysOf(people.slice(0, 3)));
      expect(won.map((r) => r.key)).not.toContain(letterKey);
      for (const record of won) {
        expect(record).toMatchObject({ breachId, status: 'claimed', claim: { token: 'run-1', at: CLAIMED_AT } });
      }
      expect(lost).toEqual([]);
      expect(await subjects.tally(breachId)).toEqual({ claimed: 3, letter: 1 });
      expect(keysOf(await subjects.claimed(breachId, 10))).toEqual(keysOf(won));
      for (const record of await subjects.claimed(breachId, 10)) expect(record.claim?.token).toBe('run-1');
    });

    it('counts the pending and the claimed people up to the cap, leaving out the asking run', async () => {
      const { breachId, keys } = await aBreachWith(5);
      await subjects.claim(breachId, keys.slice(0, 4), 'run-1', CLAIMED_AT);

      expect(await subjects.countPending(breachId, 10)).toBe(1);
      expect(await subjects.countClaimed(breachId, 'run-2', 10)).toBe(4);
      expect(await subjects.countClaimed(breachId, 'run-2', 2)).toBe(2);
      expect(await subjects.countClaimed(breachId, 'run-1', 10)).toBe(0);
      expect(await subjects.claimed(breachId, 2)).toHaveLength(2);
      const more = await aBreachWith(5);
      expect(await subjects.countPending(more.breachId, 3)).toBe(3);
      expect(await subjects.pending(more.breachId, 2)).toHaveLength(2);
    });

    it('marks a claimed person sent with the message id, which then leads back to them', async () => {
      const { breachId, keys } = await aBreachWith(1);
      const key = keys[0] ?? '';
      await subjects.claim(breachId, [key], 'run-1', CLAIMED_AT);

      await subjects.markSent(breachId, key, 'run-1', 'msg-sent-1', SENT_AT);

      const record = await recordOf(breachId, key);
      expect(record).toMatchObject({ status: 'sent', messageId: 'msg-sent-1' });
      expect(record?.claim).toBeUndefined();
      expect(await subjects.byMessageId('msg-sent-1')).toEqual({ breachId, key });
      expect(await subjects.byMessageId('msg-never-sent')).toBeUndefined();
      expect(await subjects.claimed(breachId, 10)).toEqual([]);
      expect(await subjects.tally(breachId)).toEqual({ sent: 1 });
    });

    it("marks a claimed person failed with SES's reason, and releases another for a later run to claim", async () => {
      const { breachId, keys } = await aBreachWith(2);
      const [failed = '', released = ''] = keys;
      await subjects.claim(breachId, keys, 'run-1', CLAIMED_AT);

      await subjects.markFailed(breachId, failed, 'run-1', 'MessageRejected', SENT_AT);
      await subjects.release(breachId, released, 'run-1');

      expect(await recordOf(breachId, failed)).toMatchObject({ status: 'failed', reason: 'MessageRejected' });
      const back = await recordOf(breachId, released);
      expect(back?.status).toBe('pending');
      expect(back?.claim).toBeUndefined();
      expect(keysOf(await subjects.pending(breachId, 10))).toEqual([released]);
      expect(keysOf(await subjects.claim(breachId, keys, 'run-2', CLAIMED_AT))).toEqual([released]);
    });

    it("changes nothing, and throws nothing, when the token is not the claim's or the person is not claimed", async () => {
      const { breachId, keys } = await aBreachWith(4);
      const [a = '', b = '', c = '', unclaimed = ''] = keys;
      await subjects.claim(breachId, [a, b, c], 'run-1', CLAIMED_AT);
      const before = await everyone(breachId);

      await subjects.markSent(breachId, a, 'run-2', 'msg-wrong-token', SENT_AT);
      await subjects.markFailed(breachId, b, 'run-2', 'MessageRejected', SENT_AT);
      await subjects.release(breachId, c, 'run-2');
      await subjects.confirmSent(breachId, a, 'run-2', { at: SENT_AT, by: { name: 'A. Person', role: 'dpo' } });
      await subjects.markSent(breachId, unclaimed, 'run-1', 'msg-unclaimed', SENT_AT);
      await subjects.markFailed(breachId, unclaimed, 'run-1', 'MessageRejected', SENT_AT);
      await subjects.release(breachId, unclaimed, 'run-1');

      expect(await everyone(breachId)).toEqual(before);
      expect(await subjects.tally(breachId)).toEqual({ claimed: 3, pending: 1 });
      // The message did leave under that id, so its pointer names the person (pointer first, then the status).
      expect(await subjects.byMessageId('msg-wrong-token')).toEqual({ breachId, key: a });
    });

    it("confirms a claim a crash left as sent on a person's word: who and when, and no message id", async () => {
      const { breachId, keys } = await aBreachWith(1);
      const key = keys[0] ?? '';
      await subjects.claim(breachId, [key], 'crashed-run', CLAIMED_AT);
      const confirmation = { at: '2025-03-11T09:00:00Z', by: { name: 'Dana Protection', role: 'dpo' } };

      await subjects.confirmSent(breachId, key, 'crashed-run', confirmation);

      const record = await recordOf(breachId, key);
      expect(record).toMatchObject({ status: 'sent', confirmed: confirmation });
      expect(record?.messageId).toBeUndefined();
      expect(record?.claim).toBeUndefined();
      expect(await subjects.claimed(breachId, 10)).toEqual([]);
      expect(await subjects.countClaimed(breachId, 'another-run', 10)).toBe(0);
    });
  });

  describe('delivery events', () => {
    const detail = (messageId: string, reason?: string) => ({
      at: '2025-03-10T12:06:00Z',
      messageId,
      ...(reason ? { reason } : {}),
    });

    it('records delivery, bounce and complaint in rank: a weaker event never overwrites a stronger one', async () => {
      const { breachId, keys } = await aBreachWith(1);
      const key = keys[0] ?? '';
      await subjects.claim(breachId, [key], 'run-1', CLAIMED_AT);
      await subjects.markSent(breachId, key, 'run-1', 'msg-rank', SENT_AT);
      const notice = await subjects.byMessageId('msg-rank');
      if (!notice) throw new Error('the sent notice has a pointer');
      const status = async () => (await recordOf(breachId, key))?.status;

      expect(await subjects.recordDeliveryEvent(notice, 'delivered', FROM.delivered, detail('msg-rank'))).toBe(true);
      expect(await status()).toBe('delivered');
      expect(await subjects.recordDeliveryEvent(notice, 'delivered', FROM.delivered, detail('msg-rank'))).toBe(false);
      const bounce = detail('msg-rank', 'Permanent/General');
      expect(await subjects.recordDeliveryEvent(notice, 'bounced', FROM.bounced, bounce)).toBe(true);
      expect(await recordOf(breachId, key)).toMatchObject({ status: 'bounced', reason: 'Permanent/General' });
      expect(await subjects.recordDeliveryEvent(notice, 'delivered', FROM.delivered, detail('msg-rank'))).toBe(false);
      expect(await subjects.recordDeliveryEvent(notice, 'complained', FROM.complained, detail('msg-rank'))).toBe(true);
      expect(await subjects.recordDeliveryEvent(notice, 'bounced', FROM.bounced, bounce)).toBe(false);
      expect(await status()).toBe('complained');
      expect(await subjects.tally(breachId)).toEqual({ complained: 1 });
    });

    it('records an event that overtakes "sent", which then leaves the person as the event did', async () => {
      const { breachId, keys } = await aBreachWith(1);
      const key = keys[0] ?? '';
      await subjects.claim(breachId, [key], 'run-1', CLAIMED_AT);

      const notice = { breachId, key };
      expect(await subjects.recordDeliveryEvent(notice, 'delivered', FROM.delivered, detail('msg-fast'))).toBe(true);
      await subjects.markSent(breachId, key, 'run-1', 'msg-fast', SENT_AT);

      const record = await recordOf(breachId, key);
      expect(record).toMatchObject({ status: 'delivered', messageId: 'msg-fast' });
      expect(record?.claim).toBeUndefined();
      expect(await subjects.claimed(breachId, 10)).toEqual([]);
    });

    it('records nothing for a person who is not listed, or not yet sent to', async () => {
      const { breachId, keys } = await aBreachWith(1);
      const pending = { breachId, key: keys[0] ?? '' };

      expect(await subjects.recordDeliveryEvent(pending, 'delivered', FROM.delivered, detail('msg-p'))).toBe(false);
      const nobody = { breachId, key: aPerson(breachId, 99).key };
      expect(await subjects.recordDeliveryEvent(nobody, 'bounced', FROM.bounced, detail('msg-n'))).toBe(false);
      expect(await subjects.tally(breachId)).toEqual({ pending: 1 });
    });
  });

  describe('erasure', () => {
    it('erases at most `limit` people with their message pointers, and counts who is left', async () => {
      const { breachId, keys } = await aBreachWith(4, 1);
      await subjects.claim(breachId, keys, 'run-1', CLAIMED_AT);
      await subjects.markSent(breachId, keys[0] ?? '', 'run-1', 'msg-erase-0', SENT_AT);
      await subjects.markSent(breachId, keys[1] ?? '', 'run-1', 'msg-erase-1', SENT_AT);

      expect(await subjects.erase(breachId, 2)).toBe(2);
      expect(await subjects.count(breachId, 10)).toBe(3);
      expect(await subjects.count(breachId, 2)).toBe(2);
      expect(await subjects.erase(breachId, 10)).toBe(3);
      expect(await subjects.erase(breachId, 10)).toBe(0);

      expect(await subjects.count(breachId, 10)).toBe(0);
      expect(await subjects.page(breachId, 10)).toEqual({ items: [] });
      expect(await subjects.tally(breachId)).toEqual({});
      expect(await subjects.byMessageId('msg-erase-0')).toBeUndefined();
      expect(await subjects.byMessageId('msg-erase-1')).toBeUndefined();
    });
  });

  describe("each breach's people", () => {
    it("never shows, claims, changes or erases another breach's people", async () => {
      const ours = await aBreachWith(2, 1);
      const theirs = await aBreachWith(2);
      const [theirKey = ''] = theirs.keys;
      await subjects.claim(theirs.breachId, [theirKey], 'their-run', CLAIMED_AT);
      const theirsBefore = await everyone(theirs.breachId);

      expect(await subjects.claim(ours.breachId, theirs.keys, 'our-run', CLAIMED_AT)).toEqual([]);
      await subjects.markSent(ours.breachId, theirKey, 'their-run', 'msg-cross', SENT_AT);
      await subjects.markFailed(ours.breachId, theirKey, 'their-run', 'MessageRejected', SENT_AT);
      await subjects.release(ours.breachId, theirKey, 'their-run');
      expect(
        await subjects.recordDeliveryEvent({ breachId: ours.breachId, key: theirKey }, 'bounced', FROM.bounced, {
          at: SENT_AT,
          messageId: 'msg-cross',
        }),
      ).toBe(false);

      expect(keysOf(await everyone(ours.breachId))).toEqual([...ours.keys].sort());
      expect(keysOf(await subjects.pending(ours.breachId, 10))).toEqual(keysOf(ours.people.slice(0, 2)));
      expect(await subjects.countPending(ours.breachId, 10)).toBe(2);
      expect(await subjects.countClaimed(ours.breachId, 'our-run', 10)).toBe(0);
      expect(await subjects.claimed(ours.breachId, 10)).toEqual([]);
      expect(await subjects.tally(ours.breachId)).toEqual({ pending: 2, letter: 1 });
      expect(await subjects.erase(ours.breachId, 10)).toBe(3);
      expect(await everyone(theirs.breachId)).toEqual(theirsBefore);
      expect(await subjects.count(theirs.breachId, 10)).toBe(2);
      expect(await subjects.tally(theirs.breachId)).toEqual({ claimed: 1, pending: 1 });
    });

    it('keeps the same key in two breaches as two people', async () => {
      const [first, second] = [newBreach(), newBreach()];
      const person = aPerson(first, 1);

      expect(await subjects.add(first, [person], ADDED_AT)).toEqual([person.key]);
      expect(await subjects.add(second, [person], ADDED_AT)).toEqual([person.key]);
      await subjects.claim(first, [person.key], 'run-1', CLAIMED_AT);

      expect(await subjects.tally(first)).toEqual({ claimed: 1 });
      expect(await subjects.tally(second)).toEqual({ pending: 1 });
    });
  });
});
