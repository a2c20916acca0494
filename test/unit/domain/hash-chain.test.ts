import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BreachEvent } from '../../../functions/domain/events';
import {
  CanonicalJsonError,
  canonicalJson,
  chainHash,
  genesisHash,
  sha256Hex,
  verifyChain,
} from '../../../functions/domain/hash-chain';
import { aChain, aFactAmended, aReportedEvent, aStepFailed } from '../../support/event-fixtures';

const aBreach = () =>
  aChain('b-1', [aReportedEvent(), aStepFailed('a'), aFactAmended({ approximateSubjects: 3 }), aStepFailed('b')]);

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('spells equal data the same whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reversed = JSON.parse(JSON.stringify(value), (_key, v) =>
          v !== null && typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).reverse())
            : v,
        );
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
      }),
    );
  });

  it('parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('refuses values with no single JSON spelling', () => {
    expect(() => canonicalJson({ a: [1, undefined] })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/at f/);
  });
});

describe('hashes', () => {
  it('are lowercase hex SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(genesisHash('b-1')).toBe(sha256Hex('b-1'));
  });

  it('chainHash ignores a stored hash and covers every other field', () => {
    const [event] = aBreach();
    if (event === undefined) throw new Error('no event');

    expect(chainHash(event)).toBe(event.hash);
    expect(chainHash({ ...event, hash: 'whatever' })).toBe(event.hash);
    expect(chainHash({ ...event, at: '2025-03-03T09:15:01Z' })).not.toBe(event.hash);
    expect(chainHash({ ...event, prevHash: sha256Hex('other') })).not.toBe(event.hash);
  });
});

describe('verifyChain', () => {
  it('finds nothing wrong with an intact chain', () => {
    expect(verifyChain(aBreach())).toEqual([]);
    expect(verifyChain([])).toEqual([]);
  });

  it('reports an edited event as a hash mismatch', () => {
    const events = aBreach();
    events[1] = { ...(events[1] as BreachEvent), at: '2030-01-01T00:00:00Z' };

    expect(verifyChain(events)).toEqual([{ seq: 2, problem: 'hash-mismatch' }]);
  });

  it('reports an edit whose hash was recomputed as a broken link at the next event', () => {
    const events = aBreach();
    const forged = { ...(events[1] as BreachEvent), at: '2030-01-01T00:00:00Z' };
    events[1] = { ...forged, hash: chainHash(forged) };

    expect(verifyChain(events)).toEqual([{ seq: 3, problem: 'broken-link' }]);
  });

  it('reports a first event not bound to its breach id', () => {
    const events = aChain('b-1', [aReportedEvent()]);
    const moved = { ...(events[0] as BreachEvent), prevHash: genesisHash('b-2') };

    expect(verifyChain([{ ...moved, hash: chainHash(moved) }])).toEqual([{ seq: 1, problem: 'broken-link' }]);
  });

  it('reports a removed event as a gap', () => {
    const events = aBreach();

    expect(verifyChain([events[0], events[2], events[3]] as BreachEvent[])).toEqual([{ seq: 3, problem: 'gap' }]);
    expect(verifyChain(events.slice(1))).toEqual([{ seq: 2, problem: 'gap' }]);
  });

  it('reports events out of order', () => {
    const [one, two, three, four] = aBreach() as [BreachEvent, BreachEvent, BreachEvent, BreachEvent];

    expect(verifyChain([one, three, two, four])).toEqual([
      { seq: 3, problem: 'gap' },
      { seq: 2, problem: 'out-of-order' },
    ]);
    expect(verifyChain([one, two, two])).toEqual([{ seq: 2, problem: 'out-of-order' }]);
  });

  it('detects any single-field edit of any event', () => {
    const events = aBreach();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: events.length - 1 }),
        fc.constantFrom('at', 'type', 'breachId', 'organisationId', 'seq', 'prevHash', 'hash'),
        fc.string({ minLength: 1 }),
        (index, field, value) => {
          const edited = [...events];
          const original = edited[index] as BreachEvent;
          fc.pre(String(original[field as keyof BreachEvent]) !== value);
          edited[index] = { ...original, [field]: value } as BreachEvent;
          expect(verifyChain(edited)).not.toEqual([]);
        },
      ),
    );
  });
});
