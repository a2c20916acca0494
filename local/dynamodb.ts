import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createDocumentClient } from '../functions/adapters/dynamodb-client';
import { createSubjectsTableInput, createTableInput } from '../functions/adapters/table-layout';
import { LOCAL_REGION } from './lambda-functions';

/**
 * DynamoDB for local mode and the tests: dynalite in this process, with the application's two tables in it, the breach
 * table and the subjects table (created from functions/adapters/table-layout.ts, exactly what the CDK storage
 * construct builds). A store from before the subjects table existed gets it on its next start.
 *
 * With a `path` the table lives in a LevelDB folder and survives restarts, even a kill -9: LevelDB writes each batch
 * to its log before answering, and the operating system keeps what a killed process wrote. Without one it is in
 * memory, gone when the process ends.
 */

export interface LocalDynamoOptions {
  /** LevelDB folder; in memory when absent. */
  readonly path?: string;
  /** @default 'breachdesk-local' */
  readonly tableName?: string;
  /** @default `subjectsTableNameFor(tableName)`: 'breachdesk-local-subjects' */
  readonly subjectsTableName?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface LocalTable {
  /** Point the DynamoDB client's `endpoint` (or AWS_ENDPOINT_URL_DYNAMODB) here. */
  readonly endpoint: string;
  /** A document client on the endpoint, with fake credentials of its own (nothing is put in process.env). */
  readonly client: DynamoDBDocumentClient;
  /** The breach table. */
  readonly tableName: string;
  /** The people affected and their SES message pointers: never exported (table-layout.ts). */
  readonly subjectsTableName: string;
  /** Whether this start created the breach table (false: it was already in the store). */
  readonly created: boolean;
  /** Stops the server and closes the store, waiting for pending writes. */
  close(): Promise<void>;
}

export const LOCAL_TABLE_NAME = 'breachdesk-local';
/** The subjects table that goes with a breach table, when none is named. */
export const subjectsTableNameFor = (tableName: string): string => `${tableName}-subjects`;

export class TableNotActiveError extends Error {
  override readonly name = 'TableNotActiveError';
  constructor(
    readonly tableName: string,
    readonly status: string | undefined,
  ) {
    super(`Table ${tableName} did not become ACTIVE (last status: ${status ?? 'unknown'})`);
  }
}

const TABLE_ACTIVE_TIMEOUT_MS = 10_000;

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalTable> {
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  const subjectsTableName = options.subjectsTableName ?? subjectsTableNameFor(tableName);
  const server = dynalite({
    ...(options.path === undefined ? {} : { path: options.path }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const { address, port } = server.address() as AddressInfo;
  const endpoint = `http://${address}:${port}`;
  const client = createDocumentClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const close = async (): Promise<void> => {
    client.destroy();
    // The SDK keeps connections alive; without this, close() waits for them to time out.
    server.closeAllConnections();
    // dynalite's close also closes the LevelDB store, after its pending operations.
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };
  try {
    const created = await ensureTable(client, tableName, createTableInput);
    await ensureTable(client, subjectsTableName, createSubjectsTableInput);
    return { endpoint, client, tableName, subjectsTableName, created, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/** Creates the table unless the store already has it, then waits until it is ACTIVE. */
async function ensureTable(
  client: DynamoDBDocumentClient,
  tableName: string,
  layout: (tableName: string) => CreateTableCommandInput,
): Promise<boolean> {
  let created = false;
  const status = async (): Promise<string | undefined> => {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      return Table?.TableStatus;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
  let current = await status();
  if (current === undefined) {
    await client.send(new CreateTableCommand(layout(tableName)));
    created = true;
  }
  // createTableMs: 0 still goes through CREATING for one tick.
  const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
  for (;;) {
    current = await status();
    if (current === 'ACTIVE') return created;
    if (Date.now() > deadline) throw new TableNotActiveError(tableName, current);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
