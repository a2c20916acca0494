import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ManifestFileEntry, ManifestSummary } from './export-layout';
import { duckdbDialectSql, EXPORT_ITEMS_TABLE, namedQuerySql, VIEWS, viewSql } from './named-queries';

/**
 * The named queries over an export on this machine: DuckDB in memory reads the export's gzipped JSON lines, learns
 * the Trino names (dialects/duckdb.sql), creates the same views the Athena catalog holds, and runs the same SQL files.
 */

export type AuditValue = string | number | boolean | null;
export interface AuditRows {
  columns: string[];
  rows: Record<string, AuditValue>[];
}

export interface AuditDatabase {
  /** Runs a named query (by name) or any SQL over the views. */
  run(queryOrSql: string): Promise<AuditRows>;
  close(): void;
}

export class ExportNotFoundError extends Error {
  override readonly name = 'ExportNotFoundError';
  constructor(readonly where: string) {
    super(`no complete DynamoDB export (AWSDynamoDB/<id>/manifest-summary.json) in ${where}: run npm run export first`);
  }
}

/** The newest complete export under an export root (the folder holding AWSDynamoDB/), by its export time. */
export function latestExport(root: string): string {
  const base = join(root, 'AWSDynamoDB');
  const complete = (existsSync(base) ? readdirSync(base) : [])
    .map((id) => join(base, id))
    .filter((dir) => existsSync(join(dir, 'manifest-summary.json')))
    .map((dir) => ({ dir, summary: readSummary(dir) }))
    .sort((a, b) => Date.parse(a.summary.exportTime) - Date.parse(b.summary.exportTime) || a.dir.localeCompare(b.dir));
  const latest = complete.at(-1);
  if (latest === undefined) throw new ExportNotFoundError(root);
  return latest.dir;
}

/** `dir` may be an export itself (it holds manifest-summary.json) or a root with exports under AWSDynamoDB/. */
export const resolveExport = (dir: string): string =>
  existsSync(join(dir, 'manifest-summary.json')) ? dir : latestExport(dir);

const readSummary = (exportDir: string): ManifestSummary =>
  JSON.parse(readFileSync(join(exportDir, 'manifest-summary.json'), 'utf8')) as ManifestSummary;

/** The export's data files, as its manifest lists them (a stray file in data/ is not part of the export). */
export function dataFilesOf(exportDir: string): string[] {
  return readFileSync(join(exportDir, 'manifest-files.json'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ManifestFileEntry)
    .map((entry) => join(exportDir, 'data', basename(entry.dataFileS3Key)));
}

const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** DuckDB values as plain JSON values: BIGINT counts become numbers, anything exotic its text. */
const plain = (value: unknown): AuditValue => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
};

export async function openExport(exportDir: string): Promise<AuditDatabase> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const close = (): void => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    const files = dataFilesOf(exportDir);
    // The column names the Glue table gives them: Item of a full export, NewImage of an incremental one.
    const source =
      files.length === 0
        ? 'SELECT CAST(NULL AS JSON) AS item, CAST(NULL AS JSON) AS newimage WHERE false'
        : `SELECT "Item" AS item, "NewImage" AS newimage FROM read_json([${files.map(sqlString).join(', ')}],
             format = 'newline_delimited', compression = 'gzip', columns = {Item: 'JSON', NewImage: 'JSON'})`;
    await connection.run(`CREATE TABLE ${EXPORT_ITEMS_TABLE} AS ${source}`);
    await connection.run(duckdbDialectSql());
    for (const view of VIEWS) await connection.run(`CREATE VIEW ${view.name} AS ${viewSql(view.name)}`);
  } catch (error) {
    close();
    throw error;
  }
  return {
    async run(queryOrSql) {
      const sql = /^[a-z][a-z-]*$/.test(queryOrSql.trim()) ? namedQuerySql(queryOrSql.trim()) : queryOrSql;
      const reader = await connection.runAndReadAll(sql);
      const columns = reader.columnNames();
      const rows = reader
        .getRowObjectsJS()
        .map((row) => Object.fromEntries(columns.map((column) => [column, plain(row[column])])));
      return { columns, rows };
    },
    close,
  };
}
