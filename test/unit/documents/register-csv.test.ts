import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, REGISTER_CSV_HEADERS, registerCsv } from '../../../functions/documents/register-csv';
import { DEFAULT_CLOCKS } from '../../../functions/domain/policy';
import { registerRow } from '../../../functions/domain/register';
import { foldEvents } from '../../../functions/domain/state';
import { aChain } from '../../support/event-fixtures';
import { inTimeHistory, lateReportedHistory, unreportedHistory } from '../../support/register-histories';

const options = { clocks: DEFAULT_CLOCKS, now: new Date('2025-06-01T12:00:00Z') };
const rowOf = (id: string, events: Parameters<typeof aChain>[1]) =>
  registerRow(foldEvents(aChain(id, events)), options);

const LATE = rowOf('BR-LATE-0000-0000-0001', lateReportedHistory('2025-03-03T09:00:00Z'));
const UNREPORTED = rowOf('BR-UNRP-0000-0000-0002', unreportedHistory('2025-04-01T08:00:00Z'));
const IN_TIME = rowOf('BR-TIME-0000-0000-0004', inTimeHistory('2025-05-05T07:30:00Z'));

const records = (csv: string): Record<string, string>[] => parse(csv, { columns: true, record_delimiter: '\r\n' });

describe('register CSV', () => {
  it('starts with a header row and ends every record with CRLF', () => {
    const csv = registerCsv([LATE, UNREPORTED]);

    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(REGISTER_CSV_HEADERS.join(','));
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toBe('');
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/\n/);
  });

  it('reads back as the register: late notifications with their reason, unreported breaches with their rationale', () => {
    const [late, unreported] = records(registerCsv([LATE, UNREPORTED]));

    expect(late).toMatchObject({
      breach_id: 'BR-LATE-0000-0000-0001',
      status: 'closed',
      authority_status: 'notified-late',
      authority_hours_late: '24',
      authority_delay_reason: 'The recipient only confirmed on day four which records were in the attachment.',
      subjects_count: '40',
      decided_by: 'Dana Protection',
      decided_by_role: 'Data Protection Officer',
    });
    expect(unreported).toMatchObject({
      conclusion: 'no-notification',
      rationale: 'The only recipient is a governor bound by confidentiality who deleted the e-mail at once.',
      evidence: 'Written confirmation of deletion from the governor, 10:42.',
      authority_status: 'not-required',
      authority_notified_at: '',
      severity_label: 'Level 1: low risk',
    });
  });

  it('quotes fields with commas, quotes and line breaks, doubling inner quotes (RFC 4180)', () => {
    const conclusion = UNREPORTED.conclusion as NonNullable<typeof UNREPORTED.conclusion>;
    const tricky = { ...UNREPORTED, conclusion: { ...conclusion, rationale: 'She said "deleted", then\r\nleft.' } };

    const csv = registerCsv([tricky]);

    expect(csv).toContain('"She said ""deleted"", then\r\nleft."');
    expect(records(csv)[0]?.rationale).toBe('She said "deleted", then\r\nleft.');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const [row] = records(registerCsv([IN_TIME]));

    expect(row?.authority_reference).toBe('\'=HYPERLINK("http://evil.example")');
    expect(csvField('+SUM(A1)')).toBe('"\'+SUM(A1)"');
    expect(csvField('-2+3')).toBe('"\'-2+3"');
    expect(csvField('@cmd')).toBe('"\'@cmd"');
    expect(csvField('\t=1')).toBe('"\'\t=1"');
    expect(csvField('=1,2')).toBe('"\'=1,2"');
  });

  it.each([
    ['a cell a `;` would start in a semicolon locale', 'Lost laptop;=HYPERLINK("http://evil.example")'],
    ['a cell a tab would start in a tab-separated paste', "reference\t=cmd|' /C calc'!A0"],
    ['a cell a comma would start when read unquoted', 'one,@SUM(A1)'],
    ['a formula on a later line', 'first line\n+1+1'],
    ['a formula after spaces', '   =1+1'],
    ['a full-width formula sign', '\uff1d1+1'],
    ['a value led by NUL', '\u0000=1+1'],
    ['a value led by another control character', '\u001b[31m'],
    ['a value led by a carriage return', '\r=1'],
  ])('neutralises %s and quotes it', (_, text) => {
    const field = csvField(text);

    expect(field.startsWith('"\'')).toBe(true);
    // Read back as one cell, with the quote that stops a spreadsheet from running it.
    const [row] = records(`rationale\r\n${field}\r\n`);
    expect(row?.rationale).toBe(`'${text}`);
  });

  it('quotes a cell holding a separator of any locale, so it stays one cell', () => {
    expect(csvField('Paris; Lyon')).toBe('"Paris; Lyon"');
    expect(csvField('a\tb')).toBe('"a\tb"');
  });

  it('leaves numbers and ordinary text alone, and writes nothing for a missing value', () => {
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(0)).toBe('0');
    expect(csvField('2025-03-03T09:00:00Z')).toBe('2025-03-03T09:00:00Z');
    expect(csvField(undefined)).toBe('');
  });
});
