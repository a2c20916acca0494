import { PageSizes, type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { wrapText as wrap } from './pdf-text';

/**
 * Portrait A4 documents of headed sections of labelled entries (the register, the board report): text set from the
 * top, a new page when the current one is full, a label column and a value column that wrap side by side.
 */

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
export const MARGIN = 48;
export const WIDTH = PAGE_WIDTH - 2 * MARGIN;
export const SIZE = 9.5;
export const LEADING = 13;
const LABEL_WIDTH = 150;
const FOOTER = 30;
const BLACK = rgb(0, 0, 0);
export const GREY = rgb(0.35, 0.35, 0.35);

/** Puts `<caption>: page N of M` at the foot of every page of a document written with SectionWriter. */
export const footPages = (doc: PDFDocument, font: PDFFont, caption: string): void => {
  const pages = doc.getPages();
  pages.forEach((page, index) => {
    page.drawText(`${caption}: page ${index + 1} of ${pages.length}`, {
      x: MARGIN,
      y: MARGIN - 10,
      size: 8,
      font,
      color: GREY,
    });
  });
};

export class SectionWriter {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
    private readonly safe: (text: string) => string,
  ) {
    this.page = doc.addPage(PageSizes.A4);
    this.y = PAGE_HEIGHT - MARGIN;
  }
  newPage(): void {
    this.page = this.doc.addPage(PageSizes.A4);
    this.y = PAGE_HEIGHT - MARGIN;
  }
  room(lines: number): void {
    if (this.y - lines * LEADING < MARGIN + FOOTER) this.newPage();
  }
  text(
    text: string,
    options: { bold?: boolean; size?: number; x?: number; width?: number; colour?: typeof BLACK } = {},
  ) {
    const size = options.size ?? SIZE;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const lines = wrap(this.safe(text), font, size, options.width ?? WIDTH);
    for (const line of lines) {
      this.room(1);
      this.page.drawText(line, {
        x: options.x ?? MARGIN,
        y: this.y - size,
        size,
        font,
        color: options.colour ?? BLACK,
      });
      this.y -= LEADING * (size / SIZE);
    }
  }
  entry(label: string, value: string): void {
    const labelLines = wrap(this.safe(label), this.fonts.bold, SIZE, LABEL_WIDTH - 8);
    const valueLines = wrap(this.safe(value), this.fonts.regular, SIZE, WIDTH - LABEL_WIDTH);
    const count = Math.max(labelLines.length, valueLines.length);
    for (let i = 0; i < count; i += 1) {
      this.room(1);
      const l = labelLines[i];
      const v = valueLines[i];
      if (l) this.page.drawText(l, { x: MARGIN, y: this.y - SIZE, size: SIZE, font: this.fonts.bold, color: GREY });
      if (v) this.page.drawText(v, { x: MARGIN + LABEL_WIDTH, y: this.y - SIZE, size: SIZE, font: this.fonts.regular });
      this.y -= LEADING;
    }
  }
  rule(): void {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + WIDTH, y: this.y },
      thickness: 0.5,
      color: rgb(0.6, 0.6, 0.6),
    });
    this.y -= LEADING / 2;
  }
}
