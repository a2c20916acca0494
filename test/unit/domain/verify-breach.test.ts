import { describe, expect, it } from 'vitest';
import type { BreachEvent } from '../../../functions/domain/events';
import { chainHash } from '../../../functions/domain/hash-chain';
import { foldEvents } from '../../../functions/domain/state';
import { type StoredBreach, verifyBreach } from '../../../functions/domain/verify-breach';
import { aChain } from '../../support/event-fixtures';
import { lateReportedHistory } from '../../support/register-histories';

const ID = 'BR-AAAA-BBBB-CCCC-DDDD';
const events = aChain(ID, lateReportedHistory('2025-03-03T09:00:00Z'));
const projection = foldEvents(events);

const stored = (log: BreachEvent[] = events, overrides: Partial<StoredBreach> = {}): StoredBreach => ({
  breachId: ID,
  events: log.map((event) => ({ storedSeq: event.seq, event })),
  projection,
  malformed: [],
  ...overrides,
});

const kinds = (breach: StoredBreach) => verifyBreach(breach).map((p) => [p.problem, p.seq]);

describe('verifyBreach', () => {
  it('finds nothing wrong with an intact log and its projection', () => {
    expect(verifyBreach(stored())).toEqual([]);
  });

  it('reports an edited event by its sequence number', () => {
    const edited = events.map((e) => (e.seq === 4 ? { ...e, at: '2025-03-05T00:00:00.000Z' } : e));
    const problems = verifyBreach(stored(edited));
    expect(problems[0]).toMatchObject({ breachId: ID, seq: 4, problem: 'hash-mismatch' });
    // The projection was folded from the event as written, so it now differs from the fold of the edited log.
    expect(problems.slice(1)).toEqual([
      expect.objectContaining({ problem: 'projection-mismatch', fields: ['decisions'] }),
    ]);
  });

  it('reports a removed middle event as the first sequence number missing', () => {
    const [problem] = verifyBreach(stored(events.filter((e) => e.seq !== 3)));
    expect(problem).toMatchObject({
      breachId: ID,
      seq: 3,
      problem: 'gap',
      detail: expect.stringContaining('event 3 missing'),
    });
  });

  it('reports a cut tail when the projection is ahead of the last event', () => {
    expect(kinds(stored(events.slice(0, -2)))).toEqual([['tail-missing', events.length - 1]]);
  });

  it('reports events swapped between their places', () => {
    const swapped = stored();
    const [second, third] = [swapped.events[1], swapped.events[2]];
    if (!second || !third) throw new Error('fixture too short');
    swapped.events[1] = { storedSeq: 2, event: third.event };
    swapped.events[2] = { storedSeq: 3, event: second.event };
    expect(kinds(swapped)).toEqual([
      ['out-of-order', 2],
      ['out-of-order', 3],
    ]);
  });

  it('reports a re-linked event whose own hash was recomputed', () => {
    const relinked = events.map((e) => {
      if (e.seq !== 5) return e;
      const forged = { ...e, prevHash: 'f'.repeat(64) };
      return { ...forged, hash: chainHash(forged) };
    });
    expect(kinds(stored(relinked))).toContainEqual(['broken-link', 5]);
  });

  it("reports another breach's event without naming that breach", () => {
    const other = aChain('BR-ZZZZ-ZZZZ-ZZZZ-ZZZZ', lateReportedHistory('2025-03-03T09:00:00Z'));
    const mixed = events.map((e) => (e.seq === 2 ? (other[1] as BreachEvent) : e));
    const problems = verifyBreach(stored(mixed));
    expect(problems).toContainEqual(expect.objectContaining({ problem: 'foreign-event', seq: 2 }));
    expect(JSON.stringify(problems)).not.toContain('BR-ZZZZ');
  });

  it('names the fields of a projection that differs from the fold', () => {
    const [problem, ...rest] = verifyBreach(
      stored(events, { projection: { ...projection, status: 'open', closedAt: undefined } }),
    );
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      problem: 'projection-mismatch',
      seq: projection.version,
      fields: ['closedAt', 'status'],
    });
  });

  it('reports a projection behind the log, repairable by a rebuild', () => {
    const behind = foldEvents(events.slice(0, 4));
    expect(kinds(stored(events, { projection: behind }))).toEqual([['projection-behind', 5]]);
  });

  it('reports a missing projection, a missing log and malformed items', () => {
    expect(kinds(stored(events, { projection: undefined }))).toEqual([['projection-missing', events.length]]);
    expect(kinds(stored([]))).toEqual([['log-missing', 1]]);
    const malformed = [{ sortKey: 'EVENT#0000000002', storedSeq: 2, reason: 'missing or mistyped: hash' }];
    expect(
      kinds(
        stored(
          events.filter((e) => e.seq !== 2),
          { malformed },
        ),
      ),
    ).toEqual([
      ['malformed-item', 2],
      ['gap', 2],
    ]);
  });
});
