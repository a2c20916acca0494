import type { PDFFont } from 'pdf-lib';

/** Text helpers shared by every PDF Breachdesk prints, all in pdf-lib's standard (WinAnsi) fonts. */

/** Replaces what the font cannot encode: WinAnsi has no glyph outside Latin-1 and a few typographic marks. */
export const winAnsiSafe = (font: PDFFont) => {
  const encodable = new Set(font.getCharacterSet());
  return (text: string): string => {
    let out = '';
    for (const char of text.replace(/[\t\r\n\f\v]+/g, ' ')) {
      const code = char.codePointAt(0) ?? 0;
      if (encodable.has(code)) {
        out += char;
        continue;
      }
      const folded = [...char.normalize('NFKD')].filter((c) => encodable.has(c.codePointAt(0) ?? 0)).join('');
      out += folded.length > 0 ? folded : '?';
    }
    return out;
  };
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
