import * as z from 'zod/mini';
import { CaseClosedError, CaseConflictError, CaseInputInvalidError, problemsOf } from './case-errors';
import type { ClockLoop } from './clock-replan';
import { personSchema } from './decisions';
import type { BreachEvent } from './events';
import { ownBreach } from './own-breach';
import type { OrganisationRepository } from './ports';
import { type ReassessDeps, type Reassessment, reassess } from './reassess';
import { breachReportShape, makeBreachReportSchema } from './report';
import './zod-english';

/**
 * Amending the facts of an open case: `POST /breaches/{id}/amendments`.
 *
 * The role (controller or processor) is not amendable: it chose the case's route through the workflow when the
 * breach was reported, so a report made in the wrong role is a new breach, linked to this one.
 */
const { organisationRole: _role, ...amendable } = breachReportShape;

export const amendmentSchema = z.strictObject({
  changes: z.partial(z.strictObject(amendable)),
  reason: z.string().check(z.trim(), z.minLength(10, 'say why the facts change, in a sentence'), z.maxLength(5000)),
  amendedBy: personSchema,
});

export interface AmendFactsDeps extends ReassessDeps {
  organisations: OrganisationRepository;
  /** The Clock branch's waiting task: an amended awareness wakes it to re-plan every deadline (clock-replan.ts). */
  clock: ClockLoop;
}

export interface AmendFactsResult {
  event: BreachEvent<'fact-amended'>;
  reassessment?: Reassessment;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const changesOf = (body: unknown): object => {
  if (typeof body !== 'object' || body === null || !('changes' in body)) return {};
  const { changes } = body;
  return typeof changes === 'object' && changes !== null ? changes : {};
};

/**
 * 1. The caller's own breach (404 otherwise), still open (CaseClosedError).
 * 2. Parse the amendment; the facts after it must still be a valid report (the same rules as at intake), and it must
 *    change at least one of them. Nothing is written before this point.
 * 3. Record `fact-amended` with who and why: the report as first received stays in the `reported` event.
 * 4. If awareness moved, wake the Clock branch to re-plan every deadline and its warnings (clock-replan.ts).
 * 5. Reassess from the facts as they now stand (reassess.ts): a changed conclusion asks the DPO for a revision.
 */
export async function amendFacts(
  deps: AmendFactsDeps,
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<AmendFactsResult> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  if (state.status === 'closed') throw new CaseClosedError(state.breachId);
  const parsed = amendmentSchema.safeParse(input.body);
  if (!parsed.success) throw new CaseInputInvalidError('amendment', problemsOf(parsed.error.issues));
  const { reason, amendedBy } = parsed.data;
  // Only the facts the caller named: a partial schema still fills its defaults (responsibleRole), which must never
  // overwrite a recorded fact nobody mentioned.
  const named = new Set(Object.keys(changesOf(input.body)));
  const changes = Object.fromEntries(Object.entries(parsed.data.changes).filter(([key]) => named.has(key)));
  const recorded: Record<string, unknown> = { ...state.report };
  if (!Object.entries(changes).some(([key, value]) => value !== undefined && !same(value, recorded[key]))) {
    throw new CaseInputInvalidError('amendment', [
      { path: 'changes', message: 'no fact changes: every value given is the one recorded' },
    ]);
  }
  const merged = makeBreachReportSchema(deps.now).safeParse({ ...state.report, ...changes });
  if (!merged.success) {
    throw new CaseInputInvalidError(
      'amendment',
      problemsOf(merged.error.issues.map((issue) => ({ ...issue, path: ['changes', ...issue.path] }))),
    );
  }
  const organisation = await deps.organisations.get(state.organisationId);
  if (!organisation) throw new CaseConflictError(`organisation ${state.organisationId} is gone`);

  const { event } = await deps.breaches.append(state.breachId, {
    type: 'fact-amended',
    at: deps.now().toISOString(),
    actor: {
      kind: 'person',
      name: amendedBy.name,
      role: amendedBy.role,
      ...(amendedBy.email ? { email: amendedBy.email } : {}),
    },
    data: { changes, reason },
  });
  // Every deadline counts from awareness: moving it moves every mark, so the Clock branch re-plans. Nothing waiting
  // (the marks' plan not made yet) is fine: AwaitClock compares awareness with its plan when it parks.
  const awareAt: unknown = changes.awareAt;
  if (typeof awareAt === 'string' && Date.parse(awareAt) !== Date.parse(state.awareAt)) {
    await deps.clock.wake(state.breachId);
  }
  const after = await deps.breaches.state(state.breachId);
  const reassessment = after
    ? await reassess(deps, { state: after, policy: organisation.policy, afterSeq: event.seq, why: reason })
    : undefined;
  return { event, ...(reassessment ? { reassessment } : {}) };
}
