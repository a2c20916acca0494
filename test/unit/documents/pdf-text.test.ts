import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FoldedText, winAnsiFold, winAnsiSafe, wrapText } from '../../../functions/documents/pdf-text';

let fold: (text: string) => FoldedText;
let encodable: Set<number>;

beforeAll(async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  fold = winAnsiFold(font);
  encodable = new Set(font.getCharacterSet());
  // The bold face the letters use encodes the same characters.
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  expect(new Set(bold.getCharacterSet())).toEqual(encodable);
});

const inWinAnsi = (text: string) => [...text].every((c) => encodable.has(c.codePointAt(0) ?? 0));

describe('folding names to what the standard PDF fonts can print', () => {
  it('transliterates the Latin letters that have no decomposition, instead of printing ?', () => {
    expect(fold('Łucja Nowak')).toEqual({ text: 'Lucja Nowak', unprintable: 0 });
    expect(fold('Dear Łucja, from Łódź')).toEqual({ text: 'Dear Lucja, from Lódz', unprintable: 0 });
    expect(fold('Đorđe Đukić').text).toBe('Dorde Dukic');
    expect(fold('Ħamrun, Ħal Għargħur').text).toBe('Hamrun, Hal Gharghur');
    expect(fold('Işıl Yıldırım').text).toBe('Isil Yildirim');
    expect(fold('Ŧŧ Ŋŋ ĸ').text).toBe('Tt Nn k');
    expect(fold('ŉ Ə ə ẞ').text).toBe('’n E e SS');
  });

  it('folds the letters that decompose: Romanian comma-below, Catalan middle dot, Dutch ij', () => {
    expect(fold('Ștefan Țurcanu, Şerban Ţepeş').text).toBe('Stefan Turcanu, Serban Tepes');
    expect(fold('Ŀŀ').text).toBe('L·l·');
    expect(fold('Ĳssel').text).toBe('IJssel');
    expect(fold('Zoë Ševčík, Ōsaka, Dvořák').text).toBe('Zoë Ševcík, Osaka, Dvorák');
  });

  it('keeps what WinAnsi has as it is', () => {
    const native = 'Øø Ææ Œœ ß Þþ Ðð Šš Žž Ÿ ƒ € “quotes” – — ‘’ •';
    expect(inWinAnsi(native)).toBe(true);
    expect(fold(native)).toEqual({ text: native, unprintable: 0 });
  });

  it('prints names typed with combining accents, zero-width marks and Unicode hyphens as a reader expects them', () => {
    expect(fold('Siobha\u0301n O\u0301 Da\u0301laigh')).toEqual({ text: 'Siobhán Ó Dálaigh', unprintable: 0 });
    expect(fold('Anne\u2010Marie Mu\u0308ller\u200B')).toEqual({ text: 'Anne-Marie Müller', unprintable: 0 });
    expect(fold('Keʻalohi').text).toBe('Ke‘alohi');
  });

  it('transliterates every Latin Extended-A letter to something printable, and each replacement is in WinAnsi', () => {
    for (let code = 0x100; code <= 0x17f; code += 1) {
      const char = String.fromCodePoint(code);
      const { text, unprintable } = fold(char);
      expect(unprintable, `U+${code.toString(16)} ${char}`).toBe(0);
      expect(inWinAnsi(text), `U+${code.toString(16)} ${char} → ${text}`).toBe(true);
    }
  });

  it('counts what it can only print as ?, so the letters can say which to check', () => {
    expect(fold('Алексей Петров')).toEqual({ text: '??????? ??????', unprintable: 13 });
    expect(fold('王芳 (Wang Fang)')).toEqual({ text: '?? (Wang Fang)', unprintable: 2 });
    expect(fold('Ελένη').unprintable).toBe(5);
  });

  it('winAnsiSafe gives the folded text alone', async () => {
    const safe = winAnsiSafe(await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica));
    expect(safe('Łucja\nNowak 数')).toBe('Lucja Nowak ?');
  });
});

describe('wrapping text into lines', () => {
  let font: PDFFont;

  beforeAll(async () => {
    font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
  });

  /** The wrapping as it was, measuring every candidate afresh: the reference for what the lines must be. */
  const referenceWrap = (text: string, size: number, width: number): string[] => {
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
        let cut = 1;
        while (cut < rest.length && fits(rest.slice(0, cut + 1))) cut += 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      current = rest;
    }
    if (current || lines.length === 0) lines.push(current);
    return lines;
  };

  /** A font that counts the characters it is asked to measure: the work the wrapping does. */
  const counting = () => {
    let measured = 0;
    const proxy = new Proxy(font, {
      get(target, property, receiver) {
        if (property === 'widthOfTextAtSize') {
          return (text: string, size: number) => {
            measured += text.length;
            return target.widthOfTextAtSize(text, size);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
    return { font: proxy, measured: () => measured };
  };

  const randomText = (seed: number, length: number): string => {
    const alphabet = 'aeiou nrstlWMiI.,?-  AVTo’“';
    let state = seed;
    let out = '';
    for (let i = 0; i < length; i += 1) {
      state = (state * 1103515245 + 12345) % 2147483648;
      out += alphabet[state % alphabet.length];
    }
    return out;
  };

  it('breaks lines exactly where measuring each candidate line would, for all kinds of text', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const text = randomText(seed, 1 + ((seed * 7) % 400));
      const width = 40 + (seed % 9) * 30;
      expect(wrapText(text, font, 10, width), `seed ${seed}`).toEqual(referenceWrap(text, 10, width));
    }
  });

  it('keeps every line within the width and every character of every word, in order', () => {
    const text = `${'?'.repeat(5000)} Lódz ${'W'.repeat(300)} end`;
    const lines = wrapText(text, font, 10, 200);

    for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(200);
    expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
  });

  it.each([
    ['one unbroken word, as a description in a script the fonts print as ?', (n: number) => '?'.repeat(n)],
    ['short words', (n: number) => 'ab cd ef gh '.repeat(n / 12)],
    ['long and short words mixed', (n: number) => randomText(7, n)],
  ])('measures a bounded number of characters per character of text: %s', (_, make) => {
    // The work is counted, not timed (timings are in bench/pdf-wrap.ts): the characters the font is asked to measure.
    const perCharacter = (length: number) => {
      const meter = counting();
      wrapText(make(length), meter.font, 10, 480);
      return meter.measured() / length;
    };

    const small = perCharacter(1_000);
    const large = perCharacter(100_000);

    expect(large).toBeLessThanOrEqual(Math.max(small, 1));
    expect(large).toBeLessThan(1);
  });
});
