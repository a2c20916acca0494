import { describe, expect, it } from 'vitest';
import { registerCsv } from '../../../functions/documents/register-csv';
import { registerSections } from '../../../functions/documents/register-pdf';
import type { NewEvent } from '../../../functions/domain/events';
import { DEFAULT_CLOCKS } from '../../../functions/domain/policy';
import { registerRow, registerRows } from '../../../functions/domain/register';
import { foldEvents } from '../../../functions/domain/state';
import { aChain } from '../../support/event-fixtures';
import { DPO, hoursAfter, lateReportedHistory, unreportedHistory } from '../../support/register-histories';
import { aReport } from '../../support/reports';

/** The register shows each obligation of a breach: to whom, which stage, due, sent, and met, late or open. */

const NOW = new Date('2025-06-01T12:00:00Z');
const options = { clocks: DEFAULT_CLOCKS, now: NOW };
const AWARE = '2025-05-01T09:00:00Z';
const ICO = 'uk-gdpr-art-33@ico/notification';
const DPC = 'eu-gdpr-art-33@dpc-ie/notification';
const BERLIN = 'eu-gdpr-art-33@bln-bfdi-be/notification';

/** People in the UK, Ireland and Berlin; the ICO and the DPC told in time, Berlin a day late with reasons. */
const crossBorder = (): NewEvent[] => {
  const report = aReport(
    {
      awareAt: AWARE,
      occurred: { kind: 'at', at: hoursAfter(AWARE, -1) },
      approximateSubjects: 900,
      peopleIn: [
        { place: 'GB', subjects: 600 },
        { place: 'IE', subjects: 200 },
        { place: 'DE-BE', subjects: 100 },
      ],
    },
    new Date(hoursAfter(AWARE, 2)),
  );
  const person = { kind: 'person', ...DPO } as const;
  const api = { kind: 'api-client', organisationId: 'org-1' } as const;
  return [
    {
      type: 'reported',
      at: hoursAfter(AWARE, 1),
      actor: api,
      data: { report, channel: 'api', requestHash: 'a'.repeat(64), policyPreset: 'generic', clocks: DEFAULT_CLOCKS },
    },
    {
      type: 'decision-taken',
      at: hoursAfter(AWARE, 10),
      actor: person,
      data: {
        step: 'decide',
        via: 'api',
        decision: { decidedBy: DPO, conclusion: 'authority-only', rationale: 'Contact details taken: a risk.' },
        plan: { authority: true, subjects: false, controller: false, otherParties: false },
      },
    },
    {
      type: 'decision-taken',
      at: hoursAfter(AWARE, 30),
      actor: person,
      data: {
        step: 'notify-authority',
        via: 'api',
        decision: { decidedBy: DPO, channel: 'ico-online-form', phase: 'initial', submittedAt: hoursAfter(AWARE, 30) },
      },
    },
    {
      type: 'obligation-stage-sent',
      at: hoursAfter(AWARE, 40),
      actor: api,
      data: { key: DPC, sentAt: hoursAfter(AWARE, 40), reference: 'DPC-1' },
    },
    {
      type: 'obligation-stage-sent',
      at: hoursAfter(AWARE, 96),
      actor: api,
      data: { key: BERLIN, sentAt: hoursAfter(AWARE, 96), delayReason: 'The German translation took a day.' },
    },
  ] as NewEvent[];
};

const CROSS = foldEvents(aChain('BR-XBRD-0000-0000-0001', crossBorder()));
const LATE = foldEvents(aChain('BR-LATE-0000-0000-0002', lateReportedHistory('2025-03-03T09:00:00Z')));
const UNREPORTED = foldEvents(aChain('BR-UNRP-0000-0000-0003', unreportedHistory('2025-04-01T08:00:00Z')));

