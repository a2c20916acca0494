import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { makeHandler } from './make-handler';

export const wire = (_config: FunctionConfig<'DecisionLink'>) => makeHandler();

export const handler = lambdaHandler(FUNCTIONS.DecisionLink.config, wire);
