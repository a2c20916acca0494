import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The auditors' named queries and the views they read, each one SQL file that both engines run: Athena (the CDK
 * stack puts each file into an AWS::Athena::NamedQuery and each view into the Glue catalog) and DuckDB (`npm run
 * audit` over a local export). The files are written in the common subset of Trino and DuckDB SQL (common-sql.ts);
 * dialects/duckdb.sql is where DuckDB is taught the Trino names.
 */

export const NAMED_QUERIES = [
  'late-notifications',
  'unreported-breaches',
  'decisions-by-person',
  'time-to-milestones',
  'subjects-told',
] as const;
export type NamedQuery = (typeof NAMED_QUERIES)[number];

/** What each query answers, for the Athena console and `npm run audit -- --help`. */
export const QUERY_DESCRIPTIONS: Record<NamedQuery, string> = {
  'late-notifications': 'Authority (or controller) notified after the authority deadline: hours late and the reason',
  'unreported-breaches': 'Breaches decided not to be reported, with rationale, evidence and who decided',
  'decisions-by-person': 'Every decision: who, in what role, which step, when, on which breach',
  'time-to-milestones': 'Hours from awareness to containment, assessment, decision, authority notice and closure',
  'subjects-told': 'Per breach: people told (count, method) and any Art. 34(3) exemption',
};

/**
 * The views in the order they must be created (a view may read only those before it), with their columns as
 * Athena's catalog records them (Presto types).
 */
export const VIEWS = [
  {
    name: 'breach_events',
    columns: [
      ['breach_id', 'varchar'],
      ['organisation_id', 'varchar'],
      ['seq', 'integer'],
      ['type', 'varchar'],
      ['recorded_at', 'varchar'],
      ['actor_kind', 'varchar'],
      ['actor_name', 'varchar'],
      ['actor_role', 'varchar'],
      ['data_json', 'varchar'],
      ['hash', 'varchar'],
    ],
  },
  {
    name: 'breach_awareness',
    columns: [
      ['breach_id', 'varchar'],
      ['organisation_id', 'varchar'],
      ['aware_at', 'varchar'],
      ['organisation_role', 'varchar'],
      ['policy_preset', 'varchar'],
      ['authority_hours', 'double'],
    ],
  },
] as const satisfies readonly { name: string; columns: readonly (readonly [string, string])[] }[];
export type ViewName = (typeof VIEWS)[number]['name'];

/** The relation the views read: one row per exported line (`Item` of a full export, `NewImage` of an incremental). */
export const EXPORT_ITEMS_TABLE = 'export_items';

export class UnknownQueryError extends Error {
  override readonly name = 'UnknownQueryError';
  constructor(readonly query: string) {
    super(`no named query '${query}'; the named queries are: ${NAMED_QUERIES.join(', ')}`);
  }
}

const auditPath = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** A SQL file's text without the trailing newline and semicolon, ready to embed or run. */
const readSql = (relative: string): string => readFileSync(auditPath(relative), 'utf8').trim().replace(/;\s*$/, '');

export const isNamedQuery = (name: string): name is NamedQuery => (NAMED_QUERIES as readonly string[]).includes(name);

export const queryFile = (name: NamedQuery): string => auditPath(`queries/${name}.sql`);
export const namedQuerySql = (name: string): string => {
  if (!isNamedQuery(name)) throw new UnknownQueryError(name);
  return readSql(`queries/${name}.sql`);
};

export const viewFile = (name: ViewName): string => auditPath(`views/${name}.sql`);
export const viewSql = (name: ViewName): string => readSql(`views/${name}.sql`);

/** DuckDB's half of the dialect difference: the Trino names it lacks, as macros. */
export const duckdbDialectSql = (): string => readFileSync(auditPath('dialects/duckdb.sql'), 'utf8');
