import { PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { formatInTimeZone } from '../domain/clocks';
import { greetingFor, type NoticeCase, noticeSections } from '../domain/subject-notice';
import type { Subject } from '../domain/subjects';
import { winAnsiSafe, wrapText as wrap } from './pdf-text';

/**
 * Printable letters for the people without an e-mail address (or all of them, when the decision says letters): one
 * merged A4 file, each letter starting on a page of its own so they can be printed, folded and posted in one go.
 * Addressed to the representative, when there is one, at the postal address given.
 *
 * The same sections as the e-mail (domain/subject-notice.ts). Standard fonts only, so nothing is embedded; names are
 * folded to what WinAnsi can encode (register-pdf.ts), so a name in a non-Latin script prints with '?' and such
 * letters should be checked before posting.
 */

export interface SubjectLettersInput {
  notice: NoticeCase;
  subjects: readonly Subject[];
  date: Date;
}

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
const MARGIN = 56;
const SIZE = 11;
const LEADING = 15;
const WIDTH = PAGE_WIDTH - 2 * MARGIN;

class LetterWriter {
  #page: PDFPage;
  #y = PAGE_HEIGHT - MARGIN;
  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly safe: (text: string) => string,
  ) {
    this.#page = doc.addPage(PageSizes.A4);
  }

  line(text: string, options: { bold?: boolean; size?: number; indent?: number } = {}): void {
    const size = options.size ?? SIZE;
    const font = options.bold ? this.bold : this.regular;
    const indent = options.indent ?? 0;
    for (const line of wrap(this.safe(text), font, size, WIDTH - indent)) {
      if (this.#y < MARGIN + LEADING) {
        this.#page = this.doc.addPage(PageSizes.A4);
        this.#y = PAGE_HEIGHT - MARGIN;
      }
      this.#page.drawText(line, { x: MARGIN + indent, y: this.#y, size, font, color: rgb(0, 0, 0) });
      this.#y -= size + (LEADING - SIZE);
    }
  }

  gap(lines = 1): void {
    this.#y -= LEADING * lines;
  }
}

/** The address block: the postal address's lines, given with commas or line breaks. */
const addressLines = (address: string | undefined): string[] =>
  (address ?? '')
    .split(/\r?\n|,/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

export async function subjectLettersPdf({ notice, subjects, date }: SubjectLettersInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Letters about breach ${notice.state.breachId}`);
  doc.setCreator('Breachdesk');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const safe = winAnsiSafe(regular);
  const sections = noticeSections(notice);
  const day = formatInTimeZone(date.toISOString(), notice.policy.timeZone);
  const today = day.slice(0, day.lastIndexOf(', '));

  for (const subject of subjects) {
    const letter = new LetterWriter(doc, regular, bold, safe);
    letter.line(notice.organisationName, { bold: true });
    letter.line(`Our reference: ${notice.state.breachId}`, { size: 9 });
    letter.gap(2);
    letter.line(subject.representative ? subject.representative.name : subject.name);
    if (subject.representative) letter.line(`about ${subject.name}`, { size: 9 });
    for (const part of addressLines(subject.postalAddress)) letter.line(part);
    letter.gap();
    letter.line(today);
    letter.gap();
    letter.line(sections.heading, { bold: true, size: 13 });
    letter.gap(0.5);
    for (const paragraph of greetingFor(subject, notice.organisationName).split('\n\n')) {
      letter.line(paragraph);
      letter.gap(0.5);
    }
    for (const section of sections.sections) {
      letter.gap(0.5);
      letter.line(section.heading, { bold: true });
      for (const paragraph of section.paragraphs) letter.line(paragraph);
      for (const item of section.list ?? []) letter.line(`•  ${item}`, { indent: 8 });
    }
    letter.gap();
    letter.line('Who to contact', { bold: true });
    for (const [label, value] of sections.contact) letter.line(`${label}: ${value}`);
    letter.gap();
    letter.line('Yours sincerely,');
    letter.gap();
    letter.line(notice.policy.dpo.name);
    letter.line(`Data protection officer, ${notice.organisationName}`);
  }
  if (subjects.length === 0) doc.addPage(PageSizes.A4);
  return doc.save();
}
