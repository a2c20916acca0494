import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Node keeps the compiled code of the packages the tests load natively (the AWS SDK, aws-cdk-lib, pdf-lib…) across
// runs and workers: each worker inherits this variable. About a third less import time on a second run.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'breachdesk-node-compile-cache');

/**
 * Three projects. Unit tests and the stack's tests (synthesized templates, exported tables, published outcomes) are
 * pure: no emulators, no module mocks, no process-wide state left behind. They share one module cache per worker, so
 * the domain, zod, pdf-lib and aws-cdk-lib load once rather than once per file (about a quarter of their time and CPU
 * before). Everything else starts emulators, mocks SDK clients or stubs the environment, and keeps a fresh module
 * graph per file.
 */
const SHARED_CACHE = {
  unit: ['test/unit/**/*.test.ts'],
  stack: [
    'test/infra/**/*.test.ts',
    'test/audit/**/*.test.ts',
    'test/published-outcomes/**/*.test.ts',
    'test/security/cdk-nag-packs.test.ts',
  ],
};

export default defineConfig({
  test: {
    environment: 'node',
    // Integration tests start dynalite and synth CDK stacks: give them room on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most system tests wait on emulators, child processes and timers rather than compute: three workers keep two
    // CPUs busy (the default, one worker per CPU less one, leaves one of two idle).
    maxWorkers: 3,
    setupFiles: ['test/setup.ts'],
    projects: [
      ...Object.entries(SHARED_CACHE).map(([name, include]) => ({
        extends: true as const,
        test: { name, include, isolate: false },
      })),
      {
        extends: true,
        test: { name: 'system', include: ['test/**/*.test.ts'], exclude: Object.values(SHARED_CACHE).flat() },
      },
    ],
  },
});
