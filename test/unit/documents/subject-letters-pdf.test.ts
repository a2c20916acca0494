import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  ADDRESS_WINDOW,
  BLANK_PAGE,
  DRAFT_MARK,
  type SubjectLettersInput,
  subjectLettersPdf,
} from '../../../functions/documents/subject-letters-pdf';
import { assessBreach } from '../../../functions/domain/assessment';
import type { DpoContact } from '../../../functions/domain/policy';
import { PRESETS } from '../../../functions/domain/presets';
import type { BreachReport } from '../../../functions/domain/report';
import { type NoticeCase, noticeSections, renderSubjectNotice } from '../../../functions/domain/subject-notice';
import type { Subject } from '../../../functions/domain/subjects';
import { flat, type PlacedText, pageLines, pageTexts } from '../../e2e/support/pdf-text';
import { aReport } from '../../support/event-fixtures';

const BREACH = 'BR-7K3M-9QXD-2F8A-1C4E';
const ORGANISATION = 'Riverside Care';
const DATE = new Date('2025-03-04T10:00:00Z');

/** The social-care case of test/e2e/letters.test.ts: key-safe codes stolen with care plans, contained, reported. */
const noticeFor = (dpo: Partial<DpoContact> = {}, report: Partial<BreachReport> = {}): NoticeCase => {
  const full = aReport({
    cause: { category: 'stolen-paper' },
    dataCategories: ['basic-identifiers', 'property-access-codes', 'social-care-records'],
    subjectCategories: ['service-users', 'vulnerable-adults'],
    recipient: 'unknown',
    recovery: 'not-recovered',
    malicious: 'yes',
    police: { informed: true, crimeReference: 'WM/20412/26' },
    ...report,
  });
  const policy = PRESETS['social-care'];
  return {
    state: {
      breachId: BREACH,
      report: full,
      assessment: assessBreach(full, policy),
      decisions: {
        contain: {
          at: '2025-03-03T10:00:00Z',
          via: 'link',
          data: {
            decidedBy: { name: 'Rae Manager', role: 'Registered Manager' },
            contained: true,
            measures: 'All codes changed.',
            containedAt: '2025-03-03T10:00:00Z',
          },
        },
      },
      plan: { authority: true, subjects: true, controller: false, otherParties: true },
    } as NoticeCase['state'],
    organisationName: ORGANISATION,
    policy: { ...policy, dpo: { ...policy.dpo, name: 'Dana Protection', ...dpo } },
  };
};

const cora: Subject = { name: 'Cora Dunleavy', postalAddress: '7 Church Street\nBewdley\nDY12 2AA' };
const dmitri: Subject = {
  name: 'Dmitri Ebbesen',
  postalAddress: '31 Orchard Close, Stourport-on-Severn DY13 8QP',
  representative: { name: 'Ellen Ebbesen', relationship: 'next-of-kin' },
};
const fenna: Subject = {
  name: 'Fenna Goh',
  postalAddress: '5 The Green, Hartlebury DY11 7TD',
  representative: {
    name: 'Gus Goh',
    relationship: 'attorney',
    postalAddress: 'Goh & Partners, 12 High Street, Worcester WR1 2HH',
  },
};

const print = async (input: Partial<SubjectLettersInput> & { subjects: readonly Subject[] }) => {
  const { pdf, letters } = await subjectLettersPdf({ notice: noticeFor(), date: DATE, ...input });
  const doc = await PDFDocument.load(pdf);
  return { doc, letters, pages: pageLines(doc) };
};

