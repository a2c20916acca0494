import * as z from 'zod/mini';
import { recordFailure } from '../domain/record-failure';
import '../domain/zod-english';
import { breachIdInput, markSchema, parseTaskInput } from '../task-input';
import { type WorkflowDeps, workflowDepsFromEnv } from '../workflow-deps';

const input = z.extend(breachIdInput, {
  branch: z.enum(['start', 'case', 'clock', 'actions', 'lifecycle']),
  failure: z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) }),
  mark: z.optional(markSchema),
});

/** The failure path of every task: record the failure on the breach and alert the DPO. */
export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) =>
  recordFailure(deps, parseTaskInput(input, event));

export const handler = makeHandler(workflowDepsFromEnv());
