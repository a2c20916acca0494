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

/** Breaks text into lines no wider than `width`, at spaces where it can and inside a word where it must. */
export const wrapText = (text: string, font: PDFFont, size: number, width: number): string[] => {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    const candidate = current ? `${current} ${word}` : word;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut -= 1;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
};
