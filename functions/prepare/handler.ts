import { lambdaHandler } from '../config';
import { prepareLifecycle } from '../domain/prepare-lifecycle';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDeps } from '../workflow-deps';

/** Task `Prepare`: the schedule of marks, the decision-link timeout, and the DPO's new-breach mail. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  prepareLifecycle(deps, parseTaskInput(breachIdInput, event).breachId);

export const wire = (config: FunctionConfig<'Prepare'>) => makeHandler(workflowDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.Prepare, wire);
