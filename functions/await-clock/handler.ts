import * as z from 'zod/mini';
import { lambdaHandler } from '../config';
import { awaitClock, type ClockLoop } from '../domain/clock-replan';
import type { BreachRepository } from '../domain/ports';
import '../domain/zod-english';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { clockLoop } from '../reminder-loop-deps';
import { breachIdInput, parseTaskInput } from '../task-input';
import { caseStoreDeps } from '../workflow-deps';

/** The Payload of AwaitClock: `{ breachId, plannedAwareAt.$: $.awareAt, taskToken.$: $$.Task.Token }`. */
const input = z.extend(breachIdInput, {
  plannedAwareAt: z.iso.datetime({ offset: true }),
  taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
});

/** Callback task `AwaitClock`: the Clock branch waits here for an amended awareness, to re-plan its marks. */
export const makeHandler =
  (deps: { breaches: Pick<BreachRepository, 'state'>; clock: ClockLoop }) => async (event: unknown) =>
    awaitClock(deps, parseTaskInput(input, event));

export const wire = (config: FunctionConfig<'AwaitClock'>) =>
  makeHandler({ breaches: caseStoreDeps(config).breaches, clock: clockLoop(config) });

export const handler = lambdaHandler(FUNCTION_CONFIG.AwaitClock, wire);
