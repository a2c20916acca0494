import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleFunctions, heaviestInputs } from './bundle-size';
import { clockPrecision } from './clock-precision';
import { dashboardBench } from './console-dashboard';
import { costModel } from './cost-model';
import { importFailure, medianInitMs } from './init-time';
import { intakeLatency } from './intake-latency';
import { ratio, verdict } from './stats';

/**
 * `npm run bench`: every figure beside its floor, measured in the same run, and the ratio. Benchmarks print figures;
 * they never pass or fail a build (timing on shared machines is noisy). The single entry point: npm appends the
 * arguments to the script's last command, and this is it.
 *
 *   npm run bench                      everything (the figures of the README's table)
 *   npm run bench -- --quick           every figure with fewer samples, shorter runs and smaller fan-outs (≤ 5 min)
 *   npm run bench -- --only bundles,init,latency,cost,clock,notices,dashboard
 *   npm run bench -- --samples 21 --duration 10 --sizes 1000,10000 --rate 200 --budget 60
 *   npm run bench -- --only bundles,init --functions intake,console   bundles and init of some functions only
 *
 * Interrupted (Ctrl-C, SIGTERM), it stops the part running, which stops its emulators, and exits.
 */

const SECTIONS = ['bundles', 'init', 'latency', 'cost', 'clock', 'notices', 'dashboard'] as const;
type Section = (typeof SECTIONS)[number];

/** What `--quick` changes: every figure is still measured, on less. */
const QUICK = { samples: '5', duration: '2', sizes: '1000,5000' };
const FULL = { samples: '15', duration: '5', sizes: '1000,10000,100000' };

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    functions: { type: 'string' },
    quick: { type: 'boolean', default: false },
    samples: { type: 'string' },
    duration: { type: 'string' },
    sizes: { type: 'string' },
    rate: { type: 'string', default: '200' },
    budget: { type: 'string', default: '60' },
  },
});
const defaults = values.quick ? QUICK : FULL;
const settings = {
  samples: values.samples ?? defaults.samples,
  duration: values.duration ?? defaults.duration,
  sizes: values.sizes ?? defaults.sizes,
  rate: values.rate ?? '200',
  budget: values.budget ?? '60',
};
const requested = values.only?.split(',').map((s) => s.trim()) ?? [...SECTIONS];
const unknown = requested.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length > 0) {
  console.error(`Unknown section(s) ${unknown.join(', ')}: choose from ${SECTIONS.join(', ')}.`);
  process.exit(2);
}
const only = new Set(requested as Section[]);

/**
 * Parts that run in a process of their own. The local runtime's sections: the runtime imports the handlers, whose
 * SDK clients are built at module load against that runtime's endpoints, and a module is loaded once per process.
 * The notices: its emulators run in a further process, and its memory figures need `--expose-gc` and a process of
 * their own.
 */
const WORLDS: readonly Section[] = ['latency', 'cost', 'clock'];
const here = fileURLToPath(import.meta.url);
const partCommand = (part: string): string[] =>
  part === 'notices'
    ? [
        '--expose-gc',
        '--import',
        'tsx',
        fileURLToPath(new URL('./subject-notices.ts', import.meta.url)),
        '--sizes',
        settings.sizes,
        '--rate',
        settings.rate,
        '--budget',
        settings.budget,
      ]
    : [
        ...process.execArgv,
        here,
        '--only',
        part,
        '--samples',
        settings.samples,
        '--duration',
        settings.duration,
        ...(values.functions ? ['--functions', values.functions] : []),
      ];
const parts = [
  ...(() => {
    const rest = [...only].filter((section) => !WORLDS.includes(section) && section !== 'notices');
    return rest.length > 0 ? [rest.join(',')] : [];
  })(),
  ...WORLDS.filter((section) => only.has(section)),
  ...(only.has('notices') ? ['notices'] : []),
];

