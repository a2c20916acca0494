import {
  decodePDFRawStream,
  PDFArray,
  type PDFDocument,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';

/**
 * The text a PDF shows, read back from its content streams: one string per text-showing operator (`Tj`), page by page.
 * Enough for the documents Breachdesk draws with pdf-lib's standard fonts (one `Tj` per printed line, WinAnsi hex
 * strings); not a general PDF text extractor. Used to assert what a printed letter actually says, rather than what
 * the code that drew it meant to say.
 */

/** WinAnsiEncoding's 0x80–0x9F, where it differs from Latin-1 (PDF 32000-1, Annex D); unused codes stay as they are. */
const WIN_ANSI_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

const winAnsi = (bytes: readonly number[]): string =>
  bytes.map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_HIGH[b - 0x80] : String.fromCharCode(b))).join('');

const fromHex = (hex: string): number[] => {
  const digits = hex.replace(/\s+/g, '');
  const padded = digits.length % 2 === 1 ? `${digits}0` : digits;
  const out: number[] = [];
  for (let i = 0; i < padded.length; i += 2) out.push(Number.parseInt(padded.slice(i, i + 2), 16));
  return out;
};

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

const fromLiteral = (literal: string): number[] => {
  const out: number[] = [];
  for (let i = 0; i < literal.length; i += 1) {
    const char = literal[i] as string;
    if (char !== '\\') {
      out.push(char.charCodeAt(0));
      continue;
    }
    const next = literal[i + 1] ?? '';
    const octal = /^[0-7]{1,3}/.exec(literal.slice(i + 1))?.[0];
    if (octal) {
      out.push(Number.parseInt(octal, 8) & 0xff);
      i += octal.length;
    } else {
      if (ESCAPES[next] !== undefined) out.push(ESCAPES[next]);
      i += 1;
    }
  }
  return out;
};

const SHOW_TEXT = /<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\[\s\S]|[^\\)])*)\)\s*Tj/g;

const streamBytes = (doc: PDFDocument, object: PDFObject | undefined): Uint8Array[] => {
  const resolved = object instanceof PDFRef ? doc.context.lookup(object) : object;
  if (resolved instanceof PDFArray) return resolved.asArray().flatMap((item) => streamBytes(doc, item));
  if (resolved instanceof PDFRawStream) return [decodePDFRawStream(resolved).decode()];
  if (resolved instanceof PDFStream) return [resolved.getContents()];
  return [];
};

/** Each page's lines, in the order they were drawn. */
export function pageLines(doc: PDFDocument): string[][] {
  return doc.getPages().map((page) => {
    const content = streamBytes(doc, page.node.Contents())
      .map((bytes) => Buffer.from(bytes).toString('latin1'))
      .join('\n');
    const lines: string[] = [];
    for (const match of content.matchAll(SHOW_TEXT)) {
      lines.push(winAnsi(match[1] !== undefined ? fromHex(match[1]) : fromLiteral(match[2] ?? '')));
    }
    return lines;
  });
}

/** Text compared as a reader sees it: one space between words, wherever a line was wrapped. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
