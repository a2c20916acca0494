import { closeCase } from '../domain/close-case';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDepsFromEnv } from '../workflow-deps';

/** Task `RecordClosure`: the closure decision held, so the case is closed. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  closeCase(deps, parseTaskInput(breachIdInput, event).breachId);

export const handler = makeHandler(workflowDepsFromEnv());
