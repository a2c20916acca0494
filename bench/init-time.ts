import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median } from './stats';

/**
 * Module init time: a fresh `node` per sample imports the bundle (which builds its SDK clients at module level, as
 * a Lambda cold start does) and prints how long the import took, node's own start excluded. The environment carries
 * what the handlers require at load; nothing is called.
 */

const ENV = {
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'breachdesk-bench',
  TABLE_ARN: 'arn:aws:dynamodb:eu-west-2:123456789012:table/breachdesk-bench',
  SUBJECTS_TABLE_NAME: 'breachdesk-bench-subjects',
  EXPORT_BUCKET: 'breachdesk-bench-exports',
  EXPORT_KEY_ARN: 'arn:aws:kms:eu-west-2:123456789012:key/00000000-0000-0000-0000-000000000000',
  EXPORT_PREFIX: 'exports/',
  STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:123456789012:stateMachine:BreachLifecycle',
  SENDER_ADDRESS: 'bench@example.org',
  SES_REGION: 'eu-west-2',
  PUBLIC_BASE_URL: 'https://bench.example.org/v1',
  CSRF_KEY: 'bench-csrf-key-bench-csrf-key-bench-csrf-key',
};

const PROBE =
  'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';

/** One sample: milliseconds to import the file in a fresh process. */
export const importMs = (file: string): number => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE, pathToFileURL(file).href], {
    env: { ...ENV, PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
  });
  const ms = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(ms))
    throw new Error(`import of ${file} failed: ${run.stderr.slice(0, 500)}`);
  return ms;
};

const failed = new Map<string, string>();
const tryImportMs = (file: string): number => {
  try {
    return importMs(file);
  } catch (error) {
    failed.set(file, error instanceof Error ? (/Error: (.+)/.exec(error.message)?.[1] ?? 'failed') : 'failed');
    return Number.NaN;
  }
};

/** Why a file could not be imported, if it could not. */
export const importFailure = (file: string): string | undefined => failed.get(file);

/** Median of `samples` fresh-process imports of each file, interleaved so that drift hits both alike. */
export const medianInitMs = (files: readonly string[], samples: number): number[] => {
  const times = files.map(() => [] as number[]);
  for (let i = 0; i < samples; i++) {
    files.forEach((file, j) => {
      // A bundle that cannot load here (it wants a variable of its own) is reported as n/a, not a crash of the run.
      times[j]?.push(failed.has(file) ? Number.NaN : tryImportMs(file));
    });
  }
  return times.map(median);
};
