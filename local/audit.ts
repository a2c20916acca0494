import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openExport, resolveExport } from '../audit/duckdb-audit';
import { isNamedQuery, NAMED_QUERIES, QUERY_DESCRIPTIONS } from '../audit/named-queries';
import { formatTable } from '../audit/text-table';

/**
 * `npm run audit -- <query-name | "SQL">`: one of the auditors' named queries (or any SQL over the views
 * breach_events and breach_awareness) run by DuckDB over the latest local export — the same SQL files the Athena
 * workgroup holds as named queries.
 */

const HELP = `Usage: npm run audit -- <query-name | "SQL"> [options]

Runs a named query, or the SQL given, over the latest export written by npm run export, and prints a table.
The SQL sees the views breach_events (breach_id, seq, type, recorded_at, actor_name, actor_role, data_json, ...) and
breach_awareness (breach_id, aware_at, authority_hours, ...), and the Trino function names (audit/dialects/duckdb.sql).

Named queries:
${NAMED_QUERIES.map((name) => `  ${name.padEnd(22)}${QUERY_DESCRIPTIONS[name]}`).join('\n')}

Options:
  --export DIR   an export folder (AWSDynamoDB/<id>), or a folder holding AWSDynamoDB/ (default .breachdesk/exports)
  --json         print the rows as JSON, text uncut
  --help         this text.
`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      export: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const query = positionals.join(' ').trim();
  if (values.help || query === '') {
    console.log(HELP);
    if (!values.help) process.exitCode = 2;
    return;
  }
  if (/^[a-z][a-z-]*$/.test(query) && !isNamedQuery(query)) {
    console.error(`No named query '${query}'.\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  const exportDir = resolveExport(values.export ?? join('.breachdesk', 'exports'));
  const database = await openExport(exportDir);
  try {
    const result = await database.run(query);
    console.error(`export ${exportDir}`);
    console.log(values.json ? JSON.stringify(result.rows, null, 2) : formatTable(result));
  } finally {
    database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