describe('printed letters to the people affected', () => {
  it.each([
    ['Polish', 'Łucja Grażyna Nowak'],
    ['Vietnamese', 'Nguyễn Thị Đức'],
    ['Turkish and Romanian', 'Işıl Ștefănescu'],
    ['Icelandic', 'Þórður Aðalsteinsdóttir'],
    ['Hausa', 'Ɓello Ɗanjuma'],
    ['Greek', 'Ελένη Παπαδοπούλου'],
    ['Russian', 'Алексей Петров'],
  ])('prints a %s name exactly as its owner writes it, never folded or with ?', async (_script, name) => {
    const { pages, letters } = await print({
      subjects: [{ name, postalAddress: '3 Mill Row, Kidderminster DY10 2JJ' }],
    });
    const text = flat(pages.flat().join(' '));

    expect(pages[0]).toContain(name);
    expect(text).toContain(`Dear ${name},`);
    expect(text).not.toContain('?');
    expect(letters[0]?.unprintable).toBe(0);
  });

  it('counts the characters of a name in a script the font lacks, for the letters check to flag the letter', async () => {
    const { letters, pages } = await print({
      subjects: [cora, { name: '王秀英', postalAddress: '1 Station Road, Bewdley DY12 1AA' }],
    });

    expect(letters[0]?.unprintable).toBe(0);
    // In the window and in the greeting.
    expect(letters[1]?.unprintable).toBe(6);
    expect(letters[1]?.firstPage).toBe((letters[0]?.pages ?? 0) + 1);
    expect(pages.flat()).toContain('???');
  });

  it('fits a window envelope: the window holds the addressee and the address, and nothing else', async () => {
    const noah: Subject = {
      name: 'Noah Whitfield',
      postalAddress: '14 Elm Grove\nWorcester WR2 4LP',
      representative: { name: 'Sarah Whitfield', relationship: 'parent' },
    };
    const { pdf } = await subjectLettersPdf({ notice: noticeFor(), date: DATE, subjects: [noah, cora, fenna] });
    const doc = await PDFDocument.load(pdf);
    const placed = pageTexts(doc);
    const inWindow = (t: PlacedText) =>
      t.x >= ADDRESS_WINDOW.left &&
      t.x < ADDRESS_WINDOW.right &&
      t.y <= ADDRESS_WINDOW.top &&
      t.y >= ADDRESS_WINDOW.bottom;
    const firstPages = [0, 2, 4].map((index) => placed[index] ?? []);

    expect(firstPages.map((page) => page.filter(inWindow).map((t) => t.text))).toEqual([
      ['Sarah Whitfield', '14 Elm Grove', 'Worcester WR2 4LP'],
      ['Cora Dunleavy', '7 Church Street', 'Bewdley', 'DY12 2AA'],
      ['Gus Goh', 'Goh & Partners', '12 High Street', 'Worcester WR1 2HH'],
    ]);
    // Nothing drawn runs into the window from its left either: every line in its height starts right of it or inside.
    for (const page of firstPages) {
      const beside = page.filter((t) => t.y <= ADDRESS_WINDOW.top && t.y >= ADDRESS_WINDOW.bottom && !inWindow(t));
      for (const t of beside) expect(t.x).toBeGreaterThanOrEqual(ADDRESS_WINDOW.right);
    }
    // The child's name and the reference are below the window.
    const below = (firstPages[0] ?? []).filter((t) => t.y < ADDRESS_WINDOW.bottom).map((t) => t.text);
    expect(below.slice(0, 2)).toEqual([`Our reference: ${BREACH}`, 'About: Noah Whitfield']);
  });

  it('flags an address too long for the window, printing the lines that fit', async () => {
    const long: Subject = {
      name: 'Bram Castillo',
      postalAddress: Array.from({ length: 12 }, (_, i) => `Line ${i + 1}`).join('\n'),
    };
    const { letters } = await print({ subjects: [long, cora] });
    expect(letters.map((l) => l.addressOverflow)).toEqual([true, false]);
  });

  it('prints the usual letter in clear print on the two sides of one sheet, the back marked with whose it is', async () => {
    // The fullest usual case: a representative at a three-line address of their own, a phone and an address to reply to.
    const notice = noticeFor({
      phone: '01632 960 321',
      postalAddress: 'Care Office, 20 Foregate Street\nWorcester WR1 1DN',
    });
    const { doc, pages, letters } = await print({ notice, subjects: [cora, dmitri, fenna] });

    expect(doc.getPageCount()).toBe(6);
    expect(letters).toEqual([
      { firstPage: 1, pages: 2, unprintable: 0, addressOverflow: false },
      { firstPage: 3, pages: 2, unprintable: 0, addressOverflow: false },
      { firstPage: 5, pages: 2, unprintable: 0, addressOverflow: false },
    ]);
    const to = ['Cora Dunleavy', 'Ellen Ebbesen', 'Gus Goh'];
    for (const [index, name] of to.entries()) {
      const [front, back] = [pages[2 * index] ?? [], pages[2 * index + 1] ?? []];
      expect(front.at(-1)).toBe('Page 1 of 2: the letter continues on the next page.');
      // The back names the letter and ends with the signature: nothing of it runs onto the next person's sheet.
      expect(back).toContain(`Reference ${BREACH} · Letter to ${name} · page 2 of 2`);
      expect(back).toContain(`Data protection officer, ${ORGANISATION}`);
      expect(pages[2 * index + 2]?.join(' ') ?? '').not.toContain('Yours sincerely');
    }
  });

  it('marks each page of a longer letter with the reference, the addressee and its page number, and pads it to an even count', async () => {
    // A long address and a long organisation name push the letter onto a second and a third page.
    const long: Subject = {
      name: 'Bram Castillo',
      postalAddress: Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of a very long address`).join('\n'),
    };
    const { doc, pages, letters } = await print({ subjects: [long, cora] });
    const first = letters[0];
    const content = (first?.pages ?? 0) - 1;

    expect(first?.pages).toBeGreaterThanOrEqual(2);
    expect((first?.pages ?? 0) % 2).toBe(0);
    expect(letters[1]?.firstPage).toBe((first?.pages ?? 0) + 1);
    expect(doc.getPageCount() % 2).toBe(0);
    const lastContent = pages[content - 1] ?? [];
    const [whose, blank] = pages[content] ?? [];
    if (blank === BLANK_PAGE) {
      expect(whose).toBe(`Reference ${BREACH} · Letter to Bram Castillo`);
    }
    const count = blank === BLANK_PAGE ? content : content + 1;
    expect(pages[0]).toContain(`Page 1 of ${count}: the letter continues on the next page.`);
    for (let page = 2; page <= count; page += 1) {
      expect(pages[page - 1], `page ${page}`).toContain(
        `Reference ${BREACH} · Letter to Bram Castillo · page ${page} of ${count}`,
      );
    }
    expect(flat((blank === BLANK_PAGE ? lastContent : (pages[content] ?? [])).join(' '))).toContain('Yours sincerely,');
  });

  it('writes to a representative at their own address when given, else at the person’s', async () => {
    const { pages } = await print({ subjects: [fenna, dmitri] });
    const [goh, ebbesen] = [pages[0] ?? [], pages[2] ?? []];

    const at = (lines: string[], name: string) => lines.slice(lines.indexOf(name), lines.indexOf(name) + 7);
    expect(at(goh, 'Gus Goh')).toEqual([
      'Gus Goh',
      'Goh & Partners',
      '12 High Street',
      'Worcester WR1 2HH',
      `Our reference: ${BREACH}`,
      'About: Fenna Goh',
      'Tuesday 4 March 2025',
    ]);
    expect(goh.join(' ')).not.toContain('Hartlebury');
    expect(at(ebbesen, 'Ellen Ebbesen').slice(0, 6)).toEqual([
      'Ellen Ebbesen',
      '31 Orchard Close',
      'Stourport-on-Severn DY13 8QP',
      `Our reference: ${BREACH}`,
      'About: Dmitri Ebbesen',
      'Tuesday 4 March 2025',
    ]);
  });

  it('gives the DPO’s postal address as the sender’s and in the contact block, so people without e-mail can reply', async () => {
    const notice = noticeFor({ postalAddress: 'Riverside Care, 1 Quay Street\nWorcester WR1 2JN', phone: undefined });
    const { pages } = await print({ notice, subjects: [cora] });
    const [page] = pages;

    expect(page?.slice(0, 6)).toEqual([
      ORGANISATION,
      'Riverside Care',
      '1 Quay Street',
      'Worcester WR1 2JN',
      'Cora Dunleavy',
      '7 Church Street',
    ]);
    expect(pages.flat()).toContain('Postal address: Riverside Care, 1 Quay Street, Worcester WR1 2JN');
  });

  it('carries everything the e-mail says, its closing paragraph under Article 34 included', async () => {
    const notice = noticeFor({ phone: '01632 960 321', postalAddress: '1 Quay Street, Worcester WR1 2JN' });
    const { pages } = await print({ notice, subjects: [dmitri] });
    const letter = flat(pages.flat().join(' '));
    const mail = renderSubjectNotice(notice, dmitri).text;
    const { footer } = noticeSections(notice);

    expect(footer).toContain('We are telling you under Article 34 of the UK GDPR.');
    // Every line of the e-mail's body, from the greeting to its footer, is in the letter (the masthead aside).
    const body = mail.split('\n').slice(2);
    const lines = body
      .filter((line) => line.trim() !== '' && !/^(-+|=+)$/.test(line))
      .map((line) => flat(line.replace(/^- /, '•  ')));
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(letter).toContain(line);
  });

  it('marks every page of a draft, so a letter printed before the decision is not posted', async () => {
    const { doc, pages } = await print({ subjects: [cora], draft: true });

    expect(doc.getTitle()).toBe(`Draft letters about breach ${BREACH}`);
    expect(pages).toHaveLength(2);
    for (const page of pages) expect(page.slice(-2)).toEqual([DRAFT_MARK, 'DRAFT']);
    const final = await print({ subjects: [cora] });
    expect(final.pages.flat()).not.toContain(DRAFT_MARK);
    expect(final.pages.flat()).not.toContain('DRAFT');
  });
});
