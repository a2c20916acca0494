import { recordAssessment } from '../domain/record-assessment';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDepsFromEnv } from '../workflow-deps';

/** Task `Assess`: the recommendation, computed from the facts and recorded once. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  recordAssessment(deps, parseTaskInput(breachIdInput, event).breachId);

export const handler = makeHandler(workflowDepsFromEnv());