describe('the obligations in the register', () => {
  it('shows each authority’s stage of a cross-border breach: met, met, and late with its reasons', () => {
    const rows = registerRow(CROSS, options).obligations;

    expect(rows).toEqual([
      {
        key: ICO,
        law: 'UK GDPR',
        to: "Information Commissioner's Office (ICO)",
        stage: 'Personal data breach report to the ICO',
        dueAt: '2025-05-04T09:00:00.000Z',
        aimOnly: false,
        sentAt: hoursAfter(AWARE, 30),
        status: 'met',
      },
      expect.objectContaining({
        key: DPC,
        law: 'EU GDPR',
        to: 'Data Protection Commission',
        dueAt: '2025-05-04T09:00:00.000Z',
        sentAt: hoursAfter(AWARE, 40),
        status: 'met',
      }),
      expect.objectContaining({
        key: BERLIN,
        law: 'EU GDPR',
        to: 'Berliner Beauftragte für Datenschutz und Informationsfreiheit',
        sentAt: hoursAfter(AWARE, 96),
        status: 'late',
        hoursLate: 24,
        lateReason: 'The German translation took a day.',
      }),
    ]);
  });

  it('shows an authority report sent late with the reasons recorded at the notify-authority step, and the people told', () => {
    expect(registerRow(LATE, options).obligations).toEqual([
      expect.objectContaining({
        key: ICO,
        status: 'late',
        hoursLate: 24,
        lateReason: 'The recipient only confirmed on day four which records were in the attachment.',
      }),
      expect.objectContaining({
        key: 'uk-gdpr-art-34@GB/communication',
        to: 'the people affected',
        aimOnly: true,
        sentAt: '2025-03-07T13:00:00.000Z',
        status: 'met',
      }),
    ]);
  });

  it('shows a stage not yet sent as open before its deadline and late after it, without reasons', () => {
    const open = foldEvents(aChain('BR-XBRD-0000-0000-0004', crossBorder().slice(0, 3)));
    const before = registerRow(open, { ...options, now: new Date(hoursAfter(AWARE, 50)) }).obligations;
    const after = registerRow(open, { ...options, now: new Date(hoursAfter(AWARE, 80)) }).obligations;

    expect(before.find((o) => o.key === DPC)).toMatchObject({ status: 'open' });
    expect(before.find((o) => o.key === DPC)?.sentAt).toBeUndefined();
    expect(after.find((o) => o.key === DPC)).toMatchObject({ status: 'late', hoursLate: 8 });
    expect(after.find((o) => o.key === DPC)?.lateReason).toBeUndefined();
  });

  it('lists no obligation where the decision found none due', () => {
    expect(registerRow(UNREPORTED, options).obligations).toEqual([]);
  });

  it('writes each breach’s obligations in its CSV row, row by row', () => {
    const csv = registerCsv(registerRows([CROSS, LATE, UNREPORTED], options));
    const [header = '', ...lines] = csv.trimEnd().split('\r\n');
    const column = header.split(',').indexOf('obligations');
    const cell = (line: string) => (line.match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g) ?? [])[column]?.replace(/,$/, '') ?? '';
    const unquote = (text: string) => (text.startsWith('"') ? text.slice(1, -1).replaceAll('""', '"') : text);

    expect(column).toBeGreaterThan(0);
    const byBreach = Object.fromEntries(lines.map((line) => [line.slice(0, 22), unquote(cell(line)).split(' | ')]));
    expect(byBreach['BR-LATE-0000-0000-0002']).toEqual([
      "UK GDPR, Information Commissioner's Office (ICO): Personal data breach report to the ICO, due 2025-03-06T09:00:00.000Z, sent 2025-03-07T09:00:00.000Z: late by 24 h; reasons for the delay: The recipient only confirmed on day four which records were in the attachment.",
      'UK GDPR, the people affected: Communication to the people affected, aimed for 2025-03-06T09:00:00.000Z, sent 2025-03-07T13:00:00.000Z: met',
    ]);
    expect(byBreach['BR-UNRP-0000-0000-0003']).toEqual(['']);
    expect(byBreach['BR-XBRD-0000-0000-0001']).toHaveLength(3);
    expect(byBreach['BR-XBRD-0000-0000-0001']?.[2]).toMatch(
      /^EU GDPR, Berliner Beauftragte für Datenschutz und Informationsfreiheit: .*, sent 2025-05-05T09:00:00.000Z: late by 24 h; reasons for the delay: The German translation took a day\.$/,
    );
  });

  it('prints each obligation in the PDF’s notifications', () => {
    const notifications = registerSections(registerRow(CROSS, options)).parts.find((p) =>
      p.entries.some(([label]) => label === 'Obligation 1'),
    );
    const lines = notifications?.entries.filter(([label]) => label.startsWith('Obligation')) ?? [];

    expect(lines.map(([label]) => label)).toEqual(['Obligation 1', 'Obligation 2', 'Obligation 3']);
    expect(lines[0]?.[1]).toMatch(/^UK GDPR, Information Commissioner's Office \(ICO\): .*: met$/);
    expect(lines[2]?.[1]).toMatch(/: late by 24 h; reasons for the delay: The German translation took a day\.$/);
  });
});
