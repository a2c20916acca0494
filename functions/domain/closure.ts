import { accessCodesToChange } from './access-codes';
import { CONCLUSION_LABELS } from './assessment';
import type { FieldProblem } from './decisions';
import { otherPartiesFor } from './other-parties';
import type { OrganisationPolicy } from './policy';
import type { BreachState } from './state';

/**
 * What must hold before a case closes, besides the close decision's own fields (decisions.ts): one list, so the
 * closure refusal, the case page and the register say the same thing.
 *
 * - a reassessment that disagreed with the decision has been answered by a revision (RCOT 6.1.1);
 * - what a revised decision asks for was done: the authority told, the people told (or an exemption recorded);
 * - where property access codes were at risk under the social-care duty, their change recorded (access-codes.ts);
 * - every suggested other party decided: told, or not told with the reason (DOMAIN.md, "other parties");
 * - every tracked action complete, or not implemented with the rationale accepted by the person the policy names
 *   (school 8. Closure; Elite Care "Further Action");
 * - where the authority was told under a policy that waits for its remedial actions (school 8. Closure), the
 *   authority's outcome recorded, and each action it required closed as above.
 */
export function closureProblems(
  state: BreachState,
  policy: Pick<OrganisationPolicy, 'duties' | 'otherParties'>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const requested = state.revisionRequested;
  if (requested) {
    problems.push({
      path: 'revision',
      message: `a reassessment now recommends '${CONCLUSION_LABELS[requested.recommendedConclusion]}' against the decision '${CONCLUSION_LABELS[requested.decidedConclusion]}': revise the decision, or confirm it with reasons, before closing`,
    });
  }
  const authorityTold = authorityNotified(state);
  if (state.plan?.authority && !authorityTold) {
    problems.push({
      path: 'authority',
      message: 'the decision says the supervisory authority is told: record the report to it before closing',
    });
  }
  if (state.plan?.subjects && !state.decisions['notify-subjects'] && !state.subjects?.exemption) {
    problems.push({
      path: 'subjects',
      message: 'the decision says the people affected are told: record how they were told before closing',
    });
  }
  for (const item of otherPartiesFor(state, policy)) {
    if (item.status === 'pending') {
      problems.push({
        path: `otherParties.${item.party}`,
        message: `decide whether to tell ${item.party}: told (when), or not told with the reason`,
      });
    } else if (item.status === 'not-told' && !item.note) {
      problems.push({ path: `otherParties.${item.party}`, message: `say why ${item.party} is not told` });
    }
  }
  if (accessCodesToChange(state, policy) && (state.accessCodesChanged ?? []).length === 0) {
    problems.push({
      path: 'accessCodes',
      message:
        'property access codes were at risk: record that they were changed (when, how many properties, how) before closing, not only that people were told to change them',
    });
  }
  if (policy.duties.includes('closure-after-authority-actions') && authorityTold && !state.authorityCase?.outcome) {
    problems.push({
      path: 'authorityOutcome',
      message:
        'the authority was notified: the case closes only once the authority has said whether it requires further remedial action, and those actions are implemented (record its outcome)',
    });
  }
  for (const action of state.actions ?? []) {
    if (action.status !== 'open') continue;
    problems.push({
      path: `actions.${action.actionId}`,
      message: `${action.source === 'authority' ? "the authority's required action" : 'the action'} '${action.title}' (${action.owner.name}) is still open: complete it, or record why it is not implemented and have it accepted`,
    });
  }
  return problems;
}

/** Whether a report to the authority is recorded: the notify step, or a report sent among the exchanges. */
export const authorityNotified = (state: BreachState): boolean =>
  state.decisions['notify-authority'] !== undefined || (state.authorityReports?.length ?? 0) > 0;
