import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { RegisterFilter, RegisterRow } from '../domain/register';
import { winAnsiSafe, wrapText as wrap } from './pdf-text';

/**
 * The breach register as a printable PDF: a plain landscape A4 table under a title, the organisation, the filters
 * applied and the time it was drawn up, with the table header repeated on every page and "page n of m" below.
 *
 * Only the standard PDF fonts, so nothing is embedded and the document opens anywhere; they encode WinAnsi alone, so
 * other characters are folded to their unaccented or transliterated letter where there is one (ě → e, Ł → L) and shown
 * as '?' otherwise (pdf-text.ts). Long free
 * text (a rationale, a delay reason) is cut after a few lines: the CSV and JSON carry it whole.
 */

export interface RegisterPdfInput {
  organisationName: string;
  filter: RegisterFilter;
  generatedAt: Date;
  rows: readonly RegisterRow[];
}

const [PAGE_HEIGHT, PAGE_WIDTH] = PageSizes.A4;
const MARGIN = 36;
const FONT_SIZE = 7.5;
const LINE_HEIGHT = 9.5;
const PADDING = 3;
/** Lines shown of one cell; the rest is cut with an ellipsis. */
export const MAX_CELL_LINES = 12;
const FOOTER_SPACE = 20;

interface Column {
  title: string;
  width: number;
  cell: (row: RegisterRow) => string[];
}

const hours = (value: number | undefined): string => (value === undefined ? '' : `${value} h`);
// UTC, as the heading says: the stored times carry any offset, so they are normalised before being cut to minutes.
const when = (iso: string | undefined): string => {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
};
const words = (value: string): string => value.replaceAll('-', ' ');

const COLUMNS: readonly Column[] = [
  { title: 'Breach', width: 95, cell: (r) => [r.breachId, `${r.status}, ${r.stage}`, r.organisationRole] },
  { title: 'Aware / reported', width: 80, cell: (r) => [when(r.awareAt), when(r.reportedAt)] },
  { title: 'Severity', width: 70, cell: (r) => (r.severity ? [r.severity.label, `(${r.severity.source})`] : ['-']) },
  {
    title: 'Conclusion, decided by',
    width: 150,
    cell: (r) =>
      r.conclusion
        ? [
            r.conclusion.label,
            `${r.conclusion.decidedBy.name} (${r.conclusion.decidedBy.role}), ${when(r.conclusion.decidedAt)}`,
            ...(r.conclusion.signedOffBy ? [`Signed off: ${r.conclusion.signedOffBy.name}`] : []),
            ...(r.conclusion.value === 'no-notification' ? [`Rationale: ${r.conclusion.rationale}`] : []),
            ...(r.conclusion.evidence ? [`Evidence: ${r.conclusion.evidence}`] : []),
          ]
        : ['Not yet decided'],
  },
  {
    title: 'Supervisory authority',
    width: 160,
    cell: (r) => [
      words(r.authority.status),
      ...(r.authority.notifiedAt ? [`Notified ${when(r.authority.notifiedAt)}`] : []),
      ...(r.authority.hoursLate ? [`Late by ${hours(r.authority.hoursLate)} (due ${when(r.authority.dueAt)})`] : []),
      ...(r.authority.delayReason ? [`Reason: ${r.authority.delayReason}`] : []),
      ...(r.authority.reference ? [`Ref. ${r.authority.reference}`] : []),
    ],
  },
  {
    title: 'People affected told',
    width: 110,
    cell: (r) => [
      words(r.subjects.status),
      ...(r.subjects.count !== undefined ? [`${r.subjects.count} people`] : []),
      ...(r.subjects.method ? [words(r.subjects.method)] : []),
      ...(r.subjects.exemption
        ? [`Exemption: ${words(r.subjects.exemption.ground)}`, r.subjects.exemption.explanation]
        : []),
    ],
  },
  {
    title: 'Controller told',
    width: 60,
    cell: (r) => (r.controller ? [r.controller.name, when(r.controller.notifiedAt) || 'not yet'] : ['-']),
  },
  { title: 'Closed', width: 45, cell: (r) => [r.closedAt ? r.closedAt.slice(0, 10) : '-'] },
];

