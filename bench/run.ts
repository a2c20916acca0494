import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { bundleFunctions, heaviestInputs } from './bundle-size';
import { clockPrecision } from './clock-precision';
import { costModel } from './cost-model';
import { importFailure, medianInitMs } from './init-time';
import { intakeLatency } from './intake-latency';
import { ratio, verdict } from './stats';

/**
 * `npm run bench`: every figure of issue 7 beside its floor, measured in the same run, and the ratio. Benchmarks
 * print figures; they never pass or fail a build (timing on shared machines is noisy).
 *
 *   npm run bench                      everything
 *   npm run bench -- --only bundles,init,latency,cost,clock
 *   npm run bench -- --samples 21 --duration 10
 */

const SECTIONS = ['bundles', 'init', 'latency', 'cost', 'clock'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    samples: { type: 'string', default: '15' },
    duration: { type: 'string', default: '5' },
  },
});
const only = new Set((values.only?.split(',') ?? SECTIONS) as Section[]);

/**
 * Each section that starts the local runtime runs in a process of its own: the runtime imports the handlers, whose
 * SDK clients are built at module load against that runtime's endpoints, and a module is loaded once per process.
 */
const WORLDS: readonly Section[] = ['latency', 'cost', 'clock'];
const worlds = WORLDS.filter((section) => only.has(section));
if (worlds.length > 1) {
  const rest = [...only].filter((section) => !WORLDS.includes(section));
  const passOn = ['--samples', String(values.samples), '--duration', String(values.duration)];
  for (const part of [...(rest.length > 0 ? [rest.join(',')] : []), ...worlds]) {
    const run = spawnSync(process.execPath, [...process.execArgv, process.argv[1] ?? '', '--only', part, ...passOn], {
      stdio: 'inherit',
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  process.exit(0);
}
const samples = Number(values.samples);
const durationSeconds = Number(values.duration);
const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => value.toFixed(1);

const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
console.log(`Machine: ${cpu}, ${availableParallelism()} CPUs (nproc), node ${process.version}`);

if (only.has('bundles') || only.has('init')) {
  const bundles = await bundleFunctions();
  if (only.has('bundles')) {
    console.log('\n1a. Bundle size (esbuild, minified ESM, node24, as CDK bundles them; target ≤ 1.25×)');
    console.log(
      '    Ratio with the SDK bundled into both: deployed, the SDK is external and the bare floor is a few hundred\n' +
        '    bytes, so the ratio would be our code against nothing; bundled, it is what our code, middy and zod add.',
    );
    console.table(
      bundles.map((b) => ({
        function: b.name,
        'deployed KiB': kib(b.deployedBytes),
        'with SDK KiB': kib(b.withSdkBytes),
        'bare floor KiB': kib(b.floorWithSdkBytes),
        ratio: ratio(b.withSdkBytes, b.floorWithSdkBytes),
        target: verdict(b.withSdkBytes, b.floorWithSdkBytes, 1.25),
        'SDK clients': b.sdkPackages.map((p) => p.replace('@aws-sdk/', '')).join(' '),
      })),
    );
    const heaviest = bundles.reduce((a, b) => (b.deployedBytes > a.deployedBytes ? b : a));
    console.log(`    What the largest deployed bundle (${heaviest.name}) is made of:`);
    console.table((await heaviestInputs(heaviest.name)).map((i) => ({ input: i.input, KiB: kib(i.bytes) })));
  }
  if (only.has('init')) {
    console.log(
      `\n1b. Module init time (fresh node per sample, median of ${samples}; as deployed: SDK external, resolved ` +
        'from node_modules as the Lambda runtime resolves its own; target ≤ 1.3×)',
    );
    const times = medianInitMs(
      bundles.flatMap((b) => [b.deployedFile, b.floorFile]),
      samples,
    );
    console.table(
      bundles.map((b, i) => {
        const init = times[2 * i] ?? Number.NaN;
        const floor = times[2 * i + 1] ?? Number.NaN;
        return {
          function: b.name,
          'init ms': ms(init),
          'bare floor ms': ms(floor),
          ratio: ratio(init, floor),
          target: Number.isNaN(init) ? `n/a: ${importFailure(b.deployedFile) ?? ''}` : verdict(init, floor, 1.3),
        };
      }),
    );
  }
}

if (only.has('latency')) {
  console.log(
    `\n1c. Warm latency of POST /breaches through the local API adapter (autocannon, ${durationSeconds} s per level; ` +
      'target p99 ≤ 1.5× the floor)',
  );
  const { roundTrips, rows } = await intakeLatency({ durationSeconds, connections: [1, 10, 50] });
  console.log(
    `    Floor: the ${roundTrips.length} DynamoDB round-trips one request makes (${roundTrips.join(' → ')}), ` +
      'replayed raw on the same dynalite by as many workers. Not in the floor: HTTP, the handler, StartExecution.',
  );
  console.table(
    rows.map((r) => ({
      connections: r.connections,
      requests: r.requests,
      'non-2xx': r.non2xx,
      'p50 ms': ms(r.p50),
      'floor p50 ms': ms(r.floorP50),
      'p50 ratio': ratio(r.p50, r.floorP50),
      'p99 ms': ms(r.p99),
      'floor p99 ms': ms(r.floorP99),
      'p99 ratio': ratio(r.p99, r.floorP99),
      target: verdict(r.p99, r.floorP99, 1.5),
    })),
  );
}

if (only.has('cost')) await costModel();
if (only.has('clock')) await clockPrecision();
