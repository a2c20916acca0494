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
 * The first task of a breach's execution.
 *
 * 1. Load the breach and its organisation's policy.
 * 2. Compute the schedule of marks from awareness and the clocks recorded with the report.
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
  return {
    breachId,
    organisationId: state.organisationId,
    reportedAt: state.reportedAt,
    schedule: scheduleFor(state.awareAt, clocks),
  };
}
