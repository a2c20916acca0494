import * as z from 'zod/mini';
import { checkMark } from '../domain/check-mark';
import '../domain/zod-english';
import { breachIdInput, markSchema, parseTaskInput } from '../task-input';
import type { WorkflowDeps } from '../workflow-deps';

const input = z.extend(breachIdInput, { mark: markSchema });

/** Task `CheckMark`: at each warning and deadline, alert the DPO and escalation contacts if the milestone is unmet. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) => {
  const { breachId, mark } = parseTaskInput(input, event);
  return { outcome: await checkMark(deps, breachId, mark) };
};
