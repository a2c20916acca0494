import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { AuthorityReport } from '../domain/authority-report';
import { formatMailTime } from '../domain/mail/message';
import { authorityReportSections, REPORT_TITLE } from './authority-report-sections';
import { winAnsiSafe, wrapText as wrap } from './pdf-text';

/**
 * The authority report as a printable A4 PDF: the form's sections and questions with the answers in full (never
 * cut: this is the record of what was reported), flowing over as many pages as the answers need, "page n of m"
 * below. Standard fonts only, so nothing is embedded; text is folded to what WinAnsi can encode (register-pdf.ts).
 */

export interface AuthorityReportPdfInput {
  report: AuthorityReport;
  timeZone: string;
}

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
const MARGIN = 50;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const BODY = 10;
const LEADING = 13.5;
const FOOTER_SPACE = 24;

export async function authorityReportPdf({ report, timeZone }: AuthorityReportPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const safe = winAnsiSafe(regular);
  const title = `${REPORT_TITLE} to the ${report.supervisoryAuthority.name}`;
  doc.setTitle(safe(`${title}: breach ${report.breachId}`));
  doc.setSubject('Notification of a personal data breach (UK GDPR / EU GDPR Art. 33)');
  doc.setProducer('Breachdesk');
  doc.setCreator('Breachdesk');
  // The generation time, not the wall clock: the same report drawn up twice gives the same document.
  const generatedAt = new Date(report.generatedAt);
  doc.setCreationDate(generatedAt);
  doc.setModificationDate(generatedAt);

  let page: PDFPage = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  let y = PAGE_HEIGHT - MARGIN;
  const bottom = MARGIN + FOOTER_SPACE;

  /** Writes one block of text (paragraphs split on newlines), turning the page whenever a line would not fit. */
  const write = (text: string, font: PDFFont, size: number, options: { indent?: number; after?: number } = {}) => {
    const indent = options.indent ?? 0;
    const leading = size * 1.35;
    for (const paragraph of text.split(/\r?\n/)) {
      for (const line of wrap(safe(paragraph), font, size, TEXT_WIDTH - indent)) {
        if (y - leading < bottom) {
          page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
          y = PAGE_HEIGHT - MARGIN;
        }
        y -= leading;
        page.drawText(line, { x: MARGIN + indent, y, size, font, color: rgb(0, 0, 0) });
      }
    }
    y -= options.after ?? 0;
  };

  write(title, bold, 16, { after: 6 });
  write(`Breach ${report.breachId}. Generated ${formatMailTime(report.generatedAt, timeZone)}.`, regular, 9, {
    after: 10,
  });
  for (const section of authorityReportSections(report, timeZone)) {
    // Keep a heading with the start of its first answer rather than alone at the foot of a page.
    if (y - 4 * LEADING < bottom) {
      page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
      y = PAGE_HEIGHT - MARGIN;
    }
    write(section.heading, bold, 13, { after: 4 });
    page.drawLine({
      start: { x: MARGIN, y: y + 1 },
      end: { x: PAGE_WIDTH - MARGIN, y: y + 1 },
      thickness: 0.5,
      color: rgb(0.6, 0.6, 0.6),
    });
    for (const entry of section.entries) {
      write(entry.question, bold, BODY, { after: 2 });
      write(entry.answer, regular, BODY, { indent: 8, after: 8 });
    }
    y -= 6;
  }

  const pages = doc.getPages();
  pages.forEach((p, index) => {
    p.drawText(safe(`${title}, breach ${report.breachId}: page ${index + 1} of ${pages.length}`), {
      x: MARGIN,
      y: MARGIN,
      size: 8,
      font: regular,
      color: rgb(0.3, 0.3, 0.3),
    });
  });
  return doc.save();
}
