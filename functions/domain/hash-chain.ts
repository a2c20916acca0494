import { createHash } from 'node:crypto';
import type { BreachEvent } from './events';

/**
 * Tamper evidence for the event log. Each event's `hash` is the SHA-256 of its canonical JSON (everything but `hash`
 * itself, `prevHash` included), and `prevHash` is the previous event's `hash` — or, for seq 1, the SHA-256 of the
 * breach id — so editing, removing or reordering any stored event breaks the chain from that point on.
 *
 * Canonical JSON has sorted keys and no undefined members, because DynamoDB gives back neither the key order nor the
 * undefined members it was given: the hash must survive a round trip through the table.
 */

/** A value that has no single JSON spelling (undefined in an array, NaN, a Date, a class instance...). */
export class CanonicalJsonError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${message} at ${path || '(root)'}`);
    this.name = 'CanonicalJsonError';
  }
}

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

const encode = (value: unknown, path: string): string => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite number', path);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value
          .map((item, index) => {
            // JSON.stringify would write null, but the table drops it and the array would shrink: refuse instead.
            if (item === undefined) throw new CanonicalJsonError('undefined array item', `${path}[${index}]`);
            return encode(item, `${path}[${index}]`);
          })
          .join(',')}]`;
      }
      if (!isPlainObject(value)) throw new CanonicalJsonError('not a plain object', path);
      const members = Object.keys(value)
        .filter((key) => value[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${encode(value[key], path ? `${path}.${key}` : key)}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(`cannot encode a ${typeof value}`, path);
  }
};

/** JSON with object keys sorted by code unit and undefined members left out; equal data gives equal text. */
export const canonicalJson = (value: unknown): string => encode(value, '');

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The `prevHash` of seq 1: binds the first event to its breach id. */
export const genesisHash = (breachId: string): string => sha256Hex(breachId);

/** The `hash` of an event: SHA-256 over its canonical JSON without `hash` (a stored `hash` is ignored). */
export const chainHash = (event: Omit<BreachEvent, 'hash'> & { hash?: string }): string => {
  const { hash: _ignored, ...rest } = event;
  return sha256Hex(canonicalJson(rest));
};

export type ChainProblemKind = 'hash-mismatch' | 'broken-link' | 'gap' | 'out-of-order';

export interface ChainProblem {
  seq: number;
  problem: ChainProblemKind;
}

/**
 * Checks a breach's events as read from the log (expected in ascending seq, starting at 1). Returns every problem
 * found; an empty list means the chain is intact. A link is judged only between neighbours in sequence: after a gap
 * or a step backwards the link check is skipped, as the missing or misplaced event is already reported.
 */
export const verifyChain = (events: readonly BreachEvent[]): ChainProblem[] => {
  const problems: ChainProblem[] = [];
  let previous: BreachEvent | undefined;
  for (const event of events) {
    if (chainHash(event) !== event.hash) problems.push({ seq: event.seq, problem: 'hash-mismatch' });
    const expectedSeq = previous === undefined ? 1 : previous.seq + 1;
    if (previous !== undefined && event.seq <= previous.seq) {
      problems.push({ seq: event.seq, problem: 'out-of-order' });
      continue;
    }
    if (event.seq !== expectedSeq) {
      problems.push({ seq: event.seq, problem: 'gap' });
    } else {
      const expectedPrev = previous === undefined ? genesisHash(event.breachId) : previous.hash;
      if (event.prevHash !== expectedPrev) problems.push({ seq: event.seq, problem: 'broken-link' });
    }
    previous = event;
  }
  return problems;
};
