import { revisedPlan } from '../domain/revised-plan';
import type { ReminderLoop } from '../domain/remind-actions';
import { reminderLoopFromEnv } from '../reminder-loop-deps';
import { breachIdInput, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDepsFromEnv } from '../workflow-deps';

/**
 * Task `RevisedPlan`, right after Evaluate: the notify steps a revised decision still asks for (revised-plan.ts). The
 * evaluation's recommendations have just become tracked actions, so the reminder loop is woken to schedule them.
 */
export const makeHandler =
  (deps: Pick<WorkflowDeps, 'breaches' | 'organisations'> & { reminders: ReminderLoop }) =>
  async (event: unknown) => {
    const { breachId } = parseTaskInput(breachIdInput, event);
    const output = await revisedPlan(deps, breachId);
    await deps.reminders.wake(breachId);
    return output;
  };

export const handler = makeHandler({ ...workflowDepsFromEnv(), reminders: reminderLoopFromEnv() });
