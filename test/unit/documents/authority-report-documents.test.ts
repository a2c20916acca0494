import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { authorityReportPdf } from '../../../functions/documents/authority-report-pdf';
import { authorityReportText } from '../../../functions/documents/authority-report-text';
import { buildAuthorityReport } from '../../../functions/domain/authority-report';
import { PRESETS } from '../../../functions/domain/presets';
import type { BreachReportInput } from '../../../functions/domain/report';
import { at, notifiedHistory, stateOf } from '../../support/authority-histories';

const reportOf = (overrides: Partial<BreachReportInput> = {}, authority: object = {}, hours = 30) =>
  buildAuthorityReport({
    state: stateOf(notifiedHistory('generic', overrides, authority, hours)),
    organisationName: 'Żółć Care – Ltd',
    policy: PRESETS.generic,
    phase: 'initial',
    now: new Date(at(31)),
  });

describe('the authority report as text for the ICO form', () => {
  it('puts each answer under the form’s question, section by section', () => {
    const text = authorityReportText(
      reportOf({ description: 'A register of pupils was left on a bus.' }),
      'Europe/London',
    );

    expect(text).toContain('ABOUT THE BREACH');
    expect(text).toContain('> Please describe what happened\nA register of pupils was left on a bus.\n');
    expect(text).toContain('> When did you discover the breach?\nMonday 3 March 2025, 09:00 GMT');
    expect(text).toContain('> Report type\nInitial report - report complete');
    expect(text).toContain('> Data protection officer (contact point for more information)');
    expect(text).toContain('(e) Art. 33(1): reasons for the delay');
    expect(text).not.toMatch(/severity/i);
  });

  it('says the delay reasons are missing on a late report without them', () => {
    const text = authorityReportText(reportOf({}, {}, 80), 'Europe/London');

    expect(text).toContain('Initial report - additional information to follow');
    expect(text).toMatch(/> If there has been a delay in reporting this breach, please explain why\nMISSING: /);
    expect(text).toContain('STILL TO FOLLOW');
  });

  it('adds the cyber questions for a cyber incident only', () => {
    const cyber = authorityReportText(
      reportOf({ cause: { category: 'phishing' }, cyberImpact: { recoveryTime: 'Two days' } }),
      'UTC',
    );

    expect(cyber).toContain('> Recovery time\nTwo days');
    expect(authorityReportText(reportOf(), 'UTC')).not.toContain('CYBER INCIDENTS');
  });
});

describe('the authority report as a PDF', () => {
  it('is a PDF with the report title and the standard fonts only', async () => {
    const bytes = await authorityReportPdf({ report: reportOf(), timeZone: 'Europe/London' });

    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toContain("Personal data breach report to the Information Commissioner's Office");
    expect(doc.getCreationDate()?.toISOString()).toBe(new Date(at(31)).toISOString());
  });

  it('runs over several pages for a long description, without cutting it, and survives text WinAnsi cannot encode', async () => {
    const description = Array.from({ length: 200 }, (_, i) => `Sentence ${i} of what happened, with 漢字 and ✓.`).join(
      ' ',
    );
    const bytes = await authorityReportPdf({ report: reportOf({ description }), timeZone: 'Europe/London' });

    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(1);
  });
});
