import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FoldedText, winAnsiFold, winAnsiSafe } from '../../../functions/documents/pdf-text';

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
