import {
  type AddSubjectsResult,
  addSubjects,
  checkPeopleCanBeAdded,
  MAX_REJECTIONS_LISTED,
  type Rejection,
  type SubjectRow,
} from './add-subjects';
import { DomainError } from './errors';
import type { Actor } from './events';
import { ownBreach } from './own-breach';
import type { BreachRepository } from './ports';
import type { SubjectList } from './subject-ports';

/**
 * A person adds a list of the people affected from the console: all of it or none of it.
 *
 * The API keeps a file's good rows and reports the bad ones (add-subjects.ts), which suits a system that resends the
 * rows it fixed. A person fixing a spreadsheet would then upload it again, and half of it would already be on the
 * list; so here every row is read and checked before any is stored, and one bad row stores nothing.
 *
 * Steps:
 * 1. The breach must be the person's organisation's (else "not found") and at a stage where people can be added
 *    (add-subjects.ts `whyNoPeopleCanBeAdded`, the API's rule too): open, and its people not yet dealt
 *    with.
 * 2. Every row is read and checked, up to `maxRows` people; the rejections are collected (the first
 *    MAX_REJECTIONS_LISTED of them listed).
 * 3. Any bad row, no row at all, or more than `maxRows`: SubjectListRefusedError, and nothing is written.
 * 4. Otherwise add-subjects.ts stores them and records the counts (never the people) with the person as the actor.
 */

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
  subjects: SubjectList;
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
  checkPeopleCanBeAdded(state, input.timeZone);

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
    timeZone: input.timeZone,
  });
}
