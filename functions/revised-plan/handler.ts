import { lambdaHandler } from '../config';
import type { ReminderLoop } from '../domain/remind-actions';
import { revisedPlan } from '../domain/revised-plan';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { reminderLoop } from '../reminder-loop-deps';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type CaseStoreDeps, caseStoreDeps } from '../workflow-deps';

/**
 * Task `RevisedPlan`, right after Evaluate: the notify steps a revised decision still asks for (revised-plan.ts). The
 * evaluation's recommendations have just become tracked actions, so the reminder loop is woken to schedule them.
 */
export const makeHandler = (deps: CaseStoreDeps & { reminders: ReminderLoop }) => async (event: unknown) => {
  const { breachId } = parseTaskInput(breachIdInput, event);
  const { output, openActions } = await revisedPlan(deps, breachId);
  if (openActions > 0) await deps.reminders.wake(breachId);
  return output;
};

export const wire = (config: FunctionConfig<'RevisedPlan'>) =>
  makeHandler({ ...caseStoreDeps(config), reminders: reminderLoop(config) });

export const handler = lambdaHandler(FUNCTION_CONFIG.RevisedPlan, wire);
