import 'aws-sdk-client-mock-vitest/extend';
import { afterAll } from 'vitest';

/**
 * Runs before every test file, in every project. The unit, stack and system projects share one module cache and one
 * process per worker across files (vitest.config.ts), so whatever a file sets in the process environment — the local
 * runtime's endpoint and credential variables, a test's own — is undone when the file ends: the next file in the
 * worker starts from the environment this one started from.
 */
const environmentAtStart = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) {
    if (!(name in environmentAtStart)) delete process.env[name];
  }
  Object.assign(process.env, environmentAtStart);
});
