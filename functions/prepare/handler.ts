import { prepareLifecycle } from '../domain/prepare-lifecycle';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDepsFromEnv } from '../workflow-deps';

/** Task `Prepare`: the schedule of marks, the decision-link timeout, and the DPO's new-breach mail. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  prepareLifecycle(deps, parseTaskInput(breachIdInput, event).breachId);

export const handler = makeHandler(workflowDepsFromEnv());
