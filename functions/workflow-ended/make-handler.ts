import * as z from 'zod/mini';
import '../domain/zod-english';
import { type EndedStatus, recordWorkflowEnded } from '../domain/workflow-continuation';
import type { WorkflowDeps } from '../workflow-deps';

/**
 * "Step Functions Execution Status Change" as EventBridge delivers it (and as local mode builds it): the execution's
 * ARN, name, status and input. The input names the breach (`{ breachId, organisationId }`, as intake starts it).
 */
const statusChange = z.object({
  source: z.literal('aws.states'),
  detail: z.object({
    executionArn: z.string().check(z.minLength(1), z.maxLength(2048)),
    status: z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']),
    input: z.optional(z.nullable(z.string())),
    error: z.optional(z.nullable(z.string())),
  }),
});
const workflowInput = z.object({ breachId: z.string().check(z.minLength(1), z.maxLength(100)) });

export class UnrecognisedEndingError extends Error {
  override readonly name = 'UnrecognisedEndingError';
}

export const makeHandler = (deps: WorkflowDeps) => async (event: unknown) => {
  const parsed = statusChange.safeParse(event);
  if (!parsed.success) throw new UnrecognisedEndingError('not an execution status change of the lifecycle');
  const { executionArn, status, input, error } = parsed.data.detail;
  let breachId: string | undefined;
  try {
    const decoded = workflowInput.safeParse(JSON.parse(input ?? 'null'));
    breachId = decoded.success ? decoded.data.breachId : undefined;
  } catch {
    breachId = undefined;
  }
  if (!breachId) throw new UnrecognisedEndingError('the execution input names no breach');
  return recordWorkflowEnded(deps, {
    breachId,
    executionArn,
    status: status as EndedStatus,
    ...(error ? { error } : {}),
  });
};
