import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { openApiDocument } from './document';
import { makeHandler } from './make-handler';

// Generated once per container: the schemas do not change while it runs. It reads no configuration.
export const wire = (_config: FunctionConfig<'OpenApi'>) => makeHandler(openApiDocument());

export const handler = lambdaHandler(FUNCTION_CONFIG.OpenApi, wire);
