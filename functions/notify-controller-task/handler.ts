import { lambdaHandler } from '../config';
import { sendControllerNotice } from '../domain/send-controller-notice';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDeps } from '../workflow-deps';

/** Task `NotifyController`: e-mails the processor's notice to the controller once, and logs it. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  sendControllerNotice(deps, parseTaskInput(breachIdInput, event).breachId);

export const wire = (config: FunctionConfig<'NotifyController'>) => makeHandler(workflowDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.NotifyController, wire);
