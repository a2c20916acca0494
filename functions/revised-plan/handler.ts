import { revisedPlan } from '../domain/revised-plan';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDepsFromEnv } from '../workflow-deps';

/** Task `RevisedPlan`: the notify steps a revised decision still asks for (revised-plan.ts). */
export const makeHandler = (deps: Pick<WorkflowDeps, 'breaches' | 'organisations'>) => async (event: unknown) =>
  revisedPlan(deps, parseTaskInput(breachIdInput, event).breachId);

export const handler = makeHandler(workflowDepsFromEnv());
