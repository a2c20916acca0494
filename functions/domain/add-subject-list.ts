import {
  type AddSubjectsResult,
  addSubjects,
  BreachClosedError,
  MAX_REJECTIONS_LISTED,
  type Rejection,
  type SubjectRow,
} from './add-subjects';
import { formatInTimeZone } from './clocks';
import { DomainError } from './errors';
import type { Actor } from './events';
import { ownBreach } from './own-breach';
import type { BreachRepository } from './ports';
import type { BreachState } from './state';
import type { SubjectRepository } from './subject-ports';
import { NOTIFY_METHOD_WORDS } from './vocabulary';

/**
 * A person adds a list of the people affected from the console: all of it or none of it.
 *
 * The API keeps a file's good rows and reports the bad ones (add-subjects.ts), which suits a system that resends the
 * rows it fixed. A person fixing a spreadsheet would then upload it again, and half of it would already be on the
 * list; so here every row is read and checked before any is stored, and one bad row stores nothing.
 *
 * Steps:
 * 1. The breach must be the person's organisation's (else "not found") and at a stage where people can be added
 *    (`whyNoPeopleCanBeAdded`): open, and its people not yet dealt with.
 * 2. Every row is read and checked, up to `maxRows` people; the rejections are collected (the first
 *    MAX_REJECTIONS_LISTED of them listed).
 * 3. Any bad row, no row at all, or more than `maxRows`: SubjectListRefusedError, and nothing is written.
 * 4. Otherwise add-subjects.ts stores them and records the counts (never the people) with the person as the actor.
 */

/** Why nobody can be added to this breach's list now, in words for the person who tried; undefined when they can. */
export function whyNoPeopleCanBeAdded(state: BreachState, timeZone: string): string | undefined {
  if (state.status === 'closed') {
    return 'The case is closed: people can no longer be added to it, and nobody is told anything more through it.';
  }
  const told = state.decisions['notify-subjects'];
  // A revised decision asks the step again: until it is taken, the list may change.
  if (told && !state.pendingSteps.includes('notify-subjects')) {
    return `How the people affected are told was decided on ${formatInTimeZone(told.at, timeZone)} (${NOTIFY_METHOD_WORDS[told.data.method]}): anyone added now would never be told through this case. Tell them another way and record it on the case.`;
  }
  return undefined;
}

/** The breach is not at a stage where people can be added; `reason` says why. */
export class SubjectListClosedError extends BreachClosedError {
  constructor(
    breachId: string,
    readonly reason: string,
  ) {
    super(breachId);
    this.message = reason;
  }
}

/** The list cannot be taken as it is; nothing was written. */
export class SubjectListRefusedError extends DomainError {
  constructor(
    /** The bad rows, in order, at most MAX_REJECTIONS_LISTED of them. */
    readonly rejected: readonly Rejection[],
    readonly rejectedCount: number,
    /** What is wrong with the list as a whole, when it is not (only) its rows. */
    readonly problem?: { kind: 'empty' } | { kind: 'too-many'; maxRows: number },
  ) {
    super('The list of people affected has problems; nothing was added.');
  }
}

export interface AddSubjectListDeps {
  breaches: BreachRepository;
  subjects: SubjectRepository;
  now: () => Date;
}

export async function addSubjectList(
  deps: AddSubjectListDeps,
  input: {
    organisationId: string;
    breachId: string;
    timeZone: string;
    rows: AsyncIterable<SubjectRow>;
    maxRows: number;
    actor: Extract<Actor, { kind: 'person' }>;
  },
): Promise<AddSubjectsResult> {
  const { breachId } = input;
  const state = await ownBreach(deps.breaches, input.organisationId, breachId);
  const reason = whyNoPeopleCanBeAdded(state, input.timeZone);
  if (reason) throw new SubjectListClosedError(breachId, reason);

  const good: SubjectRow[] = [];
  const rejected: Rejection[] = [];
  let rejectedCount = 0;
  for await (const row of input.rows) {
    if (good.length + rejectedCount >= input.maxRows) {
      throw new SubjectListRefusedError(rejected, rejectedCount, { kind: 'too-many', maxRows: input.maxRows });
    }
    if (row.result.ok) {
      good.push(row);
    } else {
      rejectedCount += 1;
      if (rejected.length < MAX_REJECTIONS_LISTED) rejected.push({ ...row.position, errors: row.result.errors });
    }
  }
  if (rejectedCount > 0) throw new SubjectListRefusedError(rejected, rejectedCount);
  if (good.length === 0) throw new SubjectListRefusedError([], 0, { kind: 'empty' });

  async function* checked(): AsyncGenerator<SubjectRow> {
    yield* good;
  }
  return addSubjects(deps, {
    organisationId: input.organisationId,
    breachId,
    source: 'csv',
    rows: checked(),
    actor: input.actor,
  });
}
