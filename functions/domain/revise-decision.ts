import * as z from 'zod/mini';
import { CaseClosedError, CaseConflictError, CaseInputInvalidError, problemsOf } from './case-errors';
import { planFor, validateDecision } from './decisions';
import type { BreachEvent } from './events';
import { ownBreach } from './own-breach';
import type { BreachRepository, DecisionRequestRepository, OrganisationRepository, TaskCallbacks } from './ports';
import { decisionContextFor } from './take-decision';
import { WORKFLOW_ERRORS } from './workflow-errors';
import './zod-english';
import { DecisionInvalidError } from './decision-errors';

/**
 * Revising the notification decision after it was taken: `POST /breaches/{id}/revisions`. RCOT 6.1.1: "these
 * conclusions may be subject to change based on feedback from the supervisory authority and further information
 * that is discovered"; a reassessment that changes the conclusion asks for one (reassess.ts).
 *
 * The revision is a whole new decide decision (the same fields and policy rules: sign-off, evidence, the reason for
 * departing from the recommendation now standing) plus why it is revised. Confirming the same conclusion with reasons
 * is a revision too: it answers a reassessment that disagreed.
 */
export const revisionReasonSchema = z.strictObject({
  reason: z
    .string()
    .check(z.trim(), z.minLength(20, 'say why the decision is revised, in at least a sentence'), z.maxLength(5000)),
});

export interface ReviseDecisionDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  requests: Pick<DecisionRequestRepository, 'current'>;
  callbacks: TaskCallbacks;
  now: () => Date;
}

/** What the Close task is failed with, so the Case branch goes back to RevisedPlan (the ASL catches it by name). */
export const DECISION_REVISED_ERROR = WORKFLOW_ERRORS.DecisionRevised.name;

/**
 * 1. The caller's own breach (404), open (CaseClosedError), with a decision to revise (CaseConflictError).
 * 2. Validate the new decision against the decide step's schema and the policy's rules, against the recommendation
 *    as it now stands (DecisionInvalidError, 422), and the reason for revising. Nothing is written before this.
 * 3. Record `decision-revised` with the conclusion it replaces and the plan that now follows. The earlier decision
 *    stays in its own event; an open revision request is answered by it.
 * 4. If the case waits at Close, fail that task with DECISION_REVISED_ERROR: the Case branch goes back through
 *    RevisedPlan and takes any notify step the revised decision now asks for (the authority, the people).
 */
export async function reviseDecision(
  deps: ReviseDecisionDeps,
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<BreachEvent<'decision-revised'>> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  if (state.status === 'closed') throw new CaseClosedError(state.breachId);
  const previous = state.decisions.decide;
  if (!previous) throw new CaseConflictError('no notification decision has been taken yet: there is nothing to revise');
  const organisation = await deps.organisations.get(state.organisationId);
  if (!organisation) throw new CaseConflictError(`organisation ${state.organisationId} is gone`);

  const body: Record<string, unknown> =
    typeof input.body === 'object' && input.body !== null && !Array.isArray(input.body) ? { ...input.body } : {};
  const { reason: givenReason, ...decisionBody } = body;
  const reason = revisionReasonSchema.safeParse({ reason: givenReason });
  const now = deps.now();
  const context = decisionContextFor(state, organisation.policy, now);
  let decisionProblems: DecisionInvalidError | undefined;
  let decision: ReturnType<typeof validateDecision> | undefined;
  try {
    decision = validateDecision('decide', decisionBody, context);
  } catch (error) {
    if (!(error instanceof DecisionInvalidError)) throw error;
    decisionProblems = error;
  }
  if (!reason.success || decisionProblems || decision?.step !== 'decide') {
    throw new CaseInputInvalidError('revision', [
      ...(reason.success ? [] : problemsOf(reason.error.issues)),
      ...(decisionProblems?.problems ?? []),
    ]);
  }
  const { decidedBy } = decision.data;
  const plan = planFor(decision.data, context);
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'decision-revised',
    at: now.toISOString(),
    actor: {
      kind: 'person',
      name: decidedBy.name,
      role: decidedBy.role,
      ...(decidedBy.email ? { email: decidedBy.email } : {}),
    },
    data: {
      step: 'decide',
      decision: decision.data,
      reason: reason.data.reason,
      previousConclusion: previous.data.conclusion,
      plan,
      departsFromRecommendation:
        context.recommendation !== undefined && decision.data.conclusion !== context.recommendation,
    },
  });
  if (state.pendingSteps.includes('close')) {
    const request = await deps.requests.current(state.breachId, 'close');
    if (request && request.usedAt === undefined) {
      await deps.callbacks.fail(request.taskToken, DECISION_REVISED_ERROR, 'The notification decision was revised.');
    }
  }
  return event;
}
