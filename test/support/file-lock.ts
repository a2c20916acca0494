import { mkdirSync, rmSync, statSync } from 'node:fs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` while holding a lock shared by every process on the machine (a directory: `mkdir` either creates it or
 * fails, atomically). Test files run in parallel processes, and several test runs share the machine: whatever one of
 * them builds once for all (an unpacked browser, a synthesized app) is built under the lock, and the others wait.
 * A lock older than `staleMs` was left by a killed process and is taken over.
 */
export const withFileLock = async <T>(lockPath: string, work: () => Promise<T> | T, staleMs = 300_000): Promise<T> => {
  for (;;) {
    try {
      mkdirSync(lockPath);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    try {
      if (Date.now() - statSync(lockPath).mtimeMs > staleMs) rmSync(lockPath, { recursive: true, force: true });
    } catch {
      // Released between the two calls: take it on the next turn.
    }
    await sleep(100);
  }
  try {
    return await work();
  } finally {
    rmSync(lockPath, { recursive: true, force: true });
  }
};
