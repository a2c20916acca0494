import type { WorkflowStarter } from './ports';
import { recordFailure } from './record-failure';
import type { WorkflowInput } from './report-breach';
import { continueWorkflow, type WorkflowControl } from './workflow-continuation';

/**
 * The safety net behind intake: every open breach has a lifecycle execution. Intake stores the report first and
 * starts the workflow second; if StartExecution fails (or the function dies in between) the report is recorded
 * without an execution and its clocks would never alert. This use case, run on a schedule (and by local mode at
 * start and periodically), finds those breaches and starts them.
 *
 * 1. List open breaches whose state records no execution (`executionArn` missing).
 * 2. Skip those reported within the grace period: their intake request may still be starting them.
 * 3. Start the execution, named after the breach id: ExecutionAlreadyExists is success (someone started it).
 * 4. Record `workflow-started` once (appendOnce keyed by the type, as intake does): never twice, whoever won.
 * 5. If the start fails, record the failure and alert the DPO through the failure path of every task (one event and
 *    one mail per distinct error, however often the schedule retries); the next run tries again.
 * 6. Continue every open breach whose execution ended (failed, timed out, stopped): redriven, or a new execution.
 */

/** An open breach whose projection records no execution. */
export interface UnstartedBreach {
  breachId: string;
  organisationId: string;
  reportedAt: string;
}

/** Finds open breaches with no execution recorded; an adapter port, so the domain stays free of DynamoDB. */
export interface UnstartedBreachFinder {
  unstarted(): Promise<UnstartedBreach[]>;
  /** Open breaches whose execution ended without closing the case (`workflow-ended` not yet continued). */
  ended?(): Promise<string[]>;
}

/** The failure path's own dependencies (stores, mailer, links, time). */
type FailureDeps = Parameters<typeof recordFailure>[0];

export interface ReconcileDeps extends FailureDeps {
  finder: UnstartedBreachFinder;
  workflow: WorkflowStarter;
  /** Continues breaches whose execution ended (workflow-continuation.ts); without it they are left to the API. */
  control?: WorkflowControl;
  /**
   * How long after its report a breach is left to its intake request.
   * @default 120_000 (intake's own timeout is 10 s; two minutes leaves room for its retries)
   */
  graceMs?: number;
  /** @default console */
  /** Where failures are logged: ids and error classes only. @default console */
  logger?: { error(message: string, attributes: Record<string, unknown>): void };
}

export interface ReconcileResult {
  /** Breaches whose execution this run started (or found already started) and recorded. */
  started: string[];
  /** Breaches whose execution could not be started, with the error's name; the DPO has been alerted. */
  failed: { breachId: string; error: string }[];
  /** Reported within the grace period: left for now. */
  deferred: string[];
  /** Breaches whose ended execution this run continued (redriven or replaced). */
  continued?: string[];
}

const errorClass = (error: unknown): string => (error instanceof Error ? error.name : typeof error);

export async function reconcileWorkflows(deps: ReconcileDeps): Promise<ReconcileResult> {
  const { graceMs = 120_000, logger = console } = deps;
  const result: ReconcileResult = { started: [], failed: [], deferred: [] };
  const cutoff = deps.now().getTime() - graceMs;
  for (const breach of await deps.finder.unstarted()) {
    if (Date.parse(breach.reportedAt) > cutoff) {
      result.deferred.push(breach.breachId);
      continue;
    }
    const input: WorkflowInput = { breachId: breach.breachId, organisationId: breach.organisationId };
    try {
      const { executionArn } = await deps.workflow.start(breach.breachId, input);
      await deps.breaches.appendOnce(breach.breachId, 'workflow-started', {
        type: 'workflow-started',
        at: deps.now().toISOString(),
        actor: { kind: 'system', component: 'reconciler' },
        data: { executionArn },
      });
      result.started.push(breach.breachId);
    } catch (error) {
      const name = errorClass(error);
      // Ids and error classes only: messages may quote data.
      logger.error('workflow not started', { breachId: breach.breachId, errorClass: name });
      result.failed.push({ breachId: breach.breachId, error: name });
      try {
        await recordFailure(deps, {
          breachId: breach.breachId,
          branch: 'lifecycle',
          failure: { Error: name, Cause: 'StartExecution failed; the reconciler tries again on its next run.' },
        });
      } catch (alertError) {
        logger.error('failure not recorded', { breachId: breach.breachId, errorClass: errorClass(alertError) });
      }
    }
  }
  if (deps.control && deps.finder.ended) {
    result.continued = [];
    for (const breachId of await deps.finder.ended()) {
      try {
        await continueWorkflow(
          { breaches: deps.breaches, workflow: deps.control, now: deps.now },
          { breachId, actor: { kind: 'system', component: 'reconciler' } },
        );
        result.continued.push(breachId);
      } catch (error) {
        // The DPO was mailed when it ended; the next run tries again.
        logger.error('workflow not continued', { breachId, errorClass: errorClass(error) });
        result.failed.push({ breachId, error: errorClass(error) });
      }
    }
  }
  return result;
}
