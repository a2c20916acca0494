import * as z from 'zod/mini';
import { checkMark } from '../domain/check-mark';
import type { Counter } from '../observability/counter';
import { metricsCounter } from '../observability/metrics';
import { METRIC_NAMES } from '../observability/names';
import '../domain/zod-english';
import { breachIdInput, markSchema, parseTaskInput } from '../task-input';
import type { WorkflowDeps } from '../workflow-deps';

const input = z.extend(breachIdInput, { mark: markSchema });

/** Task `CheckMark`: at each warning and deadline, alert the DPO and escalation contacts if the milestone is unmet. */
export const makeHandler =
  (deps: WorkflowDeps, metrics: Counter = metricsCounter) =>
  async (event: unknown) => {
    const { breachId, mark } = parseTaskInput(input, event);
    const outcome = await checkMark(deps, breachId, mark);
    // Counted when the missed deadline is recorded, once per clock (a repeat finds it already alerted).
    if (outcome === 'alerted' && mark.kind === 'deadline') metrics.count(METRIC_NAMES.deadlinesMissed);
    return { outcome };
  };
