import { breachIdFor } from './breach-id';
import { type Deadline, deadlinesFor } from './clocks';
import { IdempotencyMismatchError, ValidationError } from './errors';
import type { Actor, EventData, NewEvent } from './events';
import { canonicalJson, sha256Hex } from './hash-chain';
import type { BreachRepository, KnownHead, Organisation, WorkflowStarter } from './ports';
import { formOrganisationRole } from './registered-controllers';
import { type BreachReport, makeBreachReportSchema } from './report';
import { applyEvent, type BreachState } from './state';

/**
 * Report a breach: the use case behind POST /breaches, and behind the hosted form (POST /report/{organisation}),
 * which passes a key it minted when it showed the form, so a double submit lands on the same breach too.
 *
 * 1. Validate the body against the report schema (awareness may not lie in the future): ValidationError with one
 *    field error per problem. From the form, the organisation is processor only for a controller its policy
 *    registered, with the registered contact details (registered-controllers.ts). Nothing is written for an invalid
 *    body.
 * 2. Derive the breach id from (organisation, Idempotency-Key), so a retried request addresses the same breach.
 * 3. Fingerprint the request: SHA-256 of the canonical JSON of the validated report.
 * 4. Create the breach with its `reported` event (one conditional put; a repeat writes nothing).
 * 5. If the breach already existed: the same fingerprint is an idempotent repeat and carries on; another fingerprint
 *    means the key was reused for a different report: IdempotencyMismatchError.
 * 6. Unless the breach already records its execution, start the workflow (named after the breach id, so a start
 *    that already happened is found, not repeated) and record `workflow-started` once. This runs on repeats too:
 *    if the first attempt died between steps 4 and 6, its retry starts the workflow.
 * 7. If the workflow cannot be started, record `step-failed` and answer with the workflow 'pending'. The report
 *    stays recorded (the law's clock runs from awareness, not from our start), and a retry with the same key, or a
 *    reconciler looking for open breaches without an execution, starts it later.
 */

