import { lambdaHandler } from '../config';
import { recordAssessment } from '../domain/record-assessment';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type CaseStoreDeps, caseStoreDeps } from '../workflow-deps';

/** Task `Assess`: the recommendation, computed from the facts and recorded once. It mails nobody. */
export const makeHandler = (deps: CaseStoreDeps) => async (event: unknown) =>
  recordAssessment(deps, parseTaskInput(breachIdInput, event).breachId);

export const wire = (config: FunctionConfig<'Assess'>) => makeHandler(caseStoreDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.Assess, wire);
