import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoUnstartedBreachFinder } from '../../../functions/adapters/unstarted-breaches';
import { SfnWorkflowStarter } from '../../../functions/adapters/workflow';
import { loadConfig } from '../../../functions/config';
import type { Mailer, WorkflowStarter } from '../../../functions/domain/ports';
import { type ReconcileResult, reconcileWorkflows } from '../../../functions/domain/reconcile-workflows';
import { WORKFLOW_CONFIG, workflowDeps } from '../../../functions/workflow-deps';
import type { LifecycleWorld } from '../../e2e/support/lifecycle-world';

/**
 * Runs the reconciler against the world as its scheduled handler does (the real finder, the real SFN client on the
 * local endpoint, the real mailer), optionally with another workflow starter or mailer.
 */
export async function reconcile(
  world: LifecycleWorld,
  options: { graceMs?: number; workflow?: WorkflowStarter; mailer?: Mailer } = {},
): Promise<ReconcileResult> {
  const sfn = new SFNClient({});
  try {
    // The reconciler's own environment, as local mode gives it (functions/manifest.ts: Reconcile).
    const deps = workflowDeps(loadConfig(WORKFLOW_CONFIG, world.runtime.environments.Reconcile));
    return await reconcileWorkflows({
      ...deps,
      ...(options.mailer ? { mailer: options.mailer } : {}),
      finder: new DynamoUnstartedBreachFinder({ client: world.table.client, tableName: world.table.tableName }),
      workflow: options.workflow ?? new SfnWorkflowStarter(sfn, world.runtime.stateMachineArn),
      ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
      logger: { error: () => {} },
    });
  } finally {
    sfn.destroy();
  }
}
