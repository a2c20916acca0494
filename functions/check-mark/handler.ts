import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { workflowDeps } from '../workflow-deps';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'CheckMark'>) => makeHandler(workflowDeps(config));

export const handler = lambdaHandler(FUNCTIONS.CheckMark.config, wire);
