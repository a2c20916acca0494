import type { BreachEvent } from './events';
import { canonicalJson, chainHash, genesisHash } from './hash-chain';
import { type BreachState, foldEvents } from './state';

/**
 * Tamper evidence, checked (Art. 33(5): the documentation must let the authority verify compliance). Given what the
 * table holds for one breach — its event items in storage order and its projection — reports every sign that the log
 * was edited, shortened, reordered or mixed with another breach's events, and every way the projection differs from
 * the fold of the log. Pure: the reads are the adapter's (breach-log-reader.ts).
 *
 * What it cannot see: someone who rewrites the whole log from an event onwards, re-hashing and re-linking every later
 * event and rewriting the projection to match. Only a copy kept elsewhere (the exports) can show that.
 */

export const VERIFICATION_PROBLEMS = [
  /** The event's content no longer hashes to its `hash`: edited after it was written. */
  'hash-mismatch',
  /** The event's `prevHash` is not its predecessor's `hash` (or, for seq 1, the genesis hash): relinked. */
  'broken-link',
  /** Sequence numbers are missing from the middle (or the start) of the log: events removed. */
  'gap',
  /** The projection is ahead of the log's last event: events removed from the end. */
  'tail-missing',
  /** The item stored under one sequence number holds another's event, or two items claim the same number. */
  'out-of-order',
  /** The event names another breach or organisation than the partition it is stored in. */
  'foreign-event',
  /** The projection differs from the fold of the events (the fields are named). */
  'projection-mismatch',
  /** The projection lags behind the log (a writer stopped between the event and the projection): `rebuild` repairs it. */
  'projection-behind',
  /** The breach has events but no projection. */
  'projection-missing',
  /** The breach has a projection but no events at all. */
  'log-missing',
  /** An item that does not have the shape of an event or a projection. */
  'malformed-item',
  /** The log is intact link by link, but cannot be folded (e.g. a second `reported` event). */
  'unfoldable',
  /** An attached file's stored bytes no longer hash to the SHA-256 its `attachment-added` event holds: replaced. */
  'attachment-mismatch',
  /** An attached file named by an `attachment-added` event is no longer in the store. */
  'attachment-missing',
] as const;
export type VerificationProblemKind = (typeof VERIFICATION_PROBLEMS)[number];

export interface VerificationProblem {
  breachId: string;
  /** The sequence number concerned: of the edited or misplaced event, the first one missing, the projection's version. */
  seq?: number;
  problem: VerificationProblemKind;
  /** For a person: what was found. Names ids, numbers and field names only, never the content of an event. */
  detail: string;
  /** For `projection-mismatch`: the top-level fields of the projection that differ from the fold. */
  fields?: string[];
}

/** An event item as read from the table, with the sequence number its sort key says it has. */
export interface StoredEvent {
  storedSeq: number;
  event: BreachEvent;
}

/** Everything the table holds of one breach's log and projection. */
export interface StoredBreach {
  /** From the partition key: where the items are, whatever they say inside. */
  breachId: string;
  /** In sort-key order. */
  events: StoredEvent[];
  projection?: BreachState;
  /** Items that are neither a well-formed event nor a well-formed projection, by sort key. */
  malformed: { sortKey: string; storedSeq?: number; reason: string }[];
}

const range = (from: number, to: number): string => (from === to ? `event ${from}` : `events ${from} to ${to}`);

