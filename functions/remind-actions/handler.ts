import { remindActions } from '../domain/remind-actions';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDepsFromEnv } from '../workflow-deps';

/** Task `RemindActions`: mails the owners of actions due soon or overdue, and says when to look again. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  remindActions(deps, parseTaskInput(breachIdInput, event).breachId);

export const handler = makeHandler(workflowDepsFromEnv());
