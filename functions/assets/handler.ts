import { makeHandler } from './make-handler';
import { loadAssets } from './stylesheet';

// Read and adapted once per container: a missing file fails the first invocation, not a page's look halfway.
export const handler = makeHandler(loadAssets());
