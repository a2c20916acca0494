import type { RegisterRow } from '../domain/register';
import { obligationText } from './register-obligation-text';

/**
 * The breach register as CSV (RFC 4180): a header row, CRLF line ends, every field that needs it quoted with inner
 * quotes doubled. One column per fact, so a spreadsheet or an auditor's script can filter on any of them.
 *
 * Cells are made safe to open in a spreadsheet, as OWASP's CSV injection guidance says: a text cell that a
 * spreadsheet could read as a formula gets a leading single quote and is quoted, so free text such as a rationale
 * starting with "=HYPERLINK(" is shown, never evaluated. "Could" covers more than the first character:
 * - a formula sign (= + - @, or their full-width forms, which some spreadsheets fold to them) after leading spaces;
 * - a value led by a tab, carriage return, NUL or any other control character, which a spreadsheet may skip;
 * - a formula sign after a `;`, `,`, tab or line break inside the text: a spreadsheet in a locale whose separator is
 *   `;` (or a paste as tab-separated values) would split the cell there and read what follows as a cell of its own.
 * Such a cell, and every cell holding a separator of any locale, is quoted, so a spreadsheet keeps it whole.
 */

type Cell = string | number | boolean | undefined;

const COLUMNS: readonly (readonly [header: string, value: (row: RegisterRow) => Cell])[] = [
  ['breach_id', (r) => r.breachId],
  ['status', (r) => r.status],
  ['stage', (r) => r.stage],
  ['organisation_role', (r) => r.organisationRole],
  ['aware_at', (r) => r.awareAt],
  ['reported_at', (r) => r.reportedAt],
  ['breach_types', (r) => r.breachTypes.join(' ')],
  ['approximate_subjects', (r) => r.approximateSubjects],
  ['description', (r) => r.facts.description],
  ['cause', (r) => r.facts.cause.category],
  ['cause_detail', (r) => r.facts.cause.detail],
  ['data_categories', (r) => r.facts.dataCategories.join(' ')],
  ['subject_categories', (r) => r.facts.subjectCategories.join(' ')],
  ['approximate_records', (r) => r.facts.approximateRecords],
  ['likely_consequences', (r) => r.effects.likelyConsequences],
  ['risk', (r) => r.effects.risk?.level],
  ['risk_source', (r) => r.effects.risk?.source],
  ['contained', (r) => r.remedialAction.contained],
  ['contained_at', (r) => r.remedialAction.containedAt],
  ['containment_measures', (r) => r.remedialAction.measures],
  ['actions_taken', (r) => r.remedialAction.actionsTaken],
  ['root_causes', (r) => r.remedialAction.rootCauses?.join('; ')],
  [
    'recommendations',
    (r) =>
      r.remedialAction.recommendations
        .map((a) => `${a.action} (${a.owner}${a.dueBy ? `, by ${a.dueBy.slice(0, 10)}` : ''}): ${a.status}`)
        .join('; '),
  ],
  ['severity_scale', (r) => r.severity?.scale],
  ['severity_level', (r) => r.severity?.level],
  ['severity_label', (r) => r.severity?.label],
  ['severity_source', (r) => r.severity?.source],
  ['recommended_conclusion', (r) => r.recommendedConclusion],
  ['conclusion', (r) => r.conclusion?.value],
  ['decided_by', (r) => r.conclusion?.decidedBy.name],
  ['decided_by_role', (r) => r.conclusion?.decidedBy.role],
  ['decided_at', (r) => r.conclusion?.decidedAt],
  ['signed_off_by', (r) => r.conclusion?.signedOffBy?.name],
  ['rationale', (r) => r.conclusion?.rationale],
  ['departure_reason', (r) => r.conclusion?.departureReason],
  ['evidence', (r) => r.conclusion?.evidence],
  ['authority_status', (r) => r.authority.status],
  ['authority_due_at', (r) => r.authority.dueAt],
  ['authority_notified_at', (r) => r.authority.notifiedAt],
  ['authority_hours_late', (r) => r.authority.hoursLate],
  ['authority_delay_reason', (r) => r.authority.delayReason],
  ['authority_reference', (r) => r.authority.reference],
  ['authority_phase', (r) => r.authority.phase],
  ['authority_acknowledged_at', (r) => r.authority.acknowledgedAt],
  ['subjects_status', (r) => r.subjects.status],
  ['subjects_count', (r) => r.subjects.count],
  ['subjects_method', (r) => r.subjects.method],
  ['subjects_notified_at', (r) => r.subjects.notifiedAt],
  ['subjects_exemption', (r) => r.subjects.exemption?.ground],
  ['subjects_exemption_explanation', (r) => r.subjects.exemption?.explanation],
  // Every obligation's stage (authority or regime, deadline, sent at, met / late / open, reasons), one after another.
  ['obligations', (r) => r.obligations.map((o) => obligationText(o, (iso) => iso)).join(' | ')],
  ['controller', (r) => r.controller?.name],
  ['controller_notified_at', (r) => r.controller?.notifiedAt],
  ['closed_at', (r) => r.closedAt],
];

export const REGISTER_CSV_HEADERS: readonly string[] = COLUMNS.map(([header]) => header);

/** A control character (C0, DEL, C1) leading the value: NUL, tab, carriage return and the like. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const CONTROL_START = /^[\u0000-\u001f\u007f-\u009f]/;
/** A formula sign, ASCII or full-width, at the start of a piece of text after any spaces or control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters may hide a formula sign behind them
const FORMULA_AFTER = /^[\s\u0000-\u001f\u007f-\u009f]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;
/** Where a spreadsheet of some locale, or a tab-separated paste, may start a new cell. */
const CELL_BREAK = /[;,\t\r\n]/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** Whether a spreadsheet could read some part of this text as a formula. */
export const couldBeFormula = (text: string): boolean =>
  CONTROL_START.test(text) || text.split(CELL_BREAK).some((piece) => FORMULA_AFTER.test(piece));

/** One field: neutralised if a spreadsheet could read it as a formula, quoted if it holds a separator or a quote. */
export const csvField = (value: Cell): string => {
  if (value === undefined) return '';
  const text = String(value);
  // Numbers are ours (counts, hours): only text can carry a formula, and a negative number must stay a number.
  if (typeof value === 'string' && couldBeFormula(text)) return `"'${text.replaceAll('"', '""')}"`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const line = (cells: readonly Cell[]): string => `${cells.map(csvField).join(',')}\r\n`;

export function registerCsv(rows: readonly RegisterRow[]): string {
  return line(REGISTER_CSV_HEADERS) + rows.map((row) => line(COLUMNS.map(([, value]) => value(row)))).join('');
}
