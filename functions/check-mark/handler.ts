import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { workflowDeps } from '../workflow-deps';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'CheckMark'>) => makeHandler(workflowDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.CheckMark, wire);
