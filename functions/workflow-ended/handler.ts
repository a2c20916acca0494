import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { workflowDeps } from '../workflow-deps';
import { makeHandler } from './make-handler';

/** EventBridge (the state machine's FAILED / TIMED_OUT / ABORTED executions) → `workflow-ended` and the DPO's mail. */
export const wire = (config: FunctionConfig<'WorkflowEnded'>) => makeHandler(workflowDeps(config));

export const handler = lambdaHandler(FUNCTIONS.WorkflowEnded.config, wire);
