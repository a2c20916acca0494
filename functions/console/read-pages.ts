import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { registerCsv } from '../documents/register-csv';
import type { Organisation } from '../domain/ports';
import { registerRows } from '../domain/register';
import type { BreachState } from '../domain/state';
import { trends } from '../domain/trends';
import type { ConsolePageBase } from '../pages/console-pages';
import { renderRegisterPage } from '../pages/console-register';
import { renderTrendsPage, TREND_PERIODS, type TrendPeriod } from '../pages/console-trends';
import { htmlResponse } from '../pages/response';
import { download } from '../register/download';
import { parseConsoleRegisterQuery, registerQueryString } from './register-query';

/**
 * The console's read-only pages over the whole organisation: the breach register (with its CSV; its PDF is the
 * register function's) and the trends. Every role that may view cases may read them, auditors included; none of them
 * writes anything. The console handler has checked the session and the role before it asks here.
 */

export interface ReadPagesInput {
  path: string;
  method: string;
  query: APIGatewayProxyEvent['queryStringParameters'];
  pageBase: ConsolePageBase;
  organisation: Organisation;
  /** Every breach of the organisation, open and closed. */
  allStates: () => Promise<BreachState[]>;
}

// The register's PDF (`/console/register.pdf`) is the register function's (functions/register): API Gateway routes it
// there, so the console carries no PDF renderer.
const REGISTER = /^\/register(?:\.(csv))?$/;

/** The page or download for `path`, or undefined when the path is not one of these pages. */
export const readPage = async (input: ReadPagesInput): Promise<APIGatewayProxyResult | undefined> => {
  const register = REGISTER.exec(input.path);
  if (register && input.method === 'GET') return registerPage(input, register[1] as 'csv' | undefined);
  if (input.path === '/trends' && input.method === 'GET') return trendsPage(input);
  return undefined;
};

const registerPage = async (input: ReadPagesInput, format: 'csv' | undefined) => {
  const { pageBase: p, organisation } = input;
  const query = parseConsoleRegisterQuery(input.query);
  const downloadQuery = registerQueryString(query.values);
  // A download with filters that do not read answers the page with its error summary: never a file of other rows.
  if (query.problems.length > 0) return htmlResponse(400, renderRegisterPage({ ...p, query, rows: [] }, downloadQuery));
  const rows = registerRows(await input.allStates(), {
    clocks: organisation.policy.clocks,
    now: p.now,
    filter: query.filter,
  });
  const fileName = `breach-register-${organisation.id}-${p.now.toISOString().slice(0, 10)}`;
  switch (format) {
    case 'csv':
      return download(registerCsv(rows), 'text/csv; charset=utf-8; header=present', `${fileName}.csv`);
    case undefined:
      return htmlResponse(200, renderRegisterPage({ ...p, query, rows }, downloadQuery));
  }
};

const trendsPage = async (input: ReadPagesInput) => {
  const { pageBase: p, organisation } = input;
  // An unknown period shows the default year rather than an error: the only input is a select of four.
  const months: TrendPeriod = TREND_PERIODS.find((n) => String(n) === input.query?.months) ?? 12;
  const rows = registerRows(await input.allStates(), { clocks: organisation.policy.clocks, now: p.now });
  const figures = trends(rows, { now: p.now, timeZone: organisation.policy.timeZone, months });
  return htmlResponse(200, renderTrendsPage({ ...p, trends: figures, months }));
};
