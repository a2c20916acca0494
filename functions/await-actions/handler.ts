import * as z from 'zod/mini';
import { lambdaHandler } from '../config';
import type { BreachRepository } from '../domain/ports';
import { awaitActions, type ReminderLoop } from '../domain/remind-actions';
import '../domain/zod-english';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { reminderLoop } from '../reminder-loop-deps';
import { breachIdInput, parseTaskInput } from '../task-input';
import { caseStoreDeps } from '../workflow-deps';

/**
 * The Payload of AwaitActions: `{ breachId, seen, waitSeconds, taskToken.$: $$.Task.Token }`. RemindActions writes
 * its result at `$.Payload`: Step Functions reads the task's TimeoutSecondsPath from the state input and the local
 * interpreter from the Parameters' result, and `$.Payload.waitSeconds` names the same number in both.
 */
const input = z.extend(breachIdInput, {
  seen: z.string().check(z.maxLength(100_000)),
  waitSeconds: z.number().check(z.positive()),
  taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
});

/** Callback task `AwaitActions`: parks the reminder loop until the next reminder or a change of actions. */
export const makeHandler =
  (deps: { breaches: Pick<BreachRepository, 'state'>; reminders: ReminderLoop }) => async (event: unknown) =>
    awaitActions(deps, parseTaskInput(input, event));

export const wire = (config: FunctionConfig<'AwaitActions'>) =>
  makeHandler({ breaches: caseStoreDeps(config).breaches, reminders: reminderLoop(config) });

export const handler = lambdaHandler(FUNCTION_CONFIG.AwaitActions, wire);
