import type { Mark } from './clocks';
import { sha256Hex } from './hash-chain';
import { loadCase } from './load-case';
import { buildStepFailedMail } from './mail/step-failed';
import type { BreachRepository, Mailer, OrganisationRepository } from './ports';
import { sendMailOnce } from './send-mail-once';
import type { BreachState } from './state';

/** Where in the state machine a failure was caught. */
export type FailureBranch = 'start' | 'case' | 'clock' | 'actions' | 'lifecycle';

export interface FailureInput {
  breachId: string;
  branch: FailureBranch;
  /** What Step Functions' Catch puts at ResultPath: the error's name and its cause. */
  failure: { Error?: string; Cause?: string };
  /** For the Clock branch: the mark whose check failed. */
  mark?: Mark;
}

/** The step of the Case branch a breach is waiting on, judged from the log: what failed when the branch failed. */
export function currentCaseStep(state: BreachState): string {
  const done = state.decisions;
  if (state.status === 'closed') return 'RecordClosure';
  if (!done.contain) return 'Contain';
  if (!state.assessment) return 'Assess';
  if (!done.decide) return 'Decide';
  if (state.plan?.authority && !done['notify-authority']) return 'NotifyAuthority';
  if (state.plan?.subjects && !done['notify-subjects']) return 'NotifySubjects';
  if (state.plan?.controller && !done['notify-controller']) return 'NotifyController';
  if (state.plan?.otherParties && !done['notify-other-parties']) return 'NotifyOtherParties';
  if (!done.evaluate) return 'Evaluate';
  if (!done.close) return 'Close';
  return 'RecordClosure';
}

const stepOf = (input: FailureInput, state: BreachState): string => {
  switch (input.branch) {
    case 'start':
      return 'Prepare';
    case 'case':
      return currentCaseStep(state);
    case 'clock':
      return input.mark ? `Clock ${input.mark.clockId} ${input.mark.kind}` : 'Clock';
    case 'actions':
      return 'RemindActions';
    case 'lifecycle':
      return 'Lifecycle';
  }
};

/** Error names only ever come from our code or AWS: anything else is not shown (it could quote data). */
const errorName = (error: string | undefined) =>
  error !== undefined && /^[A-Za-z][\w.:-]{0,99}$/.test(error) ? error : 'UnknownError';

/**
 * The failure path of every task: after its retries are spent, the failure is recorded as an event on the breach
 * and the DPO is alerted. Nothing is ever dropped silently.
 *
 * Idempotent: the key covers the branch, the error and its cause (fixed across this task's own retries) and the last
 * recovery, so the same failure after the DPO resumed the workflow is recorded again, but a retry is not.
 */
export async function recordFailure(
  deps: {
    breaches: BreachRepository;
    organisations: OrganisationRepository;
    mailer: Mailer;
    breachUrl: (breachId: string) => string;
    now: () => Date;
  },
  input: FailureInput,
): Promise<{ step: string; recorded: boolean }> {
  const { state, policy, clocks } = await loadCase(deps, input.breachId);
  const step = stepOf(input, state);
  const error = errorName(input.failure.Error);
  const fingerprint = sha256Hex(
    [input.branch, error, input.failure.Cause ?? '', input.mark?.at ?? '', state.decisions.recover?.at ?? ''].join(
      '\n',
    ),
  ).slice(0, 24);
  const now = deps.now();
  const { created } = await deps.breaches.appendOnce(input.breachId, `failure:${fingerprint}`, {
    type: 'step-failed',
    at: now.toISOString(),
    actor: { kind: 'system', component: `workflow:${input.branch}` },
    data: { step, error, ...(input.failure.Cause ? { cause: input.failure.Cause.slice(0, 2000) } : {}) },
  });
  const after = await deps.breaches.state(input.breachId);
  await sendMailOnce(
    deps,
    after ?? state,
    `failure:${fingerprint}`,
    buildStepFailedMail({
      breachId: input.breachId,
      policy: { ...policy, clocks },
      step,
      failedAt: now.toISOString(),
      error,
      awareAt: state.awareAt,
      breachUrl: deps.breachUrl(input.breachId),
      ...(state.executionArn ? { executionArn: state.executionArn } : {}),
    }),
    now,
  );
  return { step, recorded: created };
}
