import type { Count, Median, Severity, Trends } from '../domain/trends';
import { details, paragraph, table } from './components';
import { type ConsolePageBase, consolePage, consoleSelect, RISK_TEXT } from './console-pages';
import { type Html, html } from './html';
import { sentenceCase, words } from './labels';
import { barChart } from './svg-chart';

/**
 * Trends for the DPO and the board: breaches per month, by cause and by severity, the median times to contain, to
 * report and to close, and the late reports. Each chart is server-side SVG with its figures in words; beside each, the
 * same figures as a table. No script.
 */

export const TREND_PERIODS = [3, 6, 12, 24] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];

export interface TrendsPageInput extends ConsolePageBase {
  trends: Trends;
  months: TrendPeriod;
}

const SEVERITY_TEXT: Record<Severity, string> = { ...RISK_TEXT, 'not-assessed': 'Not assessed yet' };

const monthText = (month: string): string => {
  const [y = 0, m = 1] = month.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
};

const breaches = (n: number) => `${n} breach${n === 1 ? '' : 'es'}`;
const hours = (n: number) => (n < 48 ? `${n} hours` : `${Math.round((n / 24) * 10) / 10} days (${n} hours)`);

const figures = (caption: string, head: [string, string], rows: readonly [string, string][]): Html =>
  details(
    `${caption}: the figures as a table`,
    rows.length === 0 ? paragraph('There are no figures for this period.') : table({ caption, head, rows }),
  );

const countSection = <K extends string>(
  id: string,
  heading: string,
  counts: readonly Count<K>[],
  label: (key: K) => string,
): Html => {
  const bars = counts.map((c) => ({ label: label(c.key), value: c.count }));
  return html`<h2 class="govuk-heading-l" id="${id}">${heading}</h2>
${barChart({ id: `${id}-chart`, title: heading, bars, format: breaches, emptyText: 'No breaches in this period' })}
${figures(
  heading,
  [heading.startsWith('Breaches per') ? 'Month' : 'Group', 'Breaches'],
  bars.map((bar): [string, string] => [bar.label, String(bar.value)]),
)}`;
};

const MEDIANS: readonly [keyof Trends['medians'], string][] = [
  ['contain', 'To contain'],
  ['report', 'To report to the authority'],
  ['close', 'To close'],
];

const medianText = (m: Median): string =>
  m.hours === undefined ? 'No breach got there yet' : `${hours(m.hours)}, over ${breaches(m.of)}`;

export const renderTrendsPage = (p: TrendsPageInput): string => {
  const t = p.trends;
  const medianBars = MEDIANS.filter(([key]) => t.medians[key].hours !== undefined).map(([key, label]) => ({
    label,
    value: t.medians[key].hours ?? 0,
  }));
  const late = t.lateReports;
  const outstanding = late.filter((report) => report.outstanding).length;
  const content = html`<span class="govuk-caption-l">${monthText(t.from)} to ${monthText(t.to)} · ${breaches(t.total)}</span>
<h1 class="govuk-heading-xl">Trends</h1>
<form method="get" action="${p.base}/trends" class="govuk-!-margin-bottom-6" aria-label="Choose the period">
${consoleSelect(
  'months',
  'Period',
  TREND_PERIODS.map((n): [string, string] => [String(n), `The last ${n} months`]),
  String(p.months),
)}
<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Show</button>
</form>
${paragraph('Counted by the month your organisation became aware of each breach. Severity is the risk as decided, or as recommended where nobody has decided yet.')}
${countSection('per-month', 'Breaches per month', t.perMonth, monthText)}
${countSection('by-cause', 'Breaches by cause', t.byCause, (key) => sentenceCase(words(key)))}
${countSection('by-severity', 'Breaches by severity', t.bySeverity, (key) => SEVERITY_TEXT[key])}
<h2 class="govuk-heading-l" id="times">How long things took</h2>
${paragraph('The median time from becoming aware of a breach: half took less, half took longer.')}
${barChart({ id: 'times-chart', title: 'Median hours from awareness', bars: medianBars, format: hours, emptyText: 'No breach in this period has been contained, reported or closed' })}
${table({
  caption: 'Median time from awareness',
  head: ['Milestone', 'Median'],
  rows: MEDIANS.map(([key, label]) => [label, medianText(t.medians[key])]),
})}
<h2 class="govuk-heading-l" id="late">Late reports to the authority</h2>
${paragraph(
  late.length === 0
    ? `No report to the authority was late in this period (${t.reported} made).`
    : `${late.length - outstanding} of ${t.reported} reports to the authority were made after the deadline${outstanding > 0 ? `, and ${outstanding} due ${outstanding === 1 ? 'is' : 'are'} overdue and not yet made` : ''}.`,
)}
${
  late.length > 0
    ? table({
        caption: 'Late reports, the latest breach first',
        head: ['Breach', 'Late by', 'Reason given'],
        rows: late.map((report) => [
          html`<a class="govuk-link" href="${p.base}/breaches/${report.breachId}">${report.breachId}</a>`,
          `${hours(report.hoursLate)}${report.outstanding ? ' and counting (not yet reported)' : ''}`,
          report.delayReason ?? '—',
        ]),
      })
    : undefined
}`;
  return consolePage(p, 'Trends', content);
};