/** Every problem with one breach's stored log and projection; an empty list means it verifies. */
export function verifyBreach(stored: StoredBreach): VerificationProblem[] {
  const { breachId } = stored;
  const problems: VerificationProblem[] = [];
  const report = (problem: VerificationProblemKind, detail: string, seq?: number, fields?: string[]) =>
    problems.push({ breachId, ...(seq === undefined ? {} : { seq }), problem, detail, ...(fields ? { fields } : {}) });

  for (const item of stored.malformed) {
    report('malformed-item', `item ${item.sortKey} is not a well-formed breach item: ${item.reason}`, item.storedSeq);
  }

  const { events, projection } = stored;
  if (events.length === 0) {
    if (projection !== undefined) {
      report('log-missing', `the projection is at version ${projection.version} but the log holds no events`, 1);
    }
    return sortProblems(problems);
  }

  // The first event's organisation is the breach's; a later event naming another one was copied in.
  const organisationId = projection?.organisationId ?? events.find((e) => e.event.seq === 1)?.event.organisationId;
  for (const { storedSeq, event } of events) {
    if (chainHash(event) !== event.hash) {
      report(
        'hash-mismatch',
        `event ${event.seq} does not match its hash: it was edited after it was written`,
        event.seq,
      );
    }
    if (event.breachId !== breachId) {
      // The other breach is not named: in an organisation's report it may be another organisation's.
      report('foreign-event', `event ${event.seq} stored in this breach's log belongs to another breach`, event.seq);
    } else if (organisationId !== undefined && event.organisationId !== organisationId) {
      report('foreign-event', `event ${event.seq} names another organisation than the breach's`, event.seq);
    }
    if (storedSeq !== event.seq) {
      report('out-of-order', `the item stored as event ${storedSeq} holds event ${event.seq}`, event.seq);
    }
  }

  // Chain and gaps are judged in the order the events claim, so a moved item is reported once, where it was moved.
  const bySeq = [...events].map((e) => e.event).sort((a, b) => a.seq - b.seq);
  let duplicated = false;
  let previous: BreachEvent | undefined;
  for (const event of bySeq) {
    if (previous !== undefined && event.seq === previous.seq) {
      duplicated = true;
      report('out-of-order', `two items claim to be event ${event.seq}`, event.seq);
      continue;
    }
    const expected = (previous?.seq ?? 0) + 1;
    if (event.seq > expected) {
      report(
        'gap',
        `${range(expected, event.seq - 1)} missing: the log jumps from ${expected - 1} to ${event.seq}`,
        expected,
      );
    } else {
      const expectedPrev = previous === undefined ? genesisHash(breachId) : previous.hash;
      if (event.prevHash !== expectedPrev) {
        report(
          'broken-link',
          event.seq === 1
            ? 'event 1 is not chained to this breach id'
            : `event ${event.seq} is not chained to event ${event.seq - 1}`,
          event.seq,
        );
      }
    }
    previous = event;
  }

  const last = bySeq.at(-1) as BreachEvent;
  if (projection === undefined) {
    report('projection-missing', `the log ends at event ${last.seq} but the breach has no projection`, last.seq);
    return sortProblems(problems);
  }
  if (projection.version > last.seq) {
    report(
      'tail-missing',
      `the projection is at version ${projection.version} but the log ends at event ${last.seq}: ` +
        `${range(last.seq + 1, projection.version)} missing`,
      last.seq + 1,
    );
    return sortProblems(problems);
  }

  // A log already found broken cannot be folded meaningfully, and its problems already explain any difference.
  const chainBroken = problems.some((p) => p.problem !== 'hash-mismatch' && p.problem !== 'malformed-item');
  if (chainBroken || duplicated) return sortProblems(problems);

  const prefix = bySeq.filter((event) => event.seq <= projection.version);
  let folded: BreachState;
  try {
    folded = foldEvents(prefix);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    report('unfoldable', `the log cannot be folded: ${reason}`, error instanceof Error ? seqOf(error) : undefined);
    return sortProblems(problems);
  }
  if (projection.version < last.seq) {
    report(
      'projection-behind',
      `the projection is at version ${projection.version} but the log goes on to event ${last.seq}; rebuilding it repairs this`,
      projection.version + 1,
    );
  }
  const fields = differingFields(projection, folded);
  if (fields.length > 0) {
    report(
      'projection-mismatch',
      `the projection (version ${projection.version}) differs from the fold of the log in: ${fields.join(', ')}`,
      projection.version,
      fields,
    );
  }
  return sortProblems(problems);
}

const seqOf = (error: Error): number | undefined =>
  'seq' in error && typeof error.seq === 'number' ? error.seq : undefined;

/**
 * Top-level fields whose canonical JSON differs: canonical, because the table gives back neither key order nor
 * undefined members, and a projection that went through it must still equal the fold.
 */
export const differingFields = (stored: BreachState, folded: BreachState): string[] => {
  const left = stored as unknown as Record<string, unknown>;
  const right = folded as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  const encode = (value: unknown): string => {
    if (value === undefined) return 'undefined';
    try {
      return canonicalJson(value);
    } catch {
      // A value no event can produce (a DynamoDB set, say): the projection was edited by other means.
      return `\u0000unencodable:${Object.prototype.toString.call(value)}`;
    }
  };
  return [...keys].filter((key) => encode(left[key]) !== encode(right[key])).sort();
};

const sortProblems = (problems: VerificationProblem[]): VerificationProblem[] =>
  problems.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
