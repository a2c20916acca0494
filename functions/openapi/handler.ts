import { openApiDocument } from './document';
import { makeHandler } from './make-handler';

// Generated once per container: the schemas do not change while it runs.
export const handler = makeHandler(openApiDocument());
