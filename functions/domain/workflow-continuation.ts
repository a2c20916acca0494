import { ConflictError } from './errors';
import { type Actor, isEvent } from './events';
import { sha256Hex } from './hash-chain';
import { loadCase } from './load-case';
import { buildWorkflowEndedMail } from './mail/workflow-ended';
import { ownBreach } from './own-breach';
import type { BreachRepository, Mailer, OrganisationRepository } from './ports';
import { sendMailOnce } from './send-mail-once';

/**
 * A breach's workflow never ends silently and can always be continued.
 *
 * - `recordWorkflowEnded`: an execution of the lifecycle failed, timed out or was stopped from outside (EventBridge's
 *   execution status change on AWS, the local runtime's own in local mode). Record `workflow-ended` once and mail
 *   the DPO once, unless the case is closed.
 * - `continueWorkflow`: the breach is open and its execution has ended: redrive it where Step Functions can (it
 *   resumes at the failed state), else start a new execution with a derived name whose tasks, all idempotent, replay
 *   to where the breach stood and send nothing twice. Record `workflow-continued` once per ended execution.
 */

export type EndedStatus = 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What the use cases need of Step Functions (adapters/workflow.ts: SfnWorkflowControl). */
export interface WorkflowControl {
  /** The execution's status, or undefined when it does not exist. */
  status(executionArn: string): Promise<'RUNNING' | 'SUCCEEDED' | EndedStatus | 'PENDING_REDRIVE' | undefined>;
  /** Redrives an ended execution; false when Step Functions cannot redrive it (too old, or not supported). */
  redrive(executionArn: string): Promise<boolean>;
  /** Starts an execution with this name (an existing one with the same name counts as started). */
  start(name: string, input: unknown): Promise<{ executionArn: string }>;
}

interface EndedDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  mailer: Mailer;
  breachUrl: (breachId: string) => string;
  now: () => Date;
}

export interface WorkflowEnding {
  breachId: string;
  executionArn: string;
  status: EndedStatus;
  error?: string;
}

const ERROR_NAME = /^[A-Za-z][\w.:-]{0,99}$/;

export async function recordWorkflowEnded(deps: EndedDeps, ending: WorkflowEnding): Promise<{ recorded: boolean }> {
  const { state, policy, clocks } = await loadCase(deps, ending.breachId);
  if (state.status === 'closed') return { recorded: false };
  const key = `workflow-ended:${sha256Hex(ending.executionArn).slice(0, 24)}`;
  const now = deps.now();
  const { created } = await deps.breaches.appendOnce(ending.breachId, key, {
    type: 'workflow-ended',
    at: now.toISOString(),
    actor: { kind: 'system', component: 'workflow' },
    data: {
      executionArn: ending.executionArn,
      status: ending.status,
      ...(ending.error && ERROR_NAME.test(ending.error) ? { error: ending.error } : {}),
    },
  });
  const after = (await deps.breaches.state(ending.breachId)) ?? state;
  await sendMailOnce(
    deps,
    after,
    key,
    buildWorkflowEndedMail({
      breachId: ending.breachId,
      policy: { ...policy, clocks },
      status: ending.status,
      endedAt: now.toISOString(),
      executionArn: ending.executionArn,
      awareAt: state.awareAt,
      breachUrl: deps.breachUrl(ending.breachId),
    }),
    now,
  );
  return { recorded: created };
}

/** The name of the execution that replaces the breach's n-th (`BR-…` is the first, then `BR-…-run2`, …). */
export const successorName = (breachId: string, runs: number): string => `${breachId}-run${runs + 1}`;

export interface ContinueDeps {
  breaches: BreachRepository;
  workflow: WorkflowControl;
  now: () => Date;
}

export type ContinueOutcome =
  | { outcome: 'running'; executionArn: string }
  | { outcome: 'redriven' | 'restarted'; executionArn: string };

/**
 * Continues the breach's ended execution (the API for its organisation, the reconciler for any):
 * 1. the breach must be open and have an execution (intake or the reconciler starts one that has none);
 * 2. a running execution needs nothing: answered as it is;
 * 3. an ended one is redriven when Step Functions can, else replaced by a new execution named after the breach and
 *    its run count, with the same input: its idempotent tasks fast-forward to where the breach stood;
 * 4. `workflow-continued` is appended once per ended execution, so a repeated call starts nothing more.
 */
export async function continueWorkflow(
  deps: ContinueDeps,
  request: { breachId: string; organisationId?: string; actor: Actor },
): Promise<ContinueOutcome> {
  const state =
    request.organisationId === undefined
      ? await deps.breaches.state(request.breachId)
      : await ownBreach(deps.breaches, request.organisationId, request.breachId);
  if (!state) throw new ConflictError('The breach does not exist.');
  if (state.status === 'closed') throw new ConflictError('The breach is closed: its workflow has nothing left to do.');
  const current = state.executionArn;
  if (!current) throw new ConflictError('The breach has no workflow yet; the reconciler starts it within minutes.');
  const status = await deps.workflow.status(current);
  if (status === 'RUNNING' || status === 'PENDING_REDRIVE') return { outcome: 'running', executionArn: current };

  const events = await deps.breaches.events(request.breachId);
  const runs = 1 + events.filter((e) => isEvent(e, 'workflow-continued') && e.data.how === 'new-execution').length;
  const redriven = status !== undefined && status !== 'SUCCEEDED' && (await deps.workflow.redrive(current));
  const executionArn = redriven
    ? current
    : (
        await deps.workflow.start(successorName(request.breachId, runs), {
          breachId: request.breachId,
          organisationId: state.organisationId,
        })
      ).executionArn;
  await deps.breaches.appendOnce(request.breachId, `workflow-continued:${sha256Hex(current).slice(0, 24)}`, {
    type: 'workflow-continued',
    at: deps.now().toISOString(),
    actor: request.actor,
    data: { executionArn, how: redriven ? 'redrive' : 'new-execution', endedExecutionArn: current },
  });
  return { outcome: redriven ? 'redriven' : 'restarted', executionArn };
}
