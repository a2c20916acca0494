import { lambdaHandler } from '../config';
import { closeCase } from '../domain/close-case';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type CaseStoreDeps, caseStoreDeps } from '../workflow-deps';

/** Task `RecordClosure`: the closure decision held, so the case is closed. It mails nobody. */
export const makeHandler = (deps: CaseStoreDeps) => async (event: unknown) =>
  closeCase(deps, parseTaskInput(breachIdInput, event).breachId);

export const wire = (config: FunctionConfig<'CloseCase'>) => makeHandler(caseStoreDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.CloseCase, wire);
