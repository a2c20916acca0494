import { PDFDocument } from 'pdf-lib';
import type { BoardReport } from '../domain/board-report';
import { coverage, embedLetterFonts } from './letter-font';
import { footPages, LEADING, SectionWriter } from './section-writer';

/**
 * The board report (domain/board-report.ts) as a PDF for the board papers: its title, the organisation and the breach,
 * then each section with its labelled entries; "page n of m" on every page. The same sections as the text version.
 */
export async function boardReportPdf(report: BoardReport): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedLetterFonts(doc);
  const cover = coverage(fonts.regular);
  const safe = (text: string) => cover(text).text;
  doc.setTitle(safe(`${report.title}: ${report.breachId}`));
  doc.setProducer('Breachdesk');
  doc.setCreator('Breachdesk');
  doc.setCreationDate(new Date(report.generatedAt));
  doc.setModificationDate(new Date(report.generatedAt));

  const w = new SectionWriter(doc, fonts, safe);
  w.text(report.title, { bold: true, size: 16 });
  w.text(`${report.organisation} · Breach ${report.breachId}`, { bold: true, size: 11 });
  w.text(`Drawn up ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC from the breach record.`);
  w.y -= LEADING / 2;
  w.rule();
  for (const section of report.sections) {
    w.room(4);
    w.y -= 4;
    w.text(section.heading, { bold: true, size: 11.5 });
    for (const [label, value] of section.entries) w.entry(label, value);
  }
  footPages(doc, fonts.regular, safe(`${report.title}, ${report.breachId}`));
  return doc.save();
}
