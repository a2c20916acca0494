import type { RiskLevel } from './assessment';
import type { RegisterRow } from './register';
import type { BreachReport } from './report';

/**
 * Trends for the DPO and the board, over the register's rows (domain/register.ts, so a figure here and a line of
 * the register can never disagree): breaches per month of awareness, by cause and by severity, the median time
 * from awareness to containment, to the authority's report and to closure, and the reports made late.
 *
 * Pure: the rows are built by the register, the handler reads the states. Months are calendar months in the
 * organisation's time zone, so a breach learnt of at 00:30 on 1 April in London counts in April.
 */

export type Severity = RiskLevel | 'not-assessed';

export interface Count<K extends string> {
  key: K;
  count: number;
}

export interface Median {
  /** Hours, to one decimal; absent when no breach in the period has reached the milestone. */
  hours?: number;
  /** How many breaches the median is taken over. */
  of: number;
}

export interface LateReport {
  breachId: string;
  /** Hours after the authority clock, at the report or, still unreported, now. */
  hoursLate: number;
  /** True when the authority has not been told yet. */
  outstanding: boolean;
  delayReason?: string;
}

export interface Trends {
  /** First and last month of the period, `YYYY-MM`. */
  from: string;
  to: string;
  total: number;
  /** Every month of the period, oldest first, zeros included. */
  perMonth: Count<string>[];
  /** Causes that occurred, most frequent first (ties by name). */
  byCause: Count<BreachReport['cause']['category']>[];
  /** Every severity, highest first, zeros included: the board sees that no breach was high risk. */
  bySeverity: Count<Severity>[];
  medians: { contain: Median; report: Median; close: Median };
  /** Authority reports made after the deadline, and those overdue and not yet made; the latest first. */
  lateReports: LateReport[];
  /** Of the breaches the authority was told of, how many were told late. */
  reported: number;
}

export interface TrendsOptions {
  now: Date;
  timeZone: string;
  /** How many calendar months, ending with the current one. @default 12 */
  months?: number;
}

export const SEVERITY_ORDER: readonly Severity[] = ['high-risk', 'risk', 'no-risk', 'not-assessed'];

const HOUR = 3_600_000;

/** `YYYY-MM` of an instant in a time zone. */
export const monthOf = (iso: string | Date, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(
    typeof iso === 'string' ? new Date(iso) : iso,
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
};

/** The `count` months ending with `last`, oldest first. */
export const monthsEnding = (last: string, count: number): string[] => {
  const [y = 0, m = 1] = last.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = y * 12 + (m - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
};

/** The median of the values (the mean of the middle two for an even count), rounded to one decimal. */
export const median = (values: readonly number[]): Median => {
  if (values.length === 0) return { of: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { hours: Math.round(value * 10) / 10, of: sorted.length };
};

const hoursBetween = (from: string, to: string | undefined): number | undefined =>
  to === undefined ? undefined : Math.max(0, (Date.parse(to) - Date.parse(from)) / HOUR);

const defined = (values: (number | undefined)[]): number[] => values.filter((v): v is number => v !== undefined);

export const trends = (rows: readonly RegisterRow[], options: TrendsOptions): Trends => {
  const months = monthsEnding(monthOf(options.now, options.timeZone), options.months ?? 12);
  const inPeriod = new Set(months);
  const selected = rows.filter((row) => inPeriod.has(monthOf(row.awareAt, options.timeZone)));

  const perMonth = new Map(months.map((month) => [month, 0]));
  const byCause = new Map<BreachReport['cause']['category'], number>();
  const bySeverity = new Map<Severity, number>(SEVERITY_ORDER.map((severity) => [severity, 0]));
  for (const row of selected) {
    const month = monthOf(row.awareAt, options.timeZone);
    perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
    byCause.set(row.facts.cause.category, (byCause.get(row.facts.cause.category) ?? 0) + 1);
    const severity: Severity = row.effects.risk?.level ?? 'not-assessed';
    bySeverity.set(severity, (bySeverity.get(severity) ?? 0) + 1);
  }

  const reportedRows = selected.filter((row) => row.authority.notifiedAt !== undefined);
  const lateReports = selected
    .filter((row) => row.authority.status === 'notified-late' || row.authority.status === 'overdue')
    .map(
      (row): LateReport => ({
        breachId: row.breachId,
        hoursLate: row.authority.hoursLate ?? 0,
        outstanding: row.authority.status === 'overdue',
        ...(row.authority.delayReason ? { delayReason: row.authority.delayReason } : {}),
      }),
    );
  const awareOf = new Map(selected.map((row) => [row.breachId, Date.parse(row.awareAt)]));

  return {
    from: months[0] ?? '',
    to: months.at(-1) ?? '',
    total: selected.length,
    perMonth: [...perMonth].map(([key, count]) => ({ key, count })),
    byCause: [...byCause]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    bySeverity: SEVERITY_ORDER.map((key) => ({ key, count: bySeverity.get(key) ?? 0 })),
    medians: {
      // A breach contained before anyone knew of it (containedAt before awareAt) counts as contained at once.
      contain: median(
        defined(
          selected.map((row) =>
            row.remedialAction.contained ? hoursBetween(row.awareAt, row.remedialAction.containedAt) : undefined,
          ),
        ),
      ),
      report: median(defined(reportedRows.map((row) => hoursBetween(row.awareAt, row.authority.notifiedAt)))),
      close: median(defined(selected.map((row) => hoursBetween(row.awareAt, row.closedAt)))),
    },
    lateReports: lateReports.sort((a, b) => (awareOf.get(b.breachId) ?? 0) - (awareOf.get(a.breachId) ?? 0)),
    reported: reportedRows.length,
  };
};
