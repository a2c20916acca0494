import { type SendSubjectNoticesDeps, sendSubjectNotices } from '../domain/send-subject-notices';
import type { Counter } from '../observability/counter';
import { metricsCounter } from '../observability/metrics';
import { METRIC_NAMES } from '../observability/names';
import { breachIdInput, parseTaskInput } from '../task-input';

/**
 * Task `SendSubjectNotices`: one bounded run of the e-mail fan-out, returning { sent, failed, deferred, remaining,
 * unconfirmed, throttled, outcome } for the state machine's Choice to loop on while `remaining > 0`.
 *
 * The run stops in time to record its counts before Lambda's timeout: its budget is the invocation's remaining time
 * less a margin (a tenth, between 2 and 30 seconds), so a 15-minute function sends for about 14.5 minutes a run.
 */

interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
}

/** When no context says otherwise (a direct call): a minute, like a short Lambda. */
const DEFAULT_BUDGET_MS = 60_000;

export const budgetMarginMs = (remainingMs: number): number => Math.min(30_000, Math.max(2_000, remainingMs / 10));

export const makeHandler =
  (deps: SendSubjectNoticesDeps, metrics: Counter = metricsCounter) =>
  async (event: unknown, context?: LambdaContextLike) => {
    const { breachId } = parseTaskInput(breachIdInput, event);
    const remainingMs = context?.getRemainingTimeInMillis?.() ?? DEFAULT_BUDGET_MS;
    const deadlineMs = deps.now().getTime() + remainingMs - budgetMarginMs(remainingMs);
    const result = await sendSubjectNotices(deps, breachId, deadlineMs);
    metrics.count(METRIC_NAMES.noticesSent, result.sent);
    metrics.count(METRIC_NAMES.noticesFailed, result.failed);
    return result;
  };
