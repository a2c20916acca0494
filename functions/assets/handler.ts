import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { makeHandler } from './make-handler';
import { loadAssets } from './stylesheet';

// Read and adapted once per container: a missing file fails the first invocation, not a page's look halfway.
export const wire = (_config: FunctionConfig<'Assets'>) => makeHandler(loadAssets());

export const handler = lambdaHandler(FUNCTION_CONFIG.Assets, wire);
