import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { workflowDeps } from '../workflow-deps';
import { makeHandler } from './make-handler';

/** EventBridge (the state machine's FAILED / TIMED_OUT / ABORTED executions) → `workflow-ended` and the DPO's mail. */
export const wire = (config: FunctionConfig<'WorkflowEnded'>) => makeHandler(workflowDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.WorkflowEnded, wire);
