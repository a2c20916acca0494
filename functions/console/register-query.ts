import { RISK_LEVELS, type RiskLevel } from '../domain/assessment';
import type { RegisterFilter } from '../domain/register';
import { STAGES, type Stage } from '../domain/state';

/**
 * The console register's filters, as its form sends them: `from` and `to` (awareness, inclusive, dates as a date
 * input gives them, read as whole days in UTC like GET /register), `status` (open | closed | all), `risk` (the
 * severity as decided, else as recommended: no-risk | risk | high-risk) and `stage`. A value that does not read is a
 * problem for the page's error summary, never silently dropped: a register that quietly ignores a mistyped date
 * would show more than the person asked for.
 */

export interface RegisterQueryProblem {
  field: 'from' | 'to' | 'status' | 'risk' | 'stage';
  message: string;
}

export interface ConsoleRegisterQuery {
  filter: RegisterFilter;
  /** What the form holds, as typed: the page shows it back. */
  values: Record<RegisterQueryProblem['field'], string>;
  problems: RegisterQueryProblem[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const readDate = (value: string, edge: 'start' | 'end'): string | undefined => {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const [, y, m, d] = match;
  const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  // 2026-02-31 rolls over to March in Date: refused rather than read as another day.
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(m) - 1 || day.getUTCDate() !== Number(d)) {
    return undefined;
  }
  return `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`;
};

export const parseConsoleRegisterQuery = (query: Record<string, string | undefined> | null): ConsoleRegisterQuery => {
  const q = query ?? {};
  const values = {
    from: (q.from ?? '').trim(),
    to: (q.to ?? '').trim(),
    status: (q.status ?? '').trim(),
    risk: (q.risk ?? '').trim(),
    stage: (q.stage ?? '').trim(),
  };
  const problems: RegisterQueryProblem[] = [];
  const filter: RegisterFilter = {};

  if (values.from) {
    const from = readDate(values.from, 'start');
    if (from) filter.from = from;
    else problems.push({ field: 'from', message: 'Enter the “from” date as a real date, for example 2026-03-31' });
  }
  if (values.to) {
    const to = readDate(values.to, 'end');
    if (to) filter.to = to;
    else problems.push({ field: 'to', message: 'Enter the “to” date as a real date, for example 2026-03-31' });
  }
  if (filter.from && filter.to && Date.parse(filter.from) > Date.parse(filter.to)) {
    problems.push({ field: 'to', message: 'The “to” date must be the same as or after the “from” date' });
  }
  if (values.status === 'open' || values.status === 'closed') filter.status = values.status;
  else if (values.status !== '' && values.status !== 'all') {
    problems.push({ field: 'status', message: 'Choose open, closed or all breaches' });
  }
  const risk = RISK_LEVELS.find((level): level is RiskLevel => level === values.risk);
  if (risk) filter.risk = risk;
  else if (values.risk !== '') problems.push({ field: 'risk', message: 'Choose a severity from the list' });
  const stage = STAGES.find((s): s is Stage => s === values.stage);
  if (stage) filter.stage = stage;
  else if (values.stage !== '') problems.push({ field: 'stage', message: 'Choose a stage from the list' });

  return { filter, values, problems };
};

/** The filters as a query string, for the download links: the file holds exactly the rows on the page. */
export const registerQueryString = (values: ConsoleRegisterQuery['values']): string => {
  const params = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ''));
  const text = params.toString();
  return text ? `?${text}` : '';
};
