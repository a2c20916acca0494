import * as z from 'zod/mini';
import { lambdaHandler } from '../config';
import { recordFailure } from '../domain/record-failure';
import '../domain/zod-english';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { breachIdInput, markSchema, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDeps } from '../workflow-deps';

const input = z.extend(breachIdInput, {
  branch: z.enum(['start', 'case', 'clock', 'actions', 'lifecycle']),
  failure: z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) }),
  mark: z.optional(markSchema),
});

/** The failure path of every task: record the failure on the breach and alert the DPO. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  recordFailure(deps, parseTaskInput(input, event));

export const wire = (config: FunctionConfig<'RecordFailure'>) => makeHandler(workflowDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.RecordFailure, wire);
