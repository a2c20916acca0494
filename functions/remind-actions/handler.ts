import { lambdaHandler } from '../config';
import { remindActions } from '../domain/remind-actions';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDeps } from '../workflow-deps';

/** Task `RemindActions`: mails the owners of actions due soon or overdue, and says when to look again. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  remindActions(deps, parseTaskInput(breachIdInput, event).breachId);

export const wire = (config: FunctionConfig<'RemindActions'>) => makeHandler(workflowDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.RemindActions, wire);
