import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMON_FUNCTIONS, FORBIDDEN_SYNTAX, KEYWORDS_BEFORE_PARENTHESES, SCALAR_PATH } from '../../audit/common-sql';
import { duckdbDialectSql, NAMED_QUERIES, namedQuerySql, VIEWS, viewSql } from '../../audit/named-queries';

/**
 * The SQL files run on Athena (Trino) and DuckDB alike only if they stay inside the common subset: these tests hold
 * every named query and view to the function allow-list and the syntax rules of audit/common-sql.ts, and check the
 * DuckDB half of the allow-list in DuckDB itself. (DuckDB running the queries is tested in named-queries.test.ts.)
 */

const files = [
  ...NAMED_QUERIES.map((name) => [`queries/${name}.sql`, namedQuerySql(name)] as const),
  ...VIEWS.map((view) => [`views/${view.name}.sql`, viewSql(view.name)] as const),
];

/** The SQL without comments and with string literals emptied, so neither can hide or fake a call. */
const codeOf = (sql: string): string => sql.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");

const functionsCalled = (sql: string): string[] =>
  [...codeOf(sql).matchAll(/\b([a-z_][a-z0-9_]*)\s*\(/gi)]
    .map((match) => (match[1] ?? '').toLowerCase())
    .filter((name) => !KEYWORDS_BEFORE_PARENTHESES.has(name));

let connection: DuckDBConnection;
let instance: DuckDBInstance;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});

afterAll(() => {
  connection?.closeSync();
  instance?.closeSync();
});

describe('the common subset', () => {
  it.each(files)('%s calls only functions both engines have', (_file, sql) => {
    const unknown = functionsCalled(sql).filter((name) => !Object.hasOwn(COMMON_FUNCTIONS, name));
    expect(unknown).toEqual([]);
    expect(functionsCalled(sql).length).toBeGreaterThan(0);
  });

  it.each(files)('%s uses no syntax only one engine reads', (_file, sql) => {
    const code = codeOf(sql);
    const broken = FORBIDDEN_SYNTAX.filter(({ pattern }) => pattern.test(code)).map(({ why }) => why);
    expect(broken).toEqual([]);
  });

  it.each(files)('%s extracts scalars only at DynamoDB scalar tags', (_file, sql) => {
    const paths = [...sql.matchAll(/json_extract_scalar\([^,]+,\s*('[^']*')\)/g)].map((m) => m[1] ?? '');
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toMatch(SCALAR_PATH);
  });

  it('catches a DuckDB-only function slipped into a query', () => {
    const sneaky = "SELECT json_extract_string(data_json, '$.step.S'), epoch(now()) FROM breach_events";
    expect(functionsCalled(sneaky).filter((name) => !Object.hasOwn(COMMON_FUNCTIONS, name))).toEqual([
      'json_extract_string',
      'epoch',
      'now',
    ]);
    expect(FORBIDDEN_SYNTAX.some(({ pattern }) => pattern.test('SELECT x::INTEGER FROM t'))).toBe(true);
  });
});

describe('the DuckDB dialect', () => {
  const macros = Object.entries(COMMON_FUNCTIONS)
    .filter(([, how]) => how === 'macro')
    .map(([name]) => name);
  const natives = Object.entries(COMMON_FUNCTIONS)
    .filter(([, how]) => how === 'native')
    .map(([name]) => name);

  it('defines a macro for exactly the Trino names DuckDB lacks', async () => {
    const defined = [...duckdbDialectSql().matchAll(/CREATE OR REPLACE MACRO (\w+)\(/g)].map((m) => m[1]);
    expect(defined.sort()).toEqual([...macros].sort());
    const before = await connection.runAndReadAll(
      `SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_name IN (${macros.map((m) => `'${m}'`).join(', ')})`,
    );
    expect(before.getRowObjectsJS()).toEqual([]);
  });

  it('has every native entry of the allow-list built in', async () => {
    const reader = await connection.runAndReadAll(
      `SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_name IN (${natives.map((m) => `'${m}'`).join(', ')})`,
    );
    expect(
      reader
        .getRowObjectsJS()
        .map((row) => row.function_name)
        .sort(),
    ).toEqual([...natives].sort());
  });

  it('gives the macros Trino meanings: NULL-safe time parsing with offsets, seconds since the epoch', async () => {
    await connection.run(duckdbDialectSql());
    const reader = await connection.runAndReadAll(`SELECT
      to_unixtime(from_iso8601_timestamp('2025-03-03T10:00:00+01:00')) AS offset_epoch,
      to_unixtime(from_iso8601_timestamp('2025-03-03T09:00:00.000Z')) AS utc_epoch,
      from_iso8601_timestamp(CAST(NULL AS VARCHAR)) IS NULL AS null_safe,
      json_extract_scalar('{"a":{"S":"x"}}', '$.a.S') AS scalar,
      json_format(json_extract('{"a":{"M":{}}}', '$.a.M')) AS formatted`);
    expect(reader.getRowObjectsJS()).toEqual([
      { offset_epoch: 1740992400, utc_epoch: 1740992400, null_safe: true, scalar: 'x', formatted: '{}' },
    ]);
  });
});
