import { degrees, PageSizes, PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { formatInTimeZone } from '../domain/clocks';
import { addressLines, greetingFor, type NoticeCase, noticeSections } from '../domain/subject-notice';
import { letterAddressOf, type Subject } from '../domain/subjects';
import { type CoveredText, coverage, embedLetterFonts } from './letter-font';
import { wrapText as wrap } from './pdf-text';

/**
 * Printable letters for the people without an e-mail address (or all of them, when the decision says letters): one
 * merged A4 file, each letter starting on a page of its own so they can be printed, folded and posted in one go.
 * Addressed to the representative, when there is one, at the representative's own postal address when given, else at
 * the person's.
 *
 * The same content as the e-mail (domain/subject-notice.ts): the greeting, the four sections, whom to contact, and the
 * closing paragraph that says why the person is told. The sender's address at the top and the postal address in the
 * contact block come from the policy's `dpo.postalAddress`, so someone without e-mail can write back.
 *
 * Printed double-sided, the merged file must never put one person's letter on the back of another's (a disclosure
 * of its own): every letter is padded to an even number of pages with a page marked as intentionally left blank, and
 * every page after a letter's first says which letter it belongs to (the reference, "Letter to <addressee>", "page
 * n of m"). A draft (before the notify-subjects decision) says so across the top of every page, under a watermark.
 *
 * Made for a window envelope (DL or C5, left window): the window shows the addressee and their address and nothing
 * else, so a child's name, the reference or the subject never shows through it; the reference and whom the letter is
 * about are printed below the window.
 *
 * Names print as people write them in any Latin script (and Greek and Cyrillic): DejaVu Sans is embedded as a subset
 * (letter-font.ts). Each letter reports how many characters the font has no glyph for (printed as '?'), and whether
 * its address did not fit the window, so the caller can name the letters to check before posting.
 */

export interface SubjectLettersInput {
  notice: NoticeCase;
  subjects: readonly Subject[];
  date: Date;
  /** No notify-subjects decision yet: every page is marked as a draft not to be posted. */
  draft?: boolean;
}

/** Where one letter sits in the merged file, and what to check before posting it. */
export interface PrintedLetter {
  /** The letter's first page in the file, from 1. */
  firstPage: number;
  /** Its pages, the blank one that pads it to an even number included. */
  pages: number;
  /** Characters printed as '?': a name or an address in a script the font does not have. */
  unprintable: number;
  /** The address has more lines than the envelope's window shows: the lines that fit are printed. */
  addressOverflow: boolean;
}

export interface SubjectLetters {
  pdf: Uint8Array;
  letters: PrintedLetter[];
}

export const DRAFT_MARK = 'DRAFT — not yet decided: how the people affected are told is not recorded. Do not post.';
export const BLANK_PAGE = 'This page is intentionally left blank';

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
const SIDE = 50;
const TOP = 44;
const BOTTOM = 40;
/**
 * Clear print (RNIB's guidance: 12 pt at least) because many people written to are elderly or have poor sight; a
 * letter that runs to a second page is safe to print double-sided, since every letter is padded to an even count.
 */
const SIZE = 12;
const SMALL = 10;
const LEADING = 16;
const WIDTH = PAGE_WIDTH - 2 * SIDE;
const MM = 72 / 25.4;

/**
 * The address window of the common window envelopes, on the A4 sheet folded in three (DIN 5008 form B, whose
 * address field the UK's DL and C5 left-window envelopes show): 20 mm from the left edge, 45 mm to 90 mm from the
 * top, 85 mm wide. In PDF points from the bottom left, as pdf-lib draws. Nothing but the address is printed in it.
 */
export const ADDRESS_WINDOW = {
  left: 20 * MM,
  right: 105 * MM,
  top: PAGE_HEIGHT - 45 * MM,
  bottom: PAGE_HEIGHT - 90 * MM,
} as const;
/** The address sits inside the window with room around it, as an envelope moves a little about the folded sheet. */
const WINDOW_INSET = 4 * MM;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.3, 0.3, 0.3);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** One letter's pages: lays text out from the top, starting a page when the current one is full. */
class LetterWriter {
  readonly pages: PDFPage[] = [];
  unprintable = 0;
  #y = 0;

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: Fonts,
    private readonly fold: (text: string) => CoveredText,
  ) {
    this.#newPage();
  }

  #newPage(): void {
    this.pages.push(this.doc.addPage(PageSizes.A4));
    // Continuation pages leave room for the line that says whose letter they are.
    this.#y = PAGE_HEIGHT - TOP - (this.pages.length > 1 ? LEADING * 1.5 : 0);
  }

  safe(text: string): string {
    const folded = this.fold(text);
    this.unprintable += folded.unprintable;
    return folded.text;
  }

  /** Starts a new page unless `lines` more lines fit: a heading is never left alone at the foot of a page. */
  keep(lines: number): void {
    if (this.#y - LEADING * lines < BOTTOM + LEADING) this.#newPage();
  }

  line(text: string, options: { bold?: boolean; size?: number; indent?: number } = {}): void {
    const size = options.size ?? SIZE;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const indent = options.indent ?? 0;
    const leading = LEADING * (size / SIZE);
    for (const line of wrap(this.safe(text), font, size, WIDTH - indent)) {
      if (this.#y < BOTTOM + LEADING) this.#newPage();
      this.pages.at(-1)?.drawText(line, { x: SIDE + indent, y: this.#y, size, font, color: BLACK });
      this.#y -= leading;
    }
  }

  /** Where the next line goes. */
  get y(): number {
    return this.#y;
  }

  /** How wide `text` prints, once folded. */
  width(text: string, size: number, bold = false): number {
    return (bold ? this.fonts.bold : this.fonts.regular).widthOfTextAtSize(this.fold(text).text, size);
  }

  /**
   * Lines set flush right from `from` down, leaving the cursor where it is: the sender's address beside the letterhead.
   * Returns how far down they reach, for `below`.
   */
  right(lines: readonly string[], size: number, from = this.#y): number {
    const leading = LEADING * (size / SIZE);
    const page = this.pages.at(-1);
    lines.forEach((text, index) => {
      const line = this.safe(text);
      const width = this.fonts.regular.widthOfTextAtSize(line, size);
      page?.drawText(line, {
        x: SIDE + WIDTH - width,
        y: from - index * leading,
        size,
        font: this.fonts.regular,
        color: BLACK,
      });
    });
    return from - lines.length * leading;
  }

  /**
   * The address block in the envelope's window: the addressee and the address lines, nothing else, each wrapped to
   * the window's width, at 12 pt or, for a long address, 10 pt. Returns whether some lines did not fit.
   */
  addressBlock(lines: readonly string[]): boolean {
    const page = this.pages.at(-1);
    const { size, wrapped, fits } = addressLayout(lines, this.fonts.regular, this.fold);
    const leading = size * 1.2;
    for (const line of lines) this.unprintable += this.fold(line).unprintable;
    wrapped.slice(0, fits).forEach((line, index) => {
      page?.drawText(line, {
        x: ADDRESS_WINDOW.left + WINDOW_INSET,
        y: ADDRESS_WINDOW.top - WINDOW_INSET - size - index * leading,
        size,
        font: this.fonts.regular,
        color: BLACK,
      });
    });
    return wrapped.length > fits;
  }

  /** Moves the cursor below `y` if it is not already. */
  below(y: number): void {
    this.#y = Math.min(this.#y, y);
  }

  gap(lines = 1): void {
    this.#y -= LEADING * lines;
  }
}

/**
 * The address block laid out for the envelope's window: each line wrapped to the window's width at 12 pt or, for a long
 * address, 10 pt, and how many lines the window shows.
 */
const addressLayout = (lines: readonly string[], font: PDFFont, fold: (text: string) => CoveredText) => {
  const width = ADDRESS_WINDOW.right - ADDRESS_WINDOW.left - 2 * WINDOW_INSET;
  const height = ADDRESS_WINDOW.top - ADDRESS_WINDOW.bottom - 2 * WINDOW_INSET;
  const layout = (size: number) => lines.flatMap((line) => wrap(fold(line).text, font, size, width));
  let size = SIZE;
  let wrapped = layout(size);
  if (wrapped.length * size * 1.2 > height) {
    size = SMALL;
    wrapped = layout(size);
  }
  return { size, wrapped, fits: Math.max(1, Math.floor(height / (size * 1.2))) };
};

/** What a letter's checks find before it is printed: what `subjectLettersPdf` reports for it, without the pages. */
export interface LetterPreflight {
  unprintable: number;
  addressOverflow: boolean;
}

/**
 * The checks of each letter (characters the font cannot print, an address longer than the window shows) as
 * `subjectLettersPdf` would report them, without drawing a page: for a list of every letter of a breach before any file
 * is printed. Only the names and addresses vary between letters; the rest is the organisation's own text.
 */
export async function preflightLetters(subjects: readonly Subject[]): Promise<LetterPreflight[]> {
  const doc = await PDFDocument.create();
  const fonts = await embedLetterFonts(doc);
  const fold = coverage(fonts.regular);
  return subjects.map((subject) => {
    const addressee = subject.representative ? subject.representative.name : subject.name;
    const window = [addressee, ...addressLines(letterAddressOf(subject))];
    const texts = [...window, subject.name];
    const { wrapped, fits } = addressLayout(window, fonts.regular, fold);
    return {
      unprintable: texts.reduce((sum, text) => sum + fold(text).unprintable, 0),
      addressOverflow: wrapped.length > fits,
    };
  });
}

const small = (page: PDFPage, text: string, y: number, font: PDFFont): void => {
  page.drawText(text, { x: SIDE, y, size: SMALL, font, color: GREY });
};

export async function subjectLettersPdf({
  notice,
  subjects,
  date,
  draft = false,
}: SubjectLettersInput): Promise<SubjectLetters> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${draft ? 'Draft letters' : 'Letters'} about breach ${notice.state.breachId}`);
  doc.setCreator('Breachdesk');
  const fonts = await embedLetterFonts(doc);
  const fold = coverage(fonts.regular);
  const sections = noticeSections(notice);
  const day = formatInTimeZone(date.toISOString(), notice.policy.timeZone);
  const today = day.slice(0, day.lastIndexOf(', '));
  const { breachId } = notice.state;
  const { dpo } = notice.policy;
  const printed: PrintedLetter[] = [];
  const sender = addressLines(dpo.postalAddress);

  for (const subject of subjects) {
    const firstPage = doc.getPageCount() + 1;
    const letter = new LetterWriter(doc, fonts, fold);
    const addressee = subject.representative ? subject.representative.name : subject.name;
    // The letterhead above the window: the organisation, and where to write back flush right (beside the window
    // when it runs long, never in it).
    const top = letter.y;
    letter.line(notice.organisationName, { bold: true });
    const senderWidth = Math.max(0, ...sender.map((line) => letter.width(line, SMALL)));
    if (senderWidth <= WIDTH / 2 && letter.width(notice.organisationName, SIZE, true) + senderWidth + 24 <= WIDTH) {
      letter.right(sender, SMALL, top);
    } else if (sender.length > 0) {
      // Too wide to sit beside the name: one wrapped line under it, which ends well above the window.
      letter.line(sender.join(', '), { size: SMALL });
    }
    // The window: the addressee and the address, nothing else.
    const addressOverflow = letter.addressBlock([addressee, ...addressLines(letterAddressOf(subject))]);
    // Below the window: the reference, whom the letter is about, the date.
    letter.below(ADDRESS_WINDOW.bottom - LEADING);
    letter.line(`Our reference: ${breachId}`, { size: SMALL });
    if (subject.representative) letter.line(`About: ${subject.name}`, { size: SMALL });
    letter.line(today, { size: SMALL });
    letter.gap();
    letter.line(sections.heading, { bold: true, size: 14 });
    letter.gap(0.4);
    for (const paragraph of greetingFor(subject, notice.organisationName, sections.template).split('\n\n')) {
      letter.line(paragraph);
      letter.gap(0.4);
    }
    for (const section of sections.sections) {
      letter.gap(0.4);
      letter.keep(3);
      letter.line(section.heading, { bold: true });
      for (const paragraph of section.paragraphs) letter.line(paragraph);
      for (const item of section.list ?? []) letter.line(`•  ${item}`, { indent: 8 });
    }
    letter.gap(0.8);
    letter.keep(1 + sections.contact.length);
    letter.line('Who to contact', { bold: true });
    for (const [label, value] of sections.contact) letter.line(`${label}: ${value}`);
    letter.gap(0.8);
    letter.line(sections.footer);
    letter.gap(0.8);
    letter.keep(3.5);
    letter.line('Yours sincerely,');
    letter.gap(0.5);
    letter.line(dpo.name);
    letter.line(`Data protection officer, ${notice.organisationName}`);

    // Whose letter each page is, then a blank page to make the count even, so no sheet carries two people's letters.
    const whose = (suffix = '') => {
      // A name long enough to run off the page is shortened here: the letter's first page has it whole.
      let name = fold(addressee).text;
      const text = () => `Reference ${breachId} · Letter to ${name}${suffix}`;
      while (name.length > 1 && fonts.regular.widthOfTextAtSize(text(), SMALL) > WIDTH) name = `${name.slice(0, -2)}…`;
      return text();
    };
    const pages = letter.pages.length;
    letter.pages.forEach((page, index) => {
      if (index > 0) small(page, whose(` · page ${index + 1} of ${pages}`), PAGE_HEIGHT - TOP + 4, fonts.regular);
      else if (pages > 1)
        small(page, `Page 1 of ${pages}: the letter continues on the next page.`, BOTTOM - 18, fonts.regular);
    });
    if (pages % 2 === 1) {
      const blank = doc.addPage(PageSizes.A4);
      small(blank, whose(), PAGE_HEIGHT - TOP + 4, fonts.regular);
      const width = fonts.regular.widthOfTextAtSize(BLANK_PAGE, SIZE);
      blank.drawText(BLANK_PAGE, {
        x: (PAGE_WIDTH - width) / 2,
        y: PAGE_HEIGHT / 2,
        size: SIZE,
        font: fonts.regular,
        color: GREY,
      });
    }
    printed.push({
      firstPage,
      pages: doc.getPageCount() - firstPage + 1,
      unprintable: letter.unprintable,
      addressOverflow,
    });
  }

  if (subjects.length === 0) {
    small(
      doc.addPage(PageSizes.A4),
      `No letters to print in this file (breach ${breachId}).`,
      PAGE_HEIGHT - TOP,
      fonts.regular,
    );
  }
  if (draft) {
    // A line that says why, and a watermark across the page that nobody can miss at the franking machine.
    const watermark = 120;
    const across = fonts.bold.widthOfTextAtSize('DRAFT', watermark);
    for (const page of doc.getPages()) {
      page.drawText(DRAFT_MARK, { x: SIDE, y: PAGE_HEIGHT - TOP / 2, size: SMALL, font: fonts.bold, color: BLACK });
      page.drawText('DRAFT', {
        x: (PAGE_WIDTH - across * Math.SQRT1_2) / 2 + 20,
        y: (PAGE_HEIGHT - across * Math.SQRT1_2) / 2,
        size: watermark,
        font: fonts.bold,
        color: rgb(0.6, 0.6, 0.6),
        opacity: 0.25,
        rotate: degrees(45),
      });
    }
  }
  return { pdf: await doc.save(), letters: printed };
}
