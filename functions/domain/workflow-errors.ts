/**
 * The error names the breach lifecycle's Retry and Catch match (statemachines/breach-lifecycle.asl.json), in one
 * place: every error class a task throws takes its `name` from here, and test/unit/workflow-errors.test.ts checks
 * every `ErrorEquals` name of the ASL against this table and this table against the ASL.
 *
 * - `retry`: transient, the same call may well succeed shortly (SES throttling, a decision being recorded this
 *   instant); every Lambda task state retries these with backoff before its Catch.
 * - `catch`: retrying cannot help until a person acts (SES refused the sender, the breach or its organisation is
 *   gone, a bad input); every Lambda task state retries these zero times, so the Catch records the failure and mails
 *   the DPO at once instead of minutes later.
 * - `asl`: raised by the ASL itself (a Fail state), never by a task.
 * - `callback`: sent with SendTaskFailure to a step waiting for a person (a decision revised under it), which the
 *   step's Retry passes straight on (MaxAttempts 0) to the Catch that re-plans the case.
 */
export const WORKFLOW_ERRORS = {
  MailRetryable: { name: 'RetryableMailError', handling: 'retry' },
  DecisionInProgress: { name: 'Breachdesk.DecisionInProgress', handling: 'retry' },
  ControllerNoticeUnrecorded: { name: 'Breachdesk.ControllerNoticeUnrecorded', handling: 'retry' },
  MailPermanent: { name: 'PermanentMailError', handling: 'catch' },
  TaskInput: { name: 'Breachdesk.TaskInputError', handling: 'catch' },
  BreachNotFound: { name: 'Breachdesk.BreachNotFound', handling: 'catch' },
  OrganisationMissing: { name: 'Breachdesk.OrganisationMissing', handling: 'catch' },
  AssessmentMissing: { name: 'Breachdesk.AssessmentMissing', handling: 'catch' },
  SubjectNoticesBlocked: { name: 'Breachdesk.SubjectNoticesBlocked', handling: 'catch' },
  SubjectsDecisionMissing: { name: 'Breachdesk.SubjectsDecisionMissing', handling: 'catch' },
  DecisionRevised: { name: 'Breachdesk.DecisionRevised', handling: 'callback' },
  /** The Case branch's end: a Fail state that stops the Clock branch and is caught as the case's success. */
  CaseClosed: { name: 'Breachdesk.CaseClosed', handling: 'asl' },
  /**
   * Awareness was amended: a Fail state in the Clock branch that stops the marks of the old plan (its Waits cannot be
   * interrupted otherwise) and is caught to re-plan them (clock-replan.ts).
   */
  ClockReplanned: { name: 'Breachdesk.ClockReplanned', handling: 'asl' },
  /** The end of an execution whose failure was recorded outside the Case branch (Prepare, the Parallel itself). */
  LifecycleFailed: { name: 'Breachdesk.LifecycleFailed', handling: 'asl' },
} as const satisfies Record<string, { name: string; handling: 'retry' | 'catch' | 'asl' | 'callback' }>;

export type WorkflowErrorName = (typeof WORKFLOW_ERRORS)[keyof typeof WORKFLOW_ERRORS]['name'];

/** The names with a given handling. */
export const workflowErrorNames = (handling: 'retry' | 'catch' | 'asl' | 'callback'): string[] =>
  Object.values(WORKFLOW_ERRORS)
    .filter((error) => error.handling === handling)
    .map((error) => error.name);
