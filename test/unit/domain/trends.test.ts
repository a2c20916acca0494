import { describe, expect, it } from 'vitest';
import type { RiskLevel } from '../../../functions/domain/assessment';
import type { AuthorityStatus, RegisterRow } from '../../../functions/domain/register';
import type { BreachReport } from '../../../functions/domain/report';
import { median, monthOf, monthsEnding, trends } from '../../../functions/domain/trends';

const H = 3_600_000;
const plus = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * H).toISOString();

interface RowFacts {
  id: string;
  awareAt: string;
  cause: BreachReport['cause']['category'];
  risk?: RiskLevel;
  containedAfter?: number;
  authority: { status: AuthorityStatus; after?: number; hoursLate?: number; delayReason?: string };
  closedAfter?: number;
}

/** A register row holding only what trends read; the rest as the register leaves it for a fresh breach. */
const row = (f: RowFacts): RegisterRow => ({
  breachId: f.id,
  status: f.closedAfter === undefined ? 'open' : 'closed',
  stage: f.closedAfter === undefined ? 'reported' : 'closed',
  organisationRole: 'controller',
  awareAt: f.awareAt,
  reportedAt: f.awareAt,
  breachTypes: ['confidentiality'],
  approximateSubjects: 1,
  facts: {
    description: 'x',
    cause: { category: f.cause },
    dataCategories: ['contact-details'],
    subjectCategories: ['employees'],
    approximateRecords: 1,
  },
  effects: f.risk ? { risk: { level: f.risk, source: 'decision' } } : {},
  remedialAction: {
    contained: f.containedAfter !== undefined,
    ...(f.containedAfter !== undefined ? { containedAt: plus(f.awareAt, f.containedAfter) } : {}),
    recommendations: [],
  },
  authority: {
    status: f.authority.status,
    dueAt: plus(f.awareAt, 72),
    ...(f.authority.after !== undefined ? { notifiedAt: plus(f.awareAt, f.authority.after) } : {}),
    ...(f.authority.hoursLate !== undefined ? { hoursLate: f.authority.hoursLate } : {}),
    ...(f.authority.delayReason ? { delayReason: f.authority.delayReason } : {}),
  },
  subjects: { status: 'undecided' },
  obligations: [],
  ...(f.closedAfter !== undefined ? { closedAt: plus(f.awareAt, f.closedAfter) } : {}),
});

const ROWS = [
  row({
    id: 'BR-A',
    awareAt: '2026-01-10T09:00:00Z',
    cause: 'phishing',
    risk: 'high-risk',
    containedAfter: 4,
    authority: { status: 'notified-late', after: 80, hoursLate: 8, delayReason: 'Forensics took a day.' },
    closedAfter: 240,
  }),
  // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (summer time began on 29 March).
  row({
    id: 'BR-B',
    awareAt: '2026-03-31T23:30:00Z',
    cause: 'lost-device',
    risk: 'no-risk',
    containedAfter: 2,
    authority: { status: 'not-required' },
    closedAfter: 48,
  }),
  row({
    id: 'BR-C',
    awareAt: '2026-04-15T12:00:00Z',
    cause: 'phishing',
    authority: { status: 'overdue', hoursLate: 20 },
  }),
  row({
    id: 'BR-E',
    awareAt: '2026-05-02T08:00:00Z',
    cause: 'misdirected-email',
    risk: 'risk',
    containedAfter: 10,
    authority: { status: 'notified', after: 30, hoursLate: 0 },
  }),
  // Outside the twelve months that end in June 2026.
  row({
    id: 'BR-OLD',
    awareAt: '2024-01-01T12:00:00Z',
    cause: 'hacking',
    risk: 'high-risk',
    containedAfter: 1000,
    authority: { status: 'notified-late', after: 2000, hoursLate: 1928 },
    closedAfter: 5000,
  }),
];

describe('trends', () => {
  const result = trends(ROWS, { now: new Date('2026-06-15T10:00:00Z'), timeZone: 'Europe/London' });

  it('counts the breaches of each month of the last twelve, zeros included, in the organisation’s time zone', () => {
    expect(result.from).toBe('2025-07');
    expect(result.to).toBe('2026-06');
    expect(result.total).toBe(4);
    expect(result.perMonth).toHaveLength(12);
    expect(result.perMonth.filter((m) => m.count > 0)).toEqual([
      { key: '2026-01', count: 1 },
      { key: '2026-04', count: 2 },
      { key: '2026-05', count: 1 },
    ]);
  });

  it('counts by cause, most frequent first, and by every severity, highest first', () => {
    expect(result.byCause).toEqual([
      { key: 'phishing', count: 2 },
      { key: 'lost-device', count: 1 },
      { key: 'misdirected-email', count: 1 },
    ]);
    expect(result.bySeverity).toEqual([
      { key: 'high-risk', count: 1 },
      { key: 'risk', count: 1 },
      { key: 'no-risk', count: 1 },
      { key: 'not-assessed', count: 1 },
    ]);
  });

  it('takes the median hours to contain, to report and to close over the breaches that got there', () => {
    expect(result.medians).toEqual({
      contain: { hours: 4, of: 3 },
      report: { hours: 55, of: 2 },
      close: { hours: 144, of: 2 },
    });
  });

  it('lists the late reports, those still outstanding included, the latest first', () => {
    expect(result.lateReports).toEqual([
      { breachId: 'BR-C', hoursLate: 20, outstanding: true },
      { breachId: 'BR-A', hoursLate: 8, outstanding: false, delayReason: 'Forensics took a day.' },
    ]);
    expect(result.reported).toBe(2);
  });

  it('gives empty figures, never a made-up median, for a period without breaches', () => {
    const empty = trends([], { now: new Date('2026-06-15T10:00:00Z'), timeZone: 'UTC', months: 3 });
    expect(empty.perMonth).toEqual([
      { key: '2026-04', count: 0 },
      { key: '2026-05', count: 0 },
      { key: '2026-06', count: 0 },
    ]);
    expect(empty.medians.contain).toEqual({ of: 0 });
    expect(empty.byCause).toEqual([]);
    expect(empty.lateReports).toEqual([]);
  });
});

describe('the pieces of trends', () => {
  it('takes the median of an odd and an even count', () => {
    expect(median([5, 1, 3])).toEqual({ hours: 3, of: 3 });
    expect(median([4, 1, 3, 2])).toEqual({ hours: 2.5, of: 4 });
  });

  it('counts months back across a year’s end', () => {
    expect(monthsEnding('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('reads the month in the time zone given', () => {
    expect(monthOf('2026-03-31T23:30:00Z', 'Europe/London')).toBe('2026-04');
    expect(monthOf('2026-03-31T23:30:00Z', 'UTC')).toBe('2026-03');
  });
});
