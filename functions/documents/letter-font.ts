import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { LETTER_FONT_FILES } from './letter-font-files';

/**
 * The typeface of the letters to people: DejaVu Sans, whose one TrueType file covers every Latin script (Polish ż and
 * Ł, Vietnamese ễ, Turkish ı, Romanian ș, Icelandic ð, the hooked letters of African alphabets) and Greek and
 * Cyrillic besides, so a name prints as its owner writes it: "Grażyna", never "Grazyna". Embedded as a subset (only the
 * glyphs a file uses: about 10 KiB rather than the font's 740 KiB). Noto Sans, the other candidate, ships in npm only
 * as WOFF files split by script, so a Polish and a Vietnamese name would need two fonts.
 *
 * What the font has no glyph for (Chinese, Japanese, Korean, Indic scripts, emoji) is printed as '?' and counted, so
 * the letters check names the letter to write by hand; nothing is folded silently to another letter.
 */

export { LETTER_FONT_FILES };

/** Where a file is found: beside the bundled handler (CDK copies it there), else in node_modules (tsx, vitest). */
const locations = (file: string): string[] => {
  const candidates = [fileURLToPath(new URL(`./${file}`, import.meta.url))];
  try {
    candidates.push(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${file}`));
  } catch {
    // Not installed (a bundle): the copy beside the handler is the only one.
  }
  return candidates;
};

export class LetterFontMissingError extends Error {
  override readonly name = 'LetterFontMissingError';
  constructor(readonly tried: readonly string[]) {
    super(`the letters' font was not found; tried ${tried.join(', ')}`);
  }
}

const cache = new Map<string, Uint8Array>();
const fontBytes = (file: string): Uint8Array => {
  const cached = cache.get(file);
  if (cached) return cached;
  const tried = locations(file);
  const found = tried.find((path) => existsSync(path));
  if (!found) throw new LetterFontMissingError(tried);
  const bytes = new Uint8Array(readFileSync(found));
  cache.set(file, bytes);
  return bytes;
};

export interface LetterFonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface FontkitGlyph {
  advanceWidth: number;
}
interface LayoutFont {
  layout(text: string, features?: unknown): { glyphs: FontkitGlyph[] };
  glyphForCodePoint(codePoint: number): FontkitGlyph;
}

/**
 * Characters laid out one by one, each glyph looked up once. pdf-lib measures and encodes an embedded font's text by
 * running fontkit's whole shaping (OpenType features, ligatures, kerning) on every string, and word wrapping measures
 * every candidate line: for a file of a hundred letters that was most of the time taken (3 ms a line). Latin, Greek
 * and Cyrillic names and prose need no shaping; printing each character as its own glyph also keeps "fi" and "ff"
 * as two letters a screen reader and a text search find. Widths and glyphs then come from the same lookup, so what
 * wrapping measures is exactly what prints.
 */
const unshaped = (font: PDFFont): PDFFont => {
  const embedder = (font as unknown as { embedder?: { font?: LayoutFont } }).embedder;
  const fontkitFont = embedder?.font;
  if (!fontkitFont) return font;
  const glyphs = new Map<number, FontkitGlyph>();
  fontkitFont.layout = (text: string) => ({
    glyphs: Array.from(text, (char) => {
      const codePoint = char.codePointAt(0) ?? 0;
      let glyph = glyphs.get(codePoint);
      if (!glyph) {
        glyph = fontkitFont.glyphForCodePoint(codePoint);
        glyphs.set(codePoint, glyph);
      }
      return glyph;
    }),
  });
  return font;
};

export async function embedLetterFonts(doc: PDFDocument): Promise<LetterFonts> {
  doc.registerFontkit(fontkit);
  return {
    regular: unshaped(await doc.embedFont(fontBytes(LETTER_FONT_FILES.regular), { subset: true })),
    bold: unshaped(await doc.embedFont(fontBytes(LETTER_FONT_FILES.bold), { subset: true })),
  };
}

/** What the font made of a text: the text as printed, and how many characters it has no glyph for. */
export interface CoveredText {
  text: string;
  unprintable: number;
}

/** Characters that change nothing a reader sees: combining marks left over after NFC, zero-width and format marks. */
const INVISIBLE = /^[\p{M}\p{Cf}]$/u;

/**
 * Text as the font prints it: composed (NFC) so that "z" + combining dot is the font's "ż", whitespace as spaces, and
 * every character the font lacks printed as '?' and counted. Invisible marks the font lacks are dropped: they change
 * nothing a reader sees.
 */
export const coverage = (font: PDFFont) => {
  const glyphs = new Set(font.getCharacterSet());
  return (text: string): CoveredText => {
    let out = '';
    let unprintable = 0;
    for (const char of text.normalize('NFC').replace(/[\t\r\n\f\v]+/g, ' ')) {
      if (glyphs.has(char.codePointAt(0) ?? 0)) out += char;
      else if (INVISIBLE.test(char)) continue;
      else {
        out += '?';
        unprintable += 1;
      }
    }
    return { text: out, unprintable };
  };
};
