import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { registerPdf } from '../../../functions/documents/register-pdf';
import { DEFAULT_CLOCKS } from '../../../functions/domain/policy';
import { type RegisterRow, registerRow } from '../../../functions/domain/register';
import { foldEvents } from '../../../functions/domain/state';
import { flat, pageLines, pageTexts } from '../../e2e/support/pdf-text';
import { aChain } from '../../support/event-fixtures';
import { lateReportedHistory, processorHistory, unreportedHistory } from '../../support/register-histories';

const GENERATED_AT = new Date('2025-06-01T12:00:00Z');
const options = { clocks: DEFAULT_CLOCKS, now: GENERATED_AT };
const rowOf = (id: string, events: Parameters<typeof aChain>[1]) =>
  registerRow(foldEvents(aChain(id, events)), options);

const LATE = rowOf('BR-LATE-0000-0000-0001', lateReportedHistory('2025-03-03T09:00:00Z'));
const UNREPORTED = rowOf('BR-UNRP-0000-0000-0002', unreportedHistory('2025-04-01T08:00:00Z'));
const PROCESSOR = rowOf('BR-PROC-0000-0000-0003', processorHistory('2025-04-10T10:00:00Z'));

const render = (rows: readonly RegisterRow[], organisationName = "St Clare's RC Primary School") =>
  registerPdf({ organisationName, filter: { status: 'open' }, generatedAt: GENERATED_AT, rows });

const pageCount = async (bytes: Uint8Array) => (await PDFDocument.load(bytes)).getPageCount();

describe('register PDF', () => {
  it('is a PDF with the title, the organisation and the generation time in its metadata', async () => {
    const bytes = await render([LATE, UNREPORTED, PROCESSOR]);

    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe("Personal data breach register: St Clare's RC Primary School");
    expect(doc.getCreationDate()?.toISOString()).toBe(GENERATED_AT.toISOString());
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  });

  it('gives each breach a section of its own: facts, effects, remedial action, notifications, decision', async () => {
    const doc = await PDFDocument.load(await render([LATE, UNREPORTED, PROCESSOR]));
    const text = flat(pageLines(doc).flat().join(' '));

    for (const row of [LATE, UNREPORTED, PROCESSOR]) expect(text).toContain(`Breach ${row.breachId}:`);
    const sectionOf = (id: string) => text.slice(text.indexOf(`Breach ${id}:`)).split(/(?=Breach BR-)/)[0] ?? '';
    const late = sectionOf(LATE.breachId);
    for (const part of ['Facts', 'Effects', 'Remedial action', 'Notifications', 'Decision on notification']) {
      expect(late).toContain(part);
    }
    expect(late).toContain(`What happened ${LATE.facts.description}`);
    expect(late).toContain('Reasons for the delay');
    expect(late).toContain('Notified late');
    expect(late).toMatch(/Risk to people (A high risk to people|A risk to people, but not a high one) \(as decided\)/);
    expect(sectionOf(UNREPORTED.breachId)).toContain('Evidence for not reporting');
    expect(sectionOf(PROCESSOR.breachId)).toContain('Controller');
    // Words, never codes.
    expect(text).not.toMatch(/\b(authority-only|no-notification|notified-late|not-required|childrens-records)\b/);
  });

  it('runs a long register over pages, never starting a section at the foot of one', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      ...LATE,
      breachId: `BR-LATE-0000-0000-${String(i).padStart(4, '0')}`,
    }));
    const doc = await PDFDocument.load(await render(rows));
    const pages = pageTexts(doc);

    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const headings = page.filter((t) => t.text.startsWith('Breach BR-'));
      for (const heading of headings) expect(heading.y).toBeGreaterThan(48 + 30 + 6 * 13);
    }
    expect(pages.at(-1)?.at(-1)?.text).toContain(`page ${pages.length} of ${pages.length}`);
  });

  it('renders an empty register as one page saying so', async () => {
    expect(await pageCount(await render([]))).toBe(1);
  });

  it('prints names in any Latin script as written, and what the font lacks as ?, without failing', async () => {
    const conclusion = UNREPORTED.conclusion as NonNullable<typeof UNREPORTED.conclusion>;
    const row = {
      ...UNREPORTED,
      conclusion: { ...conclusion, decidedBy: { name: 'Łukasz Żółć 数据', role: 'Dyrektor' } },
    };

    const bytes = await render([row], 'Szkoła Podstawowa nr 1 — Łódź');
    const doc = await PDFDocument.load(bytes);
    const text = flat(pageLines(doc).flat().join(' '));

    expect(doc.getTitle()).toBe('Personal data breach register: Szkoła Podstawowa nr 1 — Łódź');
    expect(text).toContain('Łukasz Żółć ?? (Dyrektor)');
  });
});
