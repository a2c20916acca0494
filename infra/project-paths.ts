import { fileURLToPath } from 'node:url';

/**
 * An absolute path inside the repository. Resolved from this file rather than the working directory so that
 * `cdk synth`, vitest and an editor all find the same handler and state machine files wherever they start.
 */
export const projectPath = (relativePath: string): string =>
  fileURLToPath(new URL(`../${relativePath}`, import.meta.url));
