import * as z from 'zod/mini';
import { actorFor } from './authority-case';
import { BreachStillOpenError } from './case-errors';
import { personSchema } from './decisions';
import { ValidationError } from './errors';
import type { BreachEvent } from './events';
import { ownBreach } from './own-breach';
import type { BreachRepository } from './ports';
import type { SubjectEraser } from './subject-ports';
import './zod-english';

export const subjectErasureSchema = z.strictObject({
  /** Why the contact details are no longer needed, e.g. the retention rule relied on. */
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  decidedBy: personSchema,
});
export type SubjectErasure = z.infer<typeof subjectErasureSchema>;

/** People deleted per page: a query, then four BatchWriteItem calls for them and up to four for their pointers. */
export const ERASE_PAGE = 100;
/** `remaining` is counted up to this: beyond it, the answer only needs to say "call again". */
export const REMAINING_CAP = 100_000;

export interface EraseSubjectsDeps {
  breaches: BreachRepository;
  subjects: SubjectEraser;
  now: () => Date;
}

export interface EraseSubjectsResult {
  erased: number;
  /** People still on the list (counted up to REMAINING_CAP): more than 0 means call again. */
  remaining: number;
  /** Absent when this call erased nobody (everyone was already erased, or nobody was ever listed). */
  event?: BreachEvent<'subjects-erased'>;
}

/**
 * `DELETE /breaches/{id}/subjects`: data minimisation (Art. 5(1)(e)). Once the case is closed, the names, e-mail and
 * postal addresses, representatives and delivery statuses of the people affected are no longer needed: this deletes
 * them, with the SES message pointers that lead to them.
 *
 * 1. Find the caller's breach (404 otherwise), check the body (400 with field errors), require it closed (409).
 * 2. Delete pages of ERASE_PAGE people until nobody is left or `deadlineMs` has passed (one page at least, so every
 *    call makes progress), then count who is left.
 * 3. When anybody was deleted, append one `subjects-erased` event: how many, how many remain, why and who decided,
 *    through the breach repository like every event, so the hash chain stays whole. A call that finds nobody left
 *    answers `{ erased: 0, remaining: 0 }` and records nothing: erasure done is a state, not an error.
 *
 * The event follows the deletion, so the log says what was done. A crash between the two leaves that page's deletion
 * unrecorded (the next call's event counts only what it deleted itself).
 *
 * Nothing is written before every check has passed.
 */
export async function eraseSubjects(
  deps: EraseSubjectsDeps,
  input: { organisationId: string; breachId: string; body: unknown; deadlineMs: number },
): Promise<EraseSubjectsResult> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const parsed = z.safeParse(subjectErasureSchema, input.body);
  if (!parsed.success) throw ValidationError.fromZodError(parsed.error);
  if (state.status !== 'closed') throw new BreachStillOpenError();
  const { reason, decidedBy } = parsed.data;

  let erased = 0;
  do {
    const page = await deps.subjects.erase(input.breachId, ERASE_PAGE);
    erased += page;
    if (page < ERASE_PAGE) break;
  } while (deps.now().getTime() < input.deadlineMs);
  const remaining = await deps.subjects.count(input.breachId, REMAINING_CAP);
  if (erased === 0) return { erased, remaining };

  const { event } = await deps.breaches.append(input.breachId, {
    type: 'subjects-erased',
    at: deps.now().toISOString(),
    actor: actorFor(decidedBy, input.organisationId),
    data: { erased, remaining, reason, decidedBy },
  });
  return { erased, remaining, event };
}
