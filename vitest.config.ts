import { defineConfig } from 'vitest/config';

/**
 * Two projects. Unit tests are pure (no emulators, no module mocks, no process-wide state they leave behind), so they
 * share one module cache: importing the domain, zod and pdf-lib once instead of once per file cuts their run by about
 * three quarters. Everything else starts emulators, mocks SDK clients or stubs the environment, and keeps a fresh
 * module graph per file.
 */
const UNIT = 'test/unit/**/*.test.ts';

export default defineConfig({
  test: {
    environment: 'node',
    // Integration tests start dynalite and synth CDK stacks: give them room on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: [UNIT], isolate: false } },
      { extends: true, test: { name: 'system', include: ['test/**/*.test.ts'], exclude: [UNIT] } },
    ],
  },
});
