import { breachObligations, obligationCaseOf, obligationMarks, primaryObligation } from './breach-obligations';
import { type Mark, scheduleFor } from './clocks';
import { loadCase } from './load-case';
import { buildNewBreachMail } from './mail/new-breach';
import type { BreachRepository, Mailer, OrganisationRepository } from './ports';
import { sendMailOnce } from './send-mail-once';

export interface LifecycleInput {
  breachId: string;
  organisationId: string;
  /**
   * When the breach was reported: a fixed instant of its history, from which local mode's `--time-scale` counts the
   * breach's compressed time, so a restart replaying the breach finds its marks where they were.
   */
  reportedAt: string;
  /** The awareness the schedule counts from: an amendment that moves it wakes the Clock branch to re-plan. */
  awareAt: string;
  /** Every warning and deadline, in order: the Clock branch waits for each (TimestampPath). */
  schedule: Mark[];
}

export interface PrepareDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  mailer: Mailer;
  breachUrl: (breachId: string) => string;
  now: () => Date;
}

/**
 * The first task of a breach's execution, and the Clock branch's Replan after awareness is amended (clock-replan.ts).
 *
 * 1. Load the breach and its organisation's policy.
 * 2. Compute the schedule of marks from awareness and the clocks recorded with the report, and add the marks of every
 *    obligation the policy's clocks do not already stand for (another country's authority, NIS2, DORA): the breach's
 *    deadlines are the union of its obligations'. A UK-only breach adds none, so its schedule is the one it always had.
 * 3. Tell the DPO (and the policy's escalation contacts) that a breach was reported, once.
 * 4. Return the execution's working input for the Case and Clock branches.
 */
export async function prepareLifecycle(deps: PrepareDeps, breachId: string): Promise<LifecycleInput> {
  const { state, policy, clocks } = await loadCase(deps, breachId);
  const now = deps.now();
  await sendMailOnce(
    deps,
    state,
    'new-breach',
    buildNewBreachMail({
      breach: state,
      policy: { ...policy, clocks },
      breachUrl: deps.breachUrl(breachId),
      ...(state.assessment ? { riskLevel: state.assessment.risk.level } : {}),
    }),
    now,
  );
  const obligations = breachObligations(obligationCaseOf(state), policy);
  const awareMs = Date.parse(state.awareAt);
  const extra = obligationMarks(obligations, primaryObligation(obligations, policy)?.id).filter(
    (mark) => Date.parse(mark.at) >= awareMs,
  );
  return {
    breachId,
    organisationId: state.organisationId,
    reportedAt: state.reportedAt,
    awareAt: state.awareAt,
    // A stable sort: at the same instant the policy's clocks come first, then the obligations in plan order.
    schedule: [...scheduleFor(state.awareAt, clocks), ...extra].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
  };
}
