import { authorityNotified } from './closure';
import type { NotificationPlan } from './decisions';
import { loadCase } from './load-case';
import type { BreachRepository, OrganisationRepository } from './ports';

export interface RevisedPlanOutput {
  /** Whether the revised decision asks for a notify step never taken: the Case branch goes back to take it. */
  outstanding: boolean;
  /** Only the steps still to take; the Choice states of the Case branch read it as `$.decision.plan`. */
  plan: NotificationPlan;
}

/**
 * The RevisedPlan task, after Evaluate and whenever a revision interrupts Close: what the notification decision as it
 * now stands (revisions included) asks for that was never done. A decision revised from "no notification" to
 * "authority only" sends the case back through NotifyAuthority; steps already taken are not asked again. Also says
 * how many actions are open, so the handler wakes the reminder loop only when there is something to remind of.
 */
export async function revisedPlan(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository },
  breachId: string,
): Promise<{ output: RevisedPlanOutput; openActions: number }> {
  const { state } = await loadCase(deps, breachId);
  const plan = state.plan;
  const authority = plan?.authority === true && !authorityNotified(state);
  const subjects =
    plan?.subjects === true && state.decisions['notify-subjects'] === undefined && !state.subjects?.exemption;
  return {
    output: {
      outstanding: authority || subjects,
      plan: { authority, subjects, controller: false, otherParties: false },
    },
    openActions: (state.actions ?? []).filter((a) => a.status === 'open').length,
  };
}
