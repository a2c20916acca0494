import { SFNClient } from '@aws-sdk/client-sfn';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoUnstartedBreachFinder } from '../adapters/unstarted-breaches';
import { SfnWorkflowControl, SfnWorkflowStarter } from '../adapters/workflow';
import { lambdaHandler } from '../config';
import { type ReconcileDeps, type ReconcileResult, reconcileWorkflows } from '../domain/reconcile-workflows';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { logger } from '../observability/logger';
import { traced } from '../observability/tracer';
import { workflowDeps } from '../workflow-deps';

/**
 * Runs on a schedule (EventBridge, every few minutes): starts the lifecycle of any open breach that has none.
 * Returns counts only; the ids go to the log for operations, never any breach content.
 */
export const makeHandler = (deps: ReconcileDeps) => async (): Promise<ReconcileResult> => {
  const result = await reconcileWorkflows(deps);
  if (result.started.length > 0 || result.failed.length > 0 || (result.continued ?? []).length > 0) {
    logger.info('reconciled', {
      started: result.started,
      continued: result.continued ?? [],
      failed: result.failed,
    });
  }
  return result;
};

export const wire = (config: FunctionConfig<'Reconcile'>) => {
  const sfn = traced(new SFNClient({}));
  return makeHandler({
    ...workflowDeps(config),
    logger,
    finder: new DynamoUnstartedBreachFinder({ client: documentClient(), tableName: config.TABLE_NAME }),
    workflow: new SfnWorkflowStarter(sfn, config.STATE_MACHINE_ARN),
    control: new SfnWorkflowControl(sfn, config.STATE_MACHINE_ARN),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.Reconcile, wire);
