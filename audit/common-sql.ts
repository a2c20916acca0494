/**
 * The common subset of Trino (Athena engine v3) and DuckDB SQL that the named queries and views are written in.
 *
 * Every function a query calls must be on this list. Each entry is a Trino function; `duckdb` says how DuckDB gets
 * it: natively (same name, same meaning for the way the queries use it), as a special form of its grammar rather than a
 * catalogued function (`syntax`), or through a macro in dialects/duckdb.sql.
 * The test over the SQL files holds every file to this list and to the syntax rules below, and checks in DuckDB
 * itself that each native entry exists and each macro entry is defined by the dialect file.
 */
export const COMMON_FUNCTIONS = {
  json_extract_scalar: 'macro',
  json_extract: 'native',
  json_format: 'macro',
  from_iso8601_timestamp: 'macro',
  to_unixtime: 'macro',
  at_timezone: 'macro',
  to_iso8601: 'macro',
  from_unixtime: 'macro',
  coalesce: 'syntax',
  round: 'native',
  min: 'native',
  max: 'native',
  sum: 'native',
  count: 'native',
  row_number: 'native',
} as const satisfies Record<string, 'native' | 'syntax' | 'macro'>;

/** Keywords that may stand before a parenthesis without being a function call. */
export const KEYWORDS_BEFORE_PARENTHESES = new Set([
  'as',
  'in',
  'over',
  'from',
  'join',
  'on',
  'and',
  'or',
  'not',
  'exists',
  'cast',
  'values',
  'when',
  'then',
  'else',
]);

/** Syntax one engine has and the other lacks (or reads differently), with why it is kept out. */
export const FORBIDDEN_SYNTAX: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /::/, why: 'DuckDB-only cast shorthand: use CAST(x AS type)' },
  { pattern: /->>?/, why: 'DuckDB-only JSON operators: use json_extract_scalar' },
  { pattern: /\bqualify\b/i, why: 'DuckDB-only QUALIFY: filter a ranked subquery instead' },
  { pattern: /\bilike\b/i, why: 'Trino has no ILIKE' },
  { pattern: /\bgroup\s+by\s+all\b/i, why: 'Trino has no GROUP BY ALL' },
  { pattern: /\bexclude\s*\(/i, why: 'DuckDB-only SELECT * EXCLUDE' },
  { pattern: /\binterval\b/i, why: 'interval literals and arithmetic differ: subtract to_unixtime values' },
  { pattern: /\bdate_diff\b/i, why: 'Trino counts whole units elapsed, DuckDB unit boundaries crossed' },
  { pattern: /"/, why: 'quoted identifiers hide reserved words that differ between the engines' },
];

/**
 * json_extract_scalar returns NULL for an object or array in Trino but its JSON text in DuckDB, so every path it
 * reads ends at a DynamoDB scalar type tag.
 */
export const SCALAR_PATH = /\.(S|N|BOOL)'$/;