if (parts.length > 1 || only.has('notices')) {
  let running: ChildProcess | undefined;
  let stoppedBy: NodeJS.Signals | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stoppedBy = signal;
      running?.kill(signal);
    });
  }
  // A part that fails is named and the run goes on: one broken figure does not hide the others. The exit code says so.
  const failed: string[] = [];
  for (const part of parts) {
    if (stoppedBy) break;
    // An IPC channel lets each part see this process die, whatever kills it, and stop with it.
    const child = spawn(process.execPath, partCommand(part), { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    running = child;
    const code = await new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
    running = undefined;
    if (stoppedBy) break;
    if (code !== 0) {
      failed.push(part);
      console.error(`\n${part}: failed (exit ${code ?? 'by signal'}); its figures above are missing or partial.`);
    }
  }
  if (failed.length > 0) console.error(`\nFailed: ${failed.join(', ')}.`);
  process.exit(stoppedBy ? 128 + (stoppedBy === 'SIGINT' ? 2 : 15) : failed.length > 0 ? 1 : 0);
}
// A part started by the entry above stops when its parent goes, however it went; the channel alone keeps no part alive.
if (process.channel) {
  process.on('disconnect', () => process.exit(1));
  process.channel.unref();
}

const samples = Number(settings.samples);
const durationSeconds = Number(settings.duration);
const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => value.toFixed(1);

const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown CPU';
console.log(`Machine: ${cpu}, ${availableParallelism()} CPUs (nproc), node ${process.version}`);

if (only.has('bundles') || only.has('init')) {
  const bundles = await bundleFunctions(values.functions?.split(',').map((s) => s.trim()));
  if (only.has('bundles')) {
    console.log('\n1a. Bundle size (esbuild, minified ESM, node24, as CDK bundles them; target ≤ 1.25×)');
    console.log(
      '    Ratio with the SDK bundled into both: deployed, the SDK is external and the bare floor is a few hundred\n' +
        '    bytes, so the ratio would be our code against nothing; bundled, it is what our code, middy and zod add to\n' +
        "    the SDK clients and the Powertools Logger, Metrics and Tracer every function carries. A document function's\n" +
        '    floor also renders one line of its PDF (pdf-lib; the letters, register and board report with fontkit and\n' +
        '    the embedded DejaVu Sans): what printing at all costs (bench/bundle-size.ts, DOCUMENT_FUNCTIONS).',
    );
    console.table(
      bundles.map((b) => ({
        function: b.name,
        'deployed KiB': kib(b.deployedBytes),
        'with SDK KiB': kib(b.withSdkBytes),
        'bare floor KiB': kib(b.floorWithSdkBytes),
        'of it Powertools KiB': kib(b.observabilityBytes),
        ratio: ratio(b.withSdkBytes, b.floorWithSdkBytes),
        target: verdict(b.withSdkBytes, b.floorWithSdkBytes, 1.25),
        'SDK clients': b.sdkPackages.map((p) => p.replace('@aws-sdk/', '')).join(' '),
        'floor prints': b.printing === '@pdf-lib/fontkit' ? 'a line in DejaVu' : b.printing ? 'a line' : '',
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
    // Each distinct floor is timed once a round, among the functions: most functions share one of a handful.
    const files = [...new Set(bundles.flatMap((b) => [b.deployedFile, b.floorFile]))];
    const times = new Map(medianInitMs(files, samples).map((t, i) => [files[i], t]));
    console.table(
      bundles.map((b) => {
        const init = times.get(b.deployedFile) ?? Number.NaN;
        const floor = times.get(b.floorFile) ?? Number.NaN;
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

if (only.has('dashboard')) {
  const breaches = 1000;
  console.log(
    `\n1d. Console dashboard, ${breaches} open breaches, served against the DynamoDB calls it makes replayed raw ` +
      `(dynalite in memory, median of ${samples}; target ≤ 2×)`,
  );
  const d = await dashboardBench({ breaches, samples });
  console.table([
    {
      breaches: d.breaches,
      'DynamoDB calls': d.calls,
      'served ms': ms(d.servedMs),
      'reads ms': ms(d.floorMs),
      ratio: ratio(d.servedMs, d.floorMs),
      target: verdict(d.servedMs, d.floorMs, 2),
      'page KiB': kib(d.bytes),
    },
  ]);
}

if (only.has('cost')) await costModel();
if (only.has('clock')) await clockPrecision();
