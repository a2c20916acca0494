import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { winAnsiSafe } from '../../../functions/documents/pdf-text';
import { registerPdf } from '../../../functions/documents/register-pdf';
import { DEFAULT_CLOCKS } from '../../../functions/domain/policy';
import { type RegisterRow, registerRow } from '../../../functions/domain/register';
import { foldEvents } from '../../../functions/domain/state';
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
    expect(doc.getPageCount()).toBe(1);
  });

  it('lays the table out landscape', async () => {
    const doc = await PDFDocument.load(await render([LATE]));
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeGreaterThan(height);
  });

  it('breaks 100 breaches over pages of whole rows', async () => {
    // Each of these rows is 6 lines (63 pt) tall, set by its authority cell: status, date, lateness, a two-line
    // reason, a reference. 6 fit under the title on page 1 and 7 on each later page: 100 rows take 1 + ceil(94 / 7).
    const rows = Array.from({ length: 100 }, (_, i) => ({
      ...LATE,
      breachId: `BR-LATE-0000-0000-${String(i).padStart(4, '0')}`,
    }));

    expect(await pageCount(await render(rows))).toBe(15);
    expect(await pageCount(await render(rows.slice(0, 6)))).toBe(1);
    expect(await pageCount(await render(rows.slice(0, 7)))).toBe(2);
    expect(await pageCount(await render(rows.slice(0, 13)))).toBe(2);
  });

  it('renders an empty register as one page saying so', async () => {
    expect(await pageCount(await render([]))).toBe(1);
  });

  it('replaces what the standard fonts cannot encode instead of failing', async () => {
    const conclusion = UNREPORTED.conclusion as NonNullable<typeof UNREPORTED.conclusion>;
    const row = {
      ...UNREPORTED,
      conclusion: { ...conclusion, decidedBy: { name: 'Łukasz Żółć 数据 🙂', role: 'Dyrektor' } },
    };

    const bytes = await render([row], 'Szkoła Podstawowa nr 1 — Łódź');

    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(bytes)).getTitle()).toBe(
      'Personal data breach register: Szkola Podstawowa nr 1 — Lódz',
    );
  });

  it('folds accented letters outside WinAnsi to their base letter and keeps those inside it', async () => {
    const safe = winAnsiSafe(await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica));

    expect(safe('Zoë Ševčík, Ōsaka')).toBe('Zoë Ševcík, Osaka');
    expect(safe('line\nbreak\ttab')).toBe('line break tab');
    expect(safe('€ “quotes” – dash')).toBe('€ “quotes” – dash');
  });
});
