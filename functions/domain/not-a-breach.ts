import * as z from 'zod/mini';
import { CaseClosedError, CaseConflictError, CaseInputInvalidError, problemsOf } from './case-errors';
import { personSchema } from './decisions';
import type { BreachEvent } from './events';
import { ownBreach } from './own-breach';
import type { BreachRepository, DecisionRequestRepository, TaskCallbacks } from './ports';
import './zod-english';

/**
 * The outcome "not a personal-data breach": `POST /breaches/{id}/not-a-breach`.
 *
 * A report may be a suspected breach (RCOT 3: "data security breaches include both confirmed and suspected
 * incidents"); once looked into, it may turn out that no personal data was affected (a laptop found to hold none, an
 * e-mail that never left). The outcome is taken where the workflow waits for a person before the notification
 * decision: at Contain or at Decide. It completes that callback task with `{ notABreach: true }`, and the Choice after
 * each step sends the Case branch to RecordClosure: the case closes without any authority report or notice, and the
 * closure ends the Clock branch, so no deadline is alerted afterwards. The record stays in the register with its
 * reasons (Art. 33(5) documents every breach; a report found not to be one is documented with why).
 *
 * After the notification decision this outcome is refused (409): the decision is revised instead
 * (`POST /breaches/{id}/revisions`), which keeps what was already sent in the record.
 */
export const notABreachSchema = z.strictObject({
  reasons: z
    .string()
    .check(
      z.trim(),
      z.minLength(20, 'say why this is not a personal-data breach, in at least a sentence'),
      z.maxLength(10_000),
    ),
  decidedBy: personSchema,
});

export interface NotABreachDeps {
  breaches: BreachRepository;
  requests: Pick<DecisionRequestRepository, 'current' | 'claim' | 'bySecretHash'>;
  callbacks: TaskCallbacks;
  now: () => Date;
}

/** The steps at which the outcome is taken: the ones before the notification decision. */
export const NOT_A_BREACH_STEPS = ['contain', 'decide'] as const;

/** What the waiting task is completed with; the ASL's Choice after Contain and after Decide reads `notABreach`. */
export const NOT_A_BREACH_OUTPUT = { notABreach: true } as const;

/**
 * 1. The caller's own breach (404), open (CaseClosedError), waiting at Contain or Decide (CaseConflictError: before the
 *    workflow asks for the first step, or after the notification decision, the outcome is refused).
 * 2. Parse who decides and why (422 with every problem). Nothing is written before this point.
 * 3. Claim the step's pending request, so the link in the mail can no longer decide it (409 if it was used first).
 * 4. Record `not-a-breach-found`, then complete the waiting task: the Case branch closes the case.
 */
export async function findNotABreach(
  deps: NotABreachDeps,
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<BreachEvent<'not-a-breach-found'>> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  if (state.status === 'closed') throw new CaseClosedError(state.breachId);
  if (state.decisions.decide) {
    throw new CaseConflictError(
      'the notification decision has been taken: revise it (POST /breaches/{id}/revisions) instead of finding the report not a breach',
    );
  }
  const step = NOT_A_BREACH_STEPS.find((s) => state.pendingSteps.includes(s));
  if (!step) {
    throw new CaseConflictError(
      'the case is not waiting for containment or the notification decision yet: try again once the DPO has been asked',
    );
  }
  const parsed = notABreachSchema.safeParse(input.body);
  if (!parsed.success) throw new CaseInputInvalidError('outcome', problemsOf(parsed.error.issues));
  const request = await deps.requests.current(state.breachId, step);
  const at = deps.now().toISOString();
  if (!request || !(await deps.requests.claim(request.secretHash, at))) {
    throw new CaseConflictError(`the ${step} step is being decided by someone else: reload the case`);
  }
  const { reasons, decidedBy } = parsed.data;
  const { event } = await deps.breaches.appendOnce(state.breachId, `not-a-breach:${request.secretHash}`, {
    type: 'not-a-breach-found',
    at,
    actor: {
      kind: 'person',
      name: decidedBy.name,
      role: decidedBy.role,
      ...(decidedBy.email ? { email: decidedBy.email } : {}),
    },
    data: { reasons, decidedBy, atStep: step },
  });
  // The token as it stands after the claim: a replayed task may have moved it.
  const claimed = await deps.requests.bySecretHash(request.secretHash);
  await deps.callbacks.succeed((claimed ?? request).taskToken, { step, decidedAt: at, ...NOT_A_BREACH_OUTPUT });
  return event;
}
