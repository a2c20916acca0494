import { ConflictError } from './errors';
import type { Actor } from './events';
import { countReach, NO_REACH } from './notice-reach';
import { ownBreach } from './own-breach';
import type { BreachRepository } from './ports';
import type { SubjectRepository } from './subject-ports';
import { type RowError, type RowResult, subjectKey } from './subjects';

/**
 * Adds the people affected by a breach to its list, from a JSON batch or a CSV upload, row by row as the rows arrive.
 *
 * Steps:
 * 1. The breach must be the caller's and still open: another organisation's breach is "not found".
 * 2. Each row was validated on its own; good rows are stored in chunks (one conditional put per person, so a person
 *    already listed — a re-upload — is left as they are, and their delivery status with them), bad rows are reported
 *    with their line (CSV) or index (JSON) and field messages. A bad row never stops the good ones.
 * 3. The breach's log records the counts and the source only (with how many of the new people can be reached by
 *    e-mail, by post or both: notice-reach.ts): the people are personal data, the log is not the place.
 */

export type RowPosition = { line: number } | { index: number };

export interface SubjectRow {
  position: RowPosition;
  result: RowResult;
}

export type Rejection = RowPosition & { errors: RowError[] };

export interface AddSubjectsResult {
  /** Good rows: on the list now, whether new or already there. */
  accepted: number;
  /** Of those, the people new to the list. */
  added: number;
  /** The first MAX_REJECTIONS_LISTED bad rows, in order. */
  rejected: Rejection[];
  rejectedCount: number;
}

/** Rejections listed in one response; a file of nothing but bad rows still gets a bounded answer. */
export const MAX_REJECTIONS_LISTED = 1_000;
const CHUNK = 100;

/** The breach is closed: nobody is told anything more through it. */
export class BreachClosedError extends ConflictError {
  constructor(readonly breachId: string) {
    super('The breach is closed: people can no longer be added to it.');
  }
}

export async function addSubjects(
  deps: { breaches: BreachRepository; subjects: SubjectRepository; now: () => Date },
  input: {
    organisationId: string;
    breachId: string;
    source: 'csv' | 'json';
    rows: AsyncIterable<SubjectRow>;
    /** Who uploaded: a person signed in to the console. @default the organisation's API client */
    actor?: Actor;
  },
): Promise<AddSubjectsResult> {
  const { breachId } = input;
  const state = await ownBreach(deps.breaches, input.organisationId, breachId);
  if (state.status === 'closed') throw new BreachClosedError(breachId);

  const at = deps.now().toISOString();
  const result: AddSubjectsResult = { accepted: 0, added: 0, rejected: [], rejectedCount: 0 };
  let chunk: { key: string; subject: Extract<RowResult, { ok: true }>['subject'] }[] = [];
  let reach = NO_REACH;
  const flush = async () => {
    if (chunk.length === 0) return;
    const added = new Set(await deps.subjects.add(breachId, chunk, at));
    result.added += added.size;
    reach = countReach(
      chunk.filter(({ key }) => added.has(key)).map(({ subject }) => subject),
      reach,
    );
    chunk = [];
  };

  for await (const { position, result: row } of input.rows) {
    if (row.ok) {
      result.accepted += 1;
      chunk.push({ key: subjectKey(breachId, row.subject), subject: row.subject });
      if (chunk.length >= CHUNK) await flush();
    } else {
      result.rejectedCount += 1;
      if (result.rejected.length < MAX_REJECTIONS_LISTED) result.rejected.push({ ...position, errors: row.errors });
    }
  }
  await flush();

  if (result.accepted + result.rejectedCount > 0) {
    await deps.breaches.append(breachId, {
      type: 'subjects-added',
      at,
      actor: input.actor ?? { kind: 'api-client', organisationId: input.organisationId },
      data: {
        accepted: result.accepted,
        added: result.added,
        rejected: result.rejectedCount,
        source: input.source,
        reach,
      },
    });
  }
  return result;
}
