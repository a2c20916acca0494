import type { PDFFont } from 'pdf-lib';

/** Text helpers shared by every PDF Breachdesk prints, all in pdf-lib's standard (WinAnsi) fonts. */

/**
 * Latin letters with no Unicode decomposition, which NFKD therefore cannot fold to a base letter WinAnsi has, written
 * as they are usually transliterated: Polish Ł, Croatian and Vietnamese Đ, Maltese Ħ, Turkish ı, Sámi Ŋ and Ŧ,
 * Greenlandic ĸ, Afrikaans ŉ, the hooked letters of African alphabets, Azerbaijani Ə, capital ẞ; and the apostrophes
 * and hyphens names are written with. WinAnsi itself has Ø ø Æ æ Œ œ ß Þ þ Ð ð Š š Ž ž Ÿ (kept as they are); Ș ș Ț ț
 * Ş ş Ţ ţ Ŀ ŀ Ĳ ĳ decompose (to S s T t S s T t L· l· IJ ij) and need no entry here (test/unit/documents/pdf-text.test.ts
 * checks both against the font).
 */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  ĸ: 'k',
  Ł: 'L',
  ł: 'l',
  Ŋ: 'N',
  ŋ: 'n',
  Ŧ: 'T',
  ŧ: 't',
  ŉ: '’n',
  ƀ: 'b',
  Ɓ: 'B',
  ɓ: 'b',
  Ɗ: 'D',
  ɗ: 'd',
  Ɖ: 'D',
  ɖ: 'd',
  Ǝ: 'E',
  ǝ: 'e',
  Ə: 'E',
  ə: 'e',
  Ɛ: 'E',
  ɛ: 'e',
  Ɔ: 'O',
  ɔ: 'o',
  Ƒ: 'F',
  Ǥ: 'G',
  ǥ: 'g',
  Ɨ: 'I',
  ɨ: 'i',
  Ƙ: 'K',
  ƙ: 'k',
  Ɲ: 'N',
  ɲ: 'n',
  Ƴ: 'Y',
  ƴ: 'y',
  Ʒ: 'Z',
  ʒ: 'z',
  Ǯ: 'Z',
  ǯ: 'z',
  Ƶ: 'Z',
  ƶ: 'z',
  Ȥ: 'Z',
  ȥ: 'z',
  ẞ: 'SS',
  '\u02BB': '‘',
  '\u02BC': '’',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2212': '-',
};

/** What folding did to a text: the text as printed, and how many characters it could only print as '?'. */
export interface FoldedText {
  text: string;
  unprintable: number;
}

/** Characters that change nothing a reader sees: combining marks left over after NFC, zero-width and format marks. */
const INVISIBLE = /^[\p{M}\p{Cf}]$/u;

/**
 * Folds text to what the font can encode: WinAnsi has no glyph outside Latin-1 and a few typographic marks. A letter
 * with an accent WinAnsi lacks loses the accent (ě → e), a Latin letter with no decomposition is transliterated
 * (Ł → L), and anything else (a name in another script) becomes '?' and is counted, so the caller can say so.
 */
export const winAnsiFold = (font: PDFFont) => {
  const encodable = new Set(font.getCharacterSet());
  const has = (text: string) => [...text].every((c) => encodable.has(c.codePointAt(0) ?? 0));
  return (text: string): FoldedText => {
    let out = '';
    let unprintable = 0;
    for (const char of text.normalize('NFC').replace(/[\t\r\n\f\v]+/g, ' ')) {
      if (encodable.has(char.codePointAt(0) ?? 0)) {
        out += char;
        continue;
      }
      const transliterated = TRANSLITERATIONS[char];
      if (transliterated !== undefined && has(transliterated)) {
        out += transliterated;
        continue;
      }
      if (INVISIBLE.test(char)) continue;
      const folded = [...char.normalize('NFKD')].filter((c) => encodable.has(c.codePointAt(0) ?? 0)).join('');
      if (folded.length > 0) out += folded;
      else {
        out += '?';
        unprintable += 1;
      }
    }
    return { text: out, unprintable };
  };
};

/** winAnsiFold's text alone, for documents that need not report what they could not print. */
export const winAnsiSafe = (font: PDFFont) => {
  const fold = winAnsiFold(font);
  return (text: string): string => fold(text).text;
};

/** No character: the start of a line. */
const NONE = -1;

/**
 * A string's width as the font measures it (pdf-lib: each glyph's advance plus the kerning of each pair), built up one
 * character at a time. Each character's width and each pair's kerning is measured once and kept, so measuring text
 * costs a constant per character however long the text: the wrapping below stays linear in the text's length, where
 * measuring every candidate line afresh made a long unbroken word (a name or a sentence in a script the fonts print
 * as '?') take time growing with the square of its length, minutes for a 10,000-character description. Characters
 * are UTF-16 code units: the text is folded to WinAnsi first, which lies wholly in the Basic Multilingual Plane.
 */
const widthMeter = (font: PDFFont, size: number) => {
  const glyphs = new Map<number, number>();
  const pairs = new Map<number, number>();
  const glyph = (code: number): number => {
    let width = glyphs.get(code);
    if (width === undefined) {
      width = font.widthOfTextAtSize(String.fromCharCode(code), size);
      glyphs.set(code, width);
    }
    return width;
  };
  /** The kerning between two characters: what the pair measures beyond its two glyphs. */
  const kerning = (left: number, right: number): number => {
    const key = left * 0x10000 + right;
    let kern = pairs.get(key);
    if (kern === undefined) {
      kern = font.widthOfTextAtSize(String.fromCharCode(left, right), size) - glyph(left) - glyph(right);
      pairs.set(key, kern);
    }
    return kern;
  };
  /** The width of a string followed by `code`, given the string's width and its last character. */
  return (width: number, last: number, code: number): number =>
    width + glyph(code) + (last === NONE ? 0 : kerning(last, code));
};

const SPACE = 0x20;

/**
 * Breaks text into lines no wider than `width`, at spaces where it can and inside a word where it must. Greedy: each
 * line takes as many words as fit, a word too long for any line is cut into pieces as long as fit (at least one
 * character each). Linear in the length of the text.
 */
export const wrapText = (text: string, font: PDFFont, size: number, width: number): string[] => {
  const extend = widthMeter(font, size);
  const lines: string[] = [];
  let current = '';
  let currentWidth = 0;
  let currentLast = NONE;

  for (const word of text.split(' ')) {
    if (word.length === 0) continue;
    // The line with this word added: after a space if the line has words already.
    let joined = current ? extend(currentWidth, currentLast, SPACE) : 0;
    let last = current ? SPACE : NONE;
    for (let index = 0; index < word.length && joined <= width; index += 1) {
      const code = word.charCodeAt(index);
      joined = extend(joined, last, code);
      last = code;
    }
    if (joined <= width) {
      current = current ? `${current} ${word}` : word;
      currentWidth = joined;
      currentLast = last;
      continue;
    }
    if (current) lines.push(current);
    // The word starts a line of its own; while it is too wide, cut off as many characters as fit (at least one).
    let start = 0;
    let pieceWidth = 0;
    last = NONE;
    for (let index = 0; index < word.length; index += 1) {
      const code = word.charCodeAt(index);
      const next = extend(pieceWidth, last, code);
      if (next > width && index > start) {
        lines.push(word.slice(start, index));
        start = index;
        pieceWidth = extend(0, NONE, code);
      } else {
        pieceWidth = next;
      }
      last = code;
    }
    current = word.slice(start);
    currentWidth = pieceWidth;
    currentLast = last;
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
};
