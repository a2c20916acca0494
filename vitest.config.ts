import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Node keeps the compiled code of the packages the tests load natively (the AWS SDK, aws-cdk-lib, pdf-lib…) across
// runs and workers: each worker inherits this variable. About a third less import time on a second run.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'breachdesk-node-compile-cache');

/**
 * Three projects, each sharing one module cache and one process per worker across its files (isolate: false): the
 * domain, zod, pdf-lib, aws-cdk-lib, the AWS SDK, the emulators and the handler modules load once per worker rather
 * than once per file. Isolating each system test file cost about 130 s of CPU in imports alone, a fifth of the suite.
 * What a file changes in the process is undone when it ends, so sharing is safe:
 * - test/setup.ts restores the process environment each file started with (the local runtime sets the SDK's endpoint
 *   and credential variables);
 * - the process-wide SDK clients follow the endpoint in the environment (functions/adapters/client-per-endpoint.ts),
 *   and the SES emulator's module-wide inbox is emptied when its server closes (local/ses.ts);
 * - a file that mocks an SDK client class restores it in afterAll (`mockClient(X)` patches X.prototype.send for every
 *   instance in the process), and vi.spyOn spies are restored where they are made.
 * The projects name the kinds of test in the output: unit, stack (synthesized templates, exported tables, published
 * outcomes) and system (emulators, the local runtime, browsers).
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
        test: {
          name: 'system',
          include: ['test/**/*.test.ts'],
          exclude: Object.values(SHARED_CACHE).flat(),
          isolate: false,
        },
      },
    ],
  },
});
