import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';

export const wire = (_config: FunctionConfig<'DecisionLink'>) => makeHandler();

export const handler = lambdaHandler(FUNCTION_CONFIG.DecisionLink, wire);
