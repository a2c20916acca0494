import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoBreachLogReader } from '../functions/adapters/breach-log-reader';
import { createDocumentClient } from '../functions/adapters/dynamodb-client';
import { verifyAll } from '../functions/domain/verify-all';
import type { VerificationProblem } from '../functions/domain/verify-breach';
import { LOCAL_TABLE_NAME, startLocalDynamo } from './dynamodb';
import { LOCAL_REGION } from './lambda-functions';

/**
 * `npm run verify`: re-computes every breach's hash chain in the local data (or a running emulator's table) and
 * compares each projection with the fold of its log. One line per problem, then a summary; exit code 1 when anything
 * was found, 2 on a usage or connection error.
 */

const HELP = `Usage: npm run verify -- [options]

Checks every breach in the table: each event against its hash, each link of the chain, gaps and missing tails, and
each breach's projection against the fold of its events. Prints one line per problem and a summary.

Options:
  --data DIR            the data folder of npm start (default .breachdesk/data). Opened directly when local mode is
                        not running; when it is, its DynamoDB endpoint (from local.json) is used instead.
  --endpoint URL        a running DynamoDB endpoint instead of the data folder (needs --table)
  --table NAME          the table at --endpoint
  --organisation ID     only this organisation's breaches
  --json                print the report as JSON instead of lines
  --help                this text.

Exit code: 0 all intact, 1 problems found, 2 could not verify.
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface CliOptions {
  dataDir: string;
  endpoint?: string;
  table?: string;
  organisationId?: string;
  json: boolean;
}

function parseCli(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      endpoint: { type: 'string' },
      table: { type: 'string' },
      organisation: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  if ((values.endpoint === undefined) !== (values.table === undefined)) {
    throw new UsageError('--endpoint and --table go together');
  }
  if (values.endpoint !== undefined && values.data !== undefined) {
    throw new UsageError('give either --data or --endpoint, not both');
  }
  if (values.endpoint !== undefined && !URL.canParse(values.endpoint)) {
    throw new UsageError(`--endpoint: not a URL: ${values.endpoint}`);
  }
  return {
    dataDir: values.data ?? join('.breachdesk', 'data'),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(values.table ? { table: values.table } : {}),
    ...(values.organisation ? { organisationId: values.organisation } : {}),
    json: values.json,
  };
}

interface Target {
  reader: DynamoBreachLogReader;
  describe: string;
  close(): Promise<void>;
}

const remoteTarget = (endpoint: string, tableName: string, describe: string): Target => {
  const client = createDocumentClient({
    endpoint,
    region: process.env.AWS_REGION ?? LOCAL_REGION,
    // An emulator takes any credentials; a real endpoint gets the caller's own from the environment.
    ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
  return {
    reader: new DynamoBreachLogReader({ client, tableName }),
    describe,
    close: async () => client.destroy(),
  };
};

/** The running local mode of this data folder, when local.json names one whose process is still alive. */
const runningLocalMode = (dataDir: string): { endpoint: string; tableName: string } | undefined => {
  for (const infoPath of [join(dataDir, 'local.json'), join(dataDir, '..', 'local.json')]) {
    try {
      const info = JSON.parse(readFileSync(infoPath, 'utf8')) as {
        pid?: number;
        tableName?: string;
        endpoints?: { dynamodb?: string };
      };
      if (typeof info.pid !== 'number' || !info.endpoints?.dynamodb || !info.tableName) continue;
      process.kill(info.pid, 0);
      return { endpoint: info.endpoints.dynamodb, tableName: info.tableName };
    } catch {
      // Absent, unreadable, or its process is gone: the folder is free to open.
    }
  }
  return undefined;
};

/** Whether anything answers HTTP at the endpoint: local.json may outlive its server (a kill -9, a reused pid). */
const answers = async (endpoint: string): Promise<boolean> => {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
};

async function openTarget(options: CliOptions): Promise<Target> {
  if (options.endpoint && options.table) {
    return remoteTarget(options.endpoint, options.table, `table ${options.table} at ${options.endpoint}`);
  }
  const store = join(options.dataDir, 'dynamodb');
  if (!existsSync(store)) {
    throw new UsageError(`no local data at ${store}: run npm start first, or give --endpoint and --table`);
  }
  // LevelDB allows one process per folder: while npm start holds it, ask its emulator instead.
  const running = runningLocalMode(options.dataDir);
  if (running && (await answers(running.endpoint))) {
    return remoteTarget(running.endpoint, running.tableName, `the running local mode (${running.endpoint})`);
  }
  const table = await startLocalDynamo({ path: store, tableName: LOCAL_TABLE_NAME });
  return {
    reader: new DynamoBreachLogReader({ client: table.client, tableName: table.tableName }),
    describe: `the local data in ${options.dataDir}`,
    close: () => table.close(),
  };
}

const line = (p: VerificationProblem): string =>
  `${p.breachId}${p.seq === undefined ? '' : ` seq ${p.seq}`}: ${p.problem}: ${p.detail}`;

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
  const target = await openTarget(options);
  try {
    const report = await verifyAll(
      { log: target.reader },
      options.organisationId ? { organisationId: options.organisationId } : {},
    );
    if (options.json) {
      console.log(JSON.stringify(report, null, 2));
    } else {
      for (const problem of report.problems) console.log(line(problem));
      const breaches = new Set(report.problems.map((p) => p.breachId)).size;
      const scope = options.organisationId ? ` of organisation ${options.organisationId}` : '';
      console.log(
        report.problems.length === 0
          ? `Verified ${report.checked} breach${report.checked === 1 ? '' : 'es'}${scope} in ${target.describe}: every log and projection is intact.`
          : `Verified ${report.checked} breach${report.checked === 1 ? '' : 'es'}${scope} in ${target.describe}: ` +
              `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${breaches} breach${breaches === 1 ? '' : 'es'}.`,
      );
    }
    process.exitCode = report.problems.length === 0 ? 0 : 1;
  } finally {
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Could not verify: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  process.exitCode = 2;
});
