import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
} from 'pdf-lib';

/**
 * The text a PDF shows, read back from its content streams: one string per text-showing operator (`Tj`), page by page.
 * Enough for the documents Breachdesk draws with pdf-lib (one `Tj` per printed line: WinAnsi strings in the standard
 * fonts, two-byte glyph codes read through the ToUnicode map in an embedded font); not a general PDF text extractor. Used to assert what a printed letter actually says, rather than what
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

/** One text-showing operator (`Tj`) as drawn: its text, where it starts (PDF points from the bottom left), its size. */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  size: number;
}

const OPERATORS =
  /\/([^\s/<>()[\]]+)\s+([\d.]+)\s+Tf|([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+Tm|<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\[\s\S]|[^\\)])*)\)\s*Tj/g;

const streamBytes = (doc: PDFDocument, object: PDFObject | undefined): Uint8Array[] => {
  const resolved = object instanceof PDFRef ? doc.context.lookup(object) : object;
  if (resolved instanceof PDFArray) return resolved.asArray().flatMap((item) => streamBytes(doc, item));
  if (resolved instanceof PDFRawStream) return [decodePDFRawStream(resolved).decode()];
  if (resolved instanceof PDFStream) return [resolved.getContents()];
  return [];
};

/**
 * An embedded (Type0, Identity-H) font's two-byte codes to text, from its ToUnicode CMap (bfchar and bfrange entries,
 * as pdf-lib writes them). Standard fonts have no such map: their strings are WinAnsi.
 */
const toUnicodeOf = (doc: PDFDocument, font: PDFObject | undefined): Map<number, string> | undefined => {
  const dict = font instanceof PDFRef ? doc.context.lookup(font) : font;
  if (!(dict instanceof PDFDict)) return undefined;
  const stream = dict.get(PDFName.of('ToUnicode'));
  if (!stream) return undefined;
  const cmap = streamBytes(doc, stream)
    .map((bytes) => Buffer.from(bytes).toString('latin1'))
    .join('\n');
  const map = new Map<number, string>();
  const unicode = (hex: string) => {
    const units: number[] = [];
    for (let i = 0; i < hex.length; i += 4) units.push(Number.parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      map.set(Number.parseInt(code ?? '', 16), unicode(text ?? ''));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, from, to, start] of (block[1] ?? '').matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
    )) {
      const first = Number.parseInt(from ?? '', 16);
      const base = Number.parseInt(start ?? '', 16);
      for (let code = first; code <= Number.parseInt(to ?? '', 16); code += 1) {
        map.set(code, String.fromCodePoint(base + code - first));
      }
    }
  }
  return map;
};

/** Each page's text operators with their positions, in the order they were drawn. */
export function pageTexts(doc: PDFDocument): PlacedText[][] {
  return doc.getPages().map((page) => {
    const fonts = new Map<string, Map<number, string> | undefined>();
    const fontDict = page.node.Resources()?.lookup(PDFName.of('Font'));
    if (fontDict instanceof PDFDict) {
      for (const [name, ref] of fontDict.entries()) fonts.set(name.decodeText(), toUnicodeOf(doc, ref));
    }
    const content = streamBytes(doc, page.node.Contents())
      .map((bytes) => Buffer.from(bytes).toString('latin1'))
      .join('\n');
    const texts: PlacedText[] = [];
    let cmap: Map<number, string> | undefined;
    let size = 0;
    let x = 0;
    let y = 0;
    for (const m of content.matchAll(OPERATORS)) {
      if (m[1] !== undefined) {
        cmap = fonts.get(m[1]);
        size = Number(m[2]);
      } else if (m[3] !== undefined) {
        x = Number(m[7]);
        y = Number(m[8]);
      } else {
        const bytes = m[9] !== undefined ? fromHex(m[9]) : fromLiteral(m[10] ?? '');
        let text: string;
        if (cmap) {
          text = '';
          for (let i = 0; i + 1 < bytes.length; i += 2) {
            text += cmap.get(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)) ?? '\uFFFD';
          }
        } else text = winAnsi(bytes);
        texts.push({ text, x, y, size });
      }
    }
    return texts;
  });
}

/** Each page's lines, in the order they were drawn. */
export function pageLines(doc: PDFDocument): string[][] {
  return pageTexts(doc).map((texts) => texts.map((t) => t.text));
}

/** Text compared as a reader sees it: one space between words, wherever a line was wrapped. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();
