/** What the handlers read of Lambda's context: tests and the local runtime may pass none. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?: () => number;
}

/** How long an API call may work in pages (sending, deleting): API Gateway answers after 29 s. */
export const CALL_WORK_BUDGET_MS = 20_000;
/** Kept back from the invocation's remaining time for recording what was done and answering. */
export const CALL_MARGIN_MS = 4_000;

/**
 * When an API call that works in pages must stop (epoch milliseconds): the work budget, or the invocation's remaining
 * time less the margin when that is shorter. Whatever is left is for the next call, which the answer asks for.
 */
export const callDeadline = (now: Date, context?: LambdaContextLike): number => {
  const remainingMs = context?.getRemainingTimeInMillis?.() ?? CALL_WORK_BUDGET_MS + CALL_MARGIN_MS;
  return now.getTime() + Math.min(CALL_WORK_BUDGET_MS, remainingMs - CALL_MARGIN_MS);
};
