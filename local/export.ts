import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { writeTableExport } from '../audit/export-layout';
import { scanTable } from '../functions/adapters/table-scan';
import { LOCAL_TABLE_NAME, startLocalDynamo } from './dynamodb';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './lambda-functions';

/**
 * `npm run export`: the local breach table written out in the layout a DynamoDB export to S3 leaves
 * (audit/export-layout.ts), for `npm run audit` and any tool that reads real exports. As deployed, the subjects table
 * (the people affected) is never exported. Reads the `npm start` data folder directly, or the running emulator when
 * `npm start` holds the folder (its LevelDB store admits one process at a time).
 */

const HELP = `Usage: npm run export -- [options]

Writes every item of the local breach table as a DynamoDB export (AWSDynamoDB/<exportId>/manifest-summary.json,
manifest-files.json, data/*.json.gz) and prints the export's folder. The subjects table (the people affected) is
never exported, as deployed.

Options:
  --data DIR            the npm start data folder (default .breachdesk/data). While npm start runs, its emulator
                        is used instead (found through local.json).
  --endpoint URL        read a running DynamoDB endpoint instead of the data folder
  --table NAME          the breach table (default ${LOCAL_TABLE_NAME})
  --out DIR             where AWSDynamoDB/ is written (default .breachdesk/exports)
  --items-per-file N    a new data file every N items (default 10000)
  --help                this text.
`;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Source {
  client: DynamoDBClient;
  tableName: string;
  close(): Promise<void>;
}

const DEFAULT_DATA = join('.breachdesk', 'data');
const DEFAULT_INFO = join('.breachdesk', 'local.json');
const DEFAULT_OUT = join('.breachdesk', 'exports');
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const endpointClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: CREDENTIALS });

/** The emulator of an `npm start` still running on this data folder, if any. */
function runningEndpoint(dataDir: string): { endpoint: string; tableName: string } | undefined {
  for (const infoPath of [join(dataDir, 'local.json'), DEFAULT_INFO]) {
    try {
      const info = JSON.parse(readFileSync(infoPath, 'utf8')) as {
        pid?: number;
        dataDir?: string;
        tableName?: string;
        endpoints?: { dynamodb?: string };
      };
      if (info.pid === undefined || info.endpoints?.dynamodb === undefined || info.tableName === undefined) continue;
      if (info.dataDir !== undefined && relative(info.dataDir, dataDir) !== '') continue;
      process.kill(info.pid, 0);
      return { endpoint: info.endpoints.dynamodb, tableName: info.tableName };
    } catch {
      // No info file, or its process has ended: the folder is free to open.
    }
  }
  return undefined;
}

async function openSource(values: { data?: string; endpoint?: string; table?: string }): Promise<Source> {
  if (values.endpoint !== undefined) {
    const client = endpointClient(values.endpoint);
    return { client, tableName: values.table ?? LOCAL_TABLE_NAME, close: async () => client.destroy() };
  }
  const dataDir = values.data ?? DEFAULT_DATA;
  const running = runningEndpoint(dataDir);
  if (running) {
    const client = endpointClient(running.endpoint);
    return { client, tableName: values.table ?? running.tableName, close: async () => client.destroy() };
  }
  const store = join(dataDir, 'dynamodb');
  if (!existsSync(store)) throw new UsageError(`no local table in ${dataDir}: run npm start first, or give --endpoint`);
  const table = await startLocalDynamo({ path: store, tableName: values.table ?? LOCAL_TABLE_NAME });
  const client = endpointClient(table.endpoint);
  return {
    client,
    tableName: table.tableName,
    close: async () => {
      client.destroy();
      await table.close();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      data: { type: 'string' },
      endpoint: { type: 'string' },
      table: { type: 'string' },
      out: { type: 'string' },
      'items-per-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const itemsPerFile = values['items-per-file'] === undefined ? undefined : Number(values['items-per-file']);
  if (itemsPerFile !== undefined && (!Number.isInteger(itemsPerFile) || itemsPerFile < 1)) {
    throw new UsageError(`--items-per-file: a whole number of 1 or more, not ${values['items-per-file']}`);
  }

  const source = await openSource(values);
  try {
    const { Table } = await source.client.send(new DescribeTableCommand({ TableName: source.tableName }));
    const tableArn = Table?.TableArn ?? `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${source.tableName}`;
    const expected = Table?.ItemCount;
    const progress = (items: number, files: number) => {
      const of = expected ? ` of about ${expected}` : '';
      const line = `exported ${items} item${items === 1 ? '' : 's'}${of} into ${files} data file${files === 1 ? '' : 's'}`;
      if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
      else process.stderr.write(`${line}\n`);
    };
    const result = await writeTableExport(scanTable(source.client, source.tableName), {
      outDir: values.out ?? DEFAULT_OUT,
      tableArn,
      tableId: Table?.TableId ?? source.tableName,
      ...(itemsPerFile === undefined ? {} : { itemsPerFile }),
      onProgress: ({ items, files }) => progress(items, files),
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(result.exportDir);
  } finally {
    await source.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n\n${HELP}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
