import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { type LocalMode, startLocalMode } from './local-mode';

/**
 * `npm start`: the whole of Breachdesk on this machine, with no AWS account (local/local-mode.ts). Prints the URLs
 * and the demo API keys, writes them to local.json, and stops cleanly on Ctrl-C. A kill -9 loses nothing: the next
 * start resumes every open breach.
 */

const HELP = `Usage: npm start -- [options]

Runs Breachdesk on this machine: the API, the hosted report form, the state machine with the real handlers, DynamoDB
(dynalite), SES (aws-ses-v2-local, with a web inbox) and S3 for evidence files (s3rver). Only 127.0.0.1 is listened on.

Options:
  --port N          the API's port (default 3000; 0 takes a free one). The inbox takes N+1 when free.
  --data DIR        the data folder (default .breachdesk/data). local.json is written next to it by default,
                    into it when --data is given.
  --time-scale N    clocks run N times faster (3600: an hour a second) so you can watch the alerts arrive.
                    The warnings and missed deadlines it brings forward are recorded like real ones: use it
                    on demo data (with --reset), not on a record you keep.
  --reset           delete the data folder first: a fresh table, new demo API keys.
  --help            this text.
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface CliOptions {
  port: number;
  dataDir: string;
  infoPath: string;
  timeScale: number;
  reset: boolean;
}

const DEFAULT_DATA = join('.breachdesk', 'data');
const DEFAULT_INFO = join('.breachdesk', 'local.json');

function parseCli(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      data: { type: 'string' },
      'time-scale': { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_534) throw new UsageError(`--port: not a port: ${values.port}`);
  const timeScale = values['time-scale'] === undefined ? 1 : Number(values['time-scale']);
  if (!Number.isFinite(timeScale) || timeScale < 1) {
    throw new UsageError(`--time-scale: a number of 1 or more, not ${values['time-scale']}`);
  }
  return {
    port,
    dataDir: values.data ?? DEFAULT_DATA,
    // With its own data folder, a second instance keeps its own keys and URLs rather than overwriting the default's.
    infoPath: values.data === undefined ? DEFAULT_INFO : join(values.data, 'local.json'),
    timeScale,
    reset: values.reset,
  };
}

/**
 * The interpreter's Wait on a timestamp already past sets a negative timeout, which Node runs at once but warns
 * about, once per mark: every replayed breach would print a screenful. Nothing else is silenced.
 */
function silenceNegativeTimeoutWarnings(): void {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const first = rest[0];
    const type = typeof first === 'string' ? first : isObjectWithType(first) ? first.type : undefined;
    if ((warning instanceof Error ? warning.name : type) === 'TimeoutNegativeWarning') return;
    (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

const isObjectWithType = (value: unknown): value is { type?: string } => typeof value === 'object' && value !== null;

function banner(mode: LocalMode, options: CliOptions, seconds: number): string {
  const { info, resumed } = mode;
  const shown = (path: string) => {
    const near = relative(process.cwd(), path);
    return near.startsWith('..') ? path : near || '.';
  };
  const width = Math.max(...info.organisations.map((o) => o.id.length));
  const lines = [
    '',
    `Breachdesk is running locally (ready in ${seconds.toFixed(1)} s).`,
    '',
    `  API            ${info.apiUrl}`,
    `  Report form    ${info.formUrl}${info.formServed ? '' : '   (not built yet: the API takes reports meanwhile)'}`,
    `  Console        ${info.consoleUrl}   (sign in as any demo organisation's person, one per role)`,
    `  Inbox          ${info.inboxUrl}   (every mail Breachdesk sends, with its decision links)`,
    `  Data           ${shown(info.dataDir)}   (evidence files under s3/)`,
    `  local.json     ${shown(options.infoPath)}`,
    ...(info.timeScale === 1 ? [] : [`  Clocks         ${info.timeScale}x faster than real time`]),
    '',
    'Demo organisations, one per policy preset, and their API keys:',
    ...info.organisations.map((o) => `  ${o.id.padEnd(width)}  ${o.apiKey}`),
    '',
    'The table stores only the SHA-256 of each key; local.json keeps these plaintext keys for this demo only.',
    '',
    `Report a breach through the API: POST ${info.apiUrl}/breaches with 'Authorization: Bearer <key>',`,
    "an 'Idempotency-Key' header (a UUID will do) and the report as JSON.",
    '',
    `Resumed ${resumed.resumed.length} open breach${resumed.resumed.length === 1 ? '' : 'es'}` +
      (resumed.failed.length > 0 ? `; ${resumed.failed.length} could not be resumed.` : '.'),
    'Ctrl-C stops.',
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(HELP);
    return;
  }
  silenceNegativeTimeoutWarnings();

  const mode = await startLocalMode({
    ...options,
    // Method, resource and status only: paths carry breach ids and decision-link secrets.
    onRequest: (entry) =>
      console.log(
        `${entry.httpMethod} ${entry.resourcePath ?? '(no route)'} ${entry.status} ${entry.latencyMs} ms` +
          `${entry.errorType ? ` ${entry.errorType}` : ''}`,
      ),
    // The error's name only: a message can quote a report.
    onError: (functionName, error) =>
      console.error(`${functionName} failed: ${error instanceof Error ? error.name : 'unknown error'}`),
  });
  for (const { breachId, error } of mode.resumed.failed) console.error(`Breach ${breachId} not resumed: ${error}`);
  // performance.now() counts from the process start: the time includes loading the handlers.
  console.log(banner(mode, options, performance.now() / 1000));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl-C: the user does not want to wait. Nothing is lost; the next start resumes the open breaches.
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping (open breaches resume at the next start)...`);
    mode.close().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Could not stop cleanly: ${error instanceof Error ? error.name : 'unknown error'}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Breachdesk local mode could not start: ${(error as Error).message}. Choose another with --port N.`);
  } else {
    console.error('Breachdesk local mode could not start:', error);
  }
  process.exit(1);
});
