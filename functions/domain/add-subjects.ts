import { BreachClosedError, SubjectsAlreadyDecidedError } from './case-errors';
import { formatInTimeZone } from './clocks';
import type { Actor } from './events';
import { countReach, NO_REACH } from './notice-reach';
import { ownBreach } from './own-breach';
import type { BreachRepository } from './ports';
import type { BreachState } from './state';
import type { SubjectList } from './subject-ports';
import { type RowError, type RowResult, subjectKey } from './subjects';
import { NOTIFY_METHOD_WORDS } from './vocabulary';

/**
 * Adds the people affected by a breach to its list, from a JSON batch or a CSV upload, row by row as the rows arrive.
 *
 * Steps:
 * 1. The breach must be the caller's (another organisation's breach is "not found") and at a stage where people can
 *    be added (`whyNoPeopleCanBeAdded`): open, and how its people are told not yet decided. One rule for the API and
 *    the console: anyone added after that decision would never be told through the case.
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

/** Why nobody can be added to this breach's list now, in words for the person who tried; undefined when they can. */
export function whyNoPeopleCanBeAdded(state: BreachState, timeZone: string): string | undefined {
  if (state.status === 'closed') {
    return 'The case is closed: people can no longer be added to it, and nobody is told anything more through it.';
  }
  const told = state.decisions['notify-subjects'];
  // A revised decision asks the step again: until it is taken, the list may change.
  if (told && !state.pendingSteps.includes('notify-subjects')) {
    return `How the people affected are told was decided on ${formatInTimeZone(told.at, timeZone)} (${NOTIFY_METHOD_WORDS[told.data.method]}): anyone added now would never be told through this case. Tell them another way and record it on the case, or revise the decision, which opens the list again.`;
  }
  return undefined;
}

/** Throws when nobody can be added to the breach's list now, with `whyNoPeopleCanBeAdded`'s words as its message. */
export function checkPeopleCanBeAdded(state: BreachState, timeZone: string): void {
  const reason = whyNoPeopleCanBeAdded(state, timeZone);
  if (reason === undefined) return;
  throw state.status === 'closed'
    ? new BreachClosedError(state.breachId, reason)
    : new SubjectsAlreadyDecidedError(state.breachId, reason);
}

export async function addSubjects(
  deps: { breaches: BreachRepository; subjects: SubjectList; now: () => Date },
  input: {
    organisationId: string;
    breachId: string;
    source: 'csv' | 'json';
    rows: AsyncIterable<SubjectRow>;
    /** Who uploaded: a person signed in to the console. @default the organisation's API client */
    actor?: Actor;
    /** The organisation's, for the time a refusal names. */
    timeZone: string;
  },
): Promise<AddSubjectsResult> {
  const { breachId } = input;
  const state = await ownBreach(deps.breaches, input.organisationId, breachId);
  checkPeopleCanBeAdded(state, input.timeZone);

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