/** Where a failure the caller is not told about is logged: ids and error classes only. */
export interface Logger {
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface ReportBreachDeps {
  breaches: BreachRepository;
  workflow: WorkflowStarter;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default console */
  logger?: Logger;
}

export interface ReportBreachCommand {
  organisation: Organisation;
  idempotencyKey: string;
  /** The parsed, unvalidated request body. */
  body: unknown;
  /**
   * How the report arrived: the API, or the hosted form (which a member of staff fills in, so the event's actor is
   * the reporter as they named themselves, or nobody when they stayed anonymous).
   * @default 'api'
   */
  channel?: EventData['reported']['channel'];
}

export interface ReportBreachResult {
  breachId: string;
  /** false for an idempotent repeat of an earlier request. */
  created: boolean;
  status: BreachState['status'];
  stage: BreachState['stage'];
  awareAt: string;
  reportedAt: string;
  deadlines: Deadline[];
  /** 'pending' when the lifecycle execution could not be started yet; the report is recorded either way. */
  workflow: 'started' | 'pending';
}

/** The input of the lifecycle execution: ids only, the state machine's tasks read the facts from the log. */
export interface WorkflowInput {
  breachId: string;
  organisationId: string;
}

const INTAKE = { kind: 'system', component: 'intake' } as const;

/** The reporter as the form's report names them; an anonymised report names a role at most. */
const reporterActor = (reporter: BreachReport['reporter']): Actor => {
  const role = reporter.role ? { role: reporter.role } : {};
  return reporter.anonymised ? { kind: 'reporter', ...role } : { kind: 'reporter', name: reporter.name, ...role };
};

const errorClass = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

export const makeReportBreach = (deps: ReportBreachDeps) => {
  const { breaches, workflow, now = () => new Date(), logger = console } = deps;
  const schema = makeBreachReportSchema(now);

  /** `known`: the log as this request wrote it, when it created the breach (the append then reads nothing back). */
  const startWorkflow = async (state: BreachState, known?: KnownHead): Promise<ReportBreachResult['workflow']> => {
    if (state.executionArn) return 'started';
    const input: WorkflowInput = { breachId: state.breachId, organisationId: state.organisationId };
    let executionArn: string;
    try {
      ({ executionArn } = await workflow.start(state.breachId, input));
    } catch (error) {
      logFailure('workflow not started', state.breachId, error);
      await record(state.breachId, {
        type: 'step-failed',
        at: now().toISOString(),
        actor: INTAKE,
        data: { step: 'start-workflow', error: errorClass(error) },
      });
      return 'pending';
    }
    // The execution runs from here on, whether or not the record below is written; a later retry writes it.
    await record(
      state.breachId,
      {
        type: 'workflow-started',
        at: now().toISOString(),
        actor: INTAKE,
        data: { executionArn },
      },
      known,
    );
    return 'started';
  };

  /**
   * Appends an event about the workflow; `workflow-started` is keyed by its type so that concurrent retries record it
   * once, while each failure is a fact of its own. A failure to record is logged, not thrown: the report itself is
   * stored, and the caller must not be told otherwise.
   */
  const record = async (
    breachId: string,
    event: NewEvent<'workflow-started'> | NewEvent<'step-failed'>,
    known?: KnownHead,
  ) => {
    try {
      if (event.type === 'workflow-started' && breaches.appendOnce) {
        await breaches.appendOnce(breachId, event.type, event, known);
      } else {
        await breaches.append(breachId, event);
      }
    } catch (error) {
      logFailure(`${event.type} not recorded`, breachId, error);
    }
  };

  // Ids and error classes only: error messages may quote the request.
  const logFailure = (message: string, breachId: string, error: unknown): void => {
    logger.error(message, { breachId, errorClass: errorClass(error) });
  };

  return async (command: ReportBreachCommand): Promise<ReportBreachResult> => {
    const { organisation, idempotencyKey, body, channel = 'api' } = command;

    const parsed = schema.safeParse(body);
    if (!parsed.success) throw ValidationError.fromZodError(parsed.error, 'The report has invalid fields; see errors.');
    // Anyone with the form's link may send it: whether the organisation is processor, and for whom, is the policy's.
    const report =
      channel === 'form'
        ? { ...parsed.data, organisationRole: formOrganisationRole(parsed.data.organisationRole, organisation.policy) }
        : parsed.data;

    const breachId = breachIdFor(organisation.id, idempotencyKey);
    const requestHash = sha256Hex(canonicalJson(report));
    const { event, created } = await breaches.create(breachId, organisation.id, {
      type: 'reported',
      at: now().toISOString(),
      actor:
        channel === 'form' ? reporterActor(report.reporter) : { kind: 'api-client', organisationId: organisation.id },
      data: {
        report,
        channel,
        requestHash,
        policyPreset: organisation.policy.preset,
        clocks: organisation.policy.clocks,
        ...(organisation.policyVersion !== undefined ? { policyVersion: organisation.policyVersion } : {}),
      },
    });
    if (!created && event.data.requestHash !== requestHash) throw new IdempotencyMismatchError();

    // A new breach's state is its first event; a repeat reads the projection to learn what the first attempt did.
    // A created breach's log is exactly its `reported` event, which carries no idempotency key: the workflow's record
    // is appended after it without reading the log back.
    const state = created
      ? applyEvent(undefined, event)
      : ((await breaches.state(breachId)) ?? applyEvent(undefined, event));
    const workflowStatus = await startWorkflow(state, created ? { event, state } : undefined);

    return {
      breachId,
      created,
      status: state.status,
      stage: state.stage,
      awareAt: state.awareAt,
      reportedAt: state.reportedAt,
      deadlines: deadlinesFor(state.awareAt, state.clocks ?? organisation.policy.clocks),
      workflow: workflowStatus,
    };
  };
};
