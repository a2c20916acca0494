import { z } from 'zod';
import { recordFailure } from '../domain/record-failure';
import { breachIdInput, markSchema, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDepsFromEnv } from '../workflow-deps';

const input = breachIdInput.extend({
  branch: z.enum(['start', 'case', 'clock', 'lifecycle']),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }),
  mark: markSchema.optional(),
});

/** The failure path of every task: record the failure on the breach and alert the DPO. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  recordFailure(deps, parseTaskInput(input, event));

export const handler = makeHandler(workflowDepsFromEnv());