const clip = (lines: string[], font: PDFFont, width: number): string[] => {
  if (lines.length <= MAX_CELL_LINES) return lines;
  let last = lines[MAX_CELL_LINES - 1] ?? '';
  while (last && font.widthOfTextAtSize(`${last}…`, FONT_SIZE) > width) last = last.slice(0, -1);
  return [...lines.slice(0, MAX_CELL_LINES - 1), `${last}…`];
};

const describeFilter = (filter: RegisterFilter): string => {
  const parts = [
    ...(filter.from ? [`aware from ${filter.from}`] : []),
    ...(filter.to ? [`aware until ${filter.to}`] : []),
    ...(filter.status ? [`status ${filter.status}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : 'none (every breach)';
};

export async function registerPdf(input: RegisterPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const safe = winAnsiSafe(regular);
  const title = 'Personal data breach register';
  doc.setTitle(safe(`${title}: ${input.organisationName}`));
  doc.setSubject('Record of personal data breaches (UK GDPR / EU GDPR Art. 33(5))');
  doc.setProducer('Breachdesk');
  doc.setCreator('Breachdesk');
  // The generation time, not the wall clock: the same register drawn up twice gives the same document.
  doc.setCreationDate(input.generatedAt);
  doc.setModificationDate(input.generatedAt);

  const tableWidth = COLUMNS.reduce((sum, column) => sum + column.width, 0);
  const draw = (page: PDFPage, text: string, x: number, y: number, font = regular, size = FONT_SIZE) =>
    page.drawText(safe(text), { x, y, size, font, color: rgb(0, 0, 0) });

  const header = (page: PDFPage, top: number): number => {
    const height = LINE_HEIGHT + 2 * PADDING;
    page.drawRectangle({ x: MARGIN, y: top - height, width: tableWidth, height, color: rgb(0.9, 0.9, 0.9) });
    let x = MARGIN;
    for (const column of COLUMNS) {
      draw(page, column.title, x + PADDING, top - PADDING - FONT_SIZE, bold);
      x += column.width;
    }
    return top - height;
  };

  const newPage = (first: boolean): { page: PDFPage; y: number } => {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    let y = PAGE_HEIGHT - MARGIN;
    if (first) {
      draw(page, title, MARGIN, y - 16, bold, 16);
      y -= 24;
      draw(page, input.organisationName, MARGIN, y - 11, bold, 11);
      y -= 16;
      draw(page, `Filters: ${describeFilter(input.filter)}`, MARGIN, y - 9, regular, 9);
      y -= 12;
      draw(page, `Generated: ${input.generatedAt.toISOString()} (times in UTC)`, MARGIN, y - 9, regular, 9);
      y -= 18;
    }
    return { page, y: header(page, y) };
  };

  let { page, y } = newPage(true);
  const bottom = MARGIN + FOOTER_SPACE;
  if (input.rows.length === 0) draw(page, 'No breaches match these filters.', MARGIN + PADDING, y - 14, regular, 9);

  for (const row of input.rows) {
    const cells = COLUMNS.map((column) => {
      const width = column.width - 2 * PADDING;
      const lines = column.cell(row).flatMap((paragraph) => wrap(safe(paragraph), regular, FONT_SIZE, width));
      return clip(lines, regular, width);
    });
    const height = Math.max(...cells.map((lines) => lines.length)) * LINE_HEIGHT + 2 * PADDING;
    if (y - height < bottom) ({ page, y } = newPage(false));
    let x = MARGIN;
    cells.forEach((lines, index) => {
      lines.forEach((text, line) => {
        page.drawText(text, {
          x: x + PADDING,
          y: y - PADDING - FONT_SIZE - line * LINE_HEIGHT,
          size: FONT_SIZE,
          font: regular,
        });
      });
      x += COLUMNS[index]?.width ?? 0;
    });
    y -= height;
    page.drawLine({
      start: { x: MARGIN, y },
      end: { x: MARGIN + tableWidth, y },
      thickness: 0.5,
      color: rgb(0.6, 0.6, 0.6),
    });
  }

  const pages = doc.getPages();
  pages.forEach((p, index) => {
    draw(p, `${title}, ${input.organisationName}: page ${index + 1} of ${pages.length}`, MARGIN, MARGIN, regular, 8);
  });
  return doc.save();
}
