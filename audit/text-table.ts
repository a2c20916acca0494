import type { AuditRows, AuditValue } from './duckdb-audit';

/**
 * Rows as a plain-text table for a terminal: one line per row, columns padded to their widest cell, long free text
 * cut short (rationales run to paragraphs; `--json` gives them whole).
 */

const cell = (value: AuditValue, maxWidth: number): string => {
  const text = value === null ? '' : String(value).replace(/\s+/g, ' ');
  return text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text;
};

export function formatTable({ columns, rows }: AuditRows, maxWidth = 48): string {
  const cells = rows.map((row) => columns.map((column) => cell(row[column] ?? null, maxWidth)));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const footer = `(${rows.length} row${rows.length === 1 ? '' : 's'})`;
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), footer].join('\n');
}
