import { lambdaHandler } from '../config';
import { recordAssessment } from '../domain/record-assessment';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type CaseStoreDeps, caseStoreDeps } from '../workflow-deps';

/** Task `Assess`: the recommendation, computed from the facts and recorded once. It mails nobody. */
export const makeHandler = (deps: CaseStoreDeps) => async (event: unknown) =>
  recordAssessment(deps, parseTaskInput(breachIdInput, event).breachId);

export const wire = (config: FunctionConfig<'Assess'>) => makeHandler(caseStoreDeps(config));

export const handler = lambdaHandler(FUNCTIONS.Assess.config, wire);
