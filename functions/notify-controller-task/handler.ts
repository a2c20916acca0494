import { sendControllerNotice } from '../domain/send-controller-notice';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDepsFromEnv } from '../workflow-deps';

/** Task `NotifyController`: e-mails the processor's notice to the controller once, and logs it. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  sendControllerNotice(deps, parseTaskInput(breachIdInput, event).breachId);

export const handler = makeHandler(workflowDepsFromEnv());
