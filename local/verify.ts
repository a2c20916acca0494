import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoBreachLogReader } from '../functions/adapters/breach-log-reader';
import { createDocumentClient } from '../functions/adapters/dynamodb-client';
import { createS3Client, S3AttachmentStore } from '../functions/adapters/s3-attachment-store';
import type { AttachmentStore } from '../functions/domain/attachment-store';
import { verifyAll } from '../functions/domain/verify-all';
import type { VerificationProblem } from '../functions/domain/verify-breach';
import { LOCAL_TABLE_NAME, startLocalDynamo } from './dynamodb';
import { LOCAL_REGION } from './lambda-functions';
import { localAttachmentsBucket } from './runtime';
import { LOCAL_S3_ACCESS_KEY, startLocalS3 } from './s3';

/**
 * `npm run verify`: re-computes every breach's hash chain in the local data (or a running emulator's table) and
 * compares each projection with the fold of its log. One line per problem, then a summary; exit code 1 when anything
 * was found, 2 on a usage or connection error.
 */

const HELP = `Usage: npm run verify -- [options]

Checks every breach in the table: each event against its hash, each link of the chain, gaps and missing tails,
each breach's projection against the fold of its events, and every attached file against the SHA-256 its
attachment-added event holds (a file replaced in the bucket is named). Prints one line per problem and a summary.

Options:
  --data DIR            the data folder of npm start (default .breachdesk/data). Opened directly when local mode is
                        not running; when it is, its DynamoDB endpoint (from local.json) is used instead.
  --endpoint URL        a running DynamoDB endpoint instead of the data folder (needs --table)
  --table NAME          the table at --endpoint
  --s3-endpoint URL     the S3 endpoint holding the attachments (default: the local mode's emulator or data
                        folder; with --endpoint, attachments are checked only when this and --bucket are given)
  --bucket NAME         the attachments bucket at --s3-endpoint
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
  s3?: { endpoint: string; bucket: string };
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
      's3-endpoint': { type: 'string' },
      bucket: { type: 'string' },
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
  if ((values['s3-endpoint'] === undefined) !== (values.bucket === undefined)) {
    throw new UsageError('--s3-endpoint and --bucket go together');
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
    ...(values['s3-endpoint'] && values.bucket
      ? { s3: { endpoint: values['s3-endpoint'], bucket: values.bucket } }
      : {}),
    ...(values.organisation ? { organisationId: values.organisation } : {}),
    json: values.json,
  };
}

interface Target {
  reader: DynamoBreachLogReader;
  /** Where the attached files are; absent when verifying a remote table with no S3 named. */
  attachments?: AttachmentStore;
  describe: string;
  close(): Promise<void>;
}

const localCredentials = { accessKeyId: LOCAL_S3_ACCESS_KEY, secretAccessKey: LOCAL_S3_ACCESS_KEY };

/** The attachments at an S3 endpoint: the caller's own credentials for a real one, the emulator's otherwise. */
const attachmentsAt = (endpoint: string, bucket: string) => {
  const client = createS3Client({
    endpoint,
    region: process.env.AWS_REGION ?? LOCAL_REGION,
    ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: localCredentials }),
  });
  return { store: new S3AttachmentStore({ client, bucket }), close: () => client.destroy() };
};

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
const runningLocalMode = (
  dataDir: string,
): { endpoint: string; tableName: string; s3?: { endpoint: string; bucket: string } } | undefined => {
  for (const infoPath of [join(dataDir, 'local.json'), join(dataDir, '..', 'local.json')]) {
    try {
      const info = JSON.parse(readFileSync(infoPath, 'utf8')) as {
        pid?: number;
        tableName?: string;
        endpoints?: { dynamodb?: string; s3?: string };
        attachmentsBucket?: string;
      };
      if (typeof info.pid !== 'number' || !info.endpoints?.dynamodb || !info.tableName) continue;
      process.kill(info.pid, 0);
      const s3 =
        info.endpoints.s3 && info.attachmentsBucket
          ? { endpoint: info.endpoints.s3, bucket: info.attachmentsBucket }
          : undefined;
      return { endpoint: info.endpoints.dynamodb, tableName: info.tableName, ...(s3 ? { s3 } : {}) };
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

/** The target's reads, and the attachments at `s3` when there is one. */
const withAttachments = (target: Target, s3: { endpoint: string; bucket: string } | undefined): Target => {
  if (!s3) return target;
  const attachments = attachmentsAt(s3.endpoint, s3.bucket);
  return {
    ...target,
    attachments: attachments.store,
    close: async () => {
      attachments.close();
      await target.close();
    },
  };
};

async function openTarget(options: CliOptions): Promise<Target> {
  if (options.endpoint && options.table) {
    return withAttachments(
      remoteTarget(options.endpoint, options.table, `table ${options.table} at ${options.endpoint}`),
      options.s3,
    );
  }
  const store = join(options.dataDir, 'dynamodb');
  if (!existsSync(store)) {
    throw new UsageError(`no local data at ${store}: run npm start first, or give --endpoint and --table`);
  }
  // LevelDB allows one process per folder: while npm start holds it, ask its emulator instead.
  const running = runningLocalMode(options.dataDir);
  if (running && (await answers(running.endpoint))) {
    return withAttachments(
      remoteTarget(running.endpoint, running.tableName, `the running local mode (${running.endpoint})`),
      options.s3 ?? running.s3,
    );
  }
  const table = await startLocalDynamo({ path: store, tableName: LOCAL_TABLE_NAME });
  // The attachments of the same data folder, served by an emulator of its own for as long as the check takes.
  const bucket = localAttachmentsBucket(table.tableName);
  const s3 = options.s3 ? undefined : await startLocalS3({ directory: join(options.dataDir, 's3'), buckets: [bucket] });
  const target = withAttachments(
    {
      reader: new DynamoBreachLogReader({ client: table.client, tableName: table.tableName }),
      describe: `the local data in ${options.dataDir}`,
      close: async () => {
        await s3?.close();
        await table.close();
      },
    },
    options.s3 ?? (s3 ? { endpoint: s3.endpoint, bucket } : undefined),
  );
  return target;
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
      { log: target.reader, ...(target.attachments ? { attachments: target.attachments } : {}) },
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
