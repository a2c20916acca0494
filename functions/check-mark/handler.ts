import { workflowDepsFromEnv } from '../workflow-deps';
import { makeHandler } from './make-handler';

export const handler = makeHandler(workflowDepsFromEnv());
