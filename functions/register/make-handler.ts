import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { parseConsoleRegisterQuery, registerQueryString } from '../console/register-query';
import { registerCsv } from '../documents/register-csv';
import { registerPdf } from '../documents/register-pdf';
import { organisationBreaches } from '../domain/organisation-breaches';
import type { BreachRepository, OrganisationRepository } from '../domain/ports';
import { registerRows } from '../domain/register';
import { type ConsoleAccessDeps, consoleAccess, isConsoleRoute } from '../http/console-access';
import { UnauthorisedError } from '../http/errors';
import { consoleBaseOf, requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';
import { download } from './download';
import { parseRegisterQuery, type RegisterQuery } from './query';

/**
 * GET /register?from=&to=&status=&format=json|csv|pdf: the organisation's breach register (Art. 33(5)), every breach
 * including those not reported, as JSON, a CSV to download, or a printable PDF (send `Accept: application/pdf`, so
 * that API Gateway hands back the bytes rather than their base64).
 *
 * GET /console/register.pdf: the same PDF for the console's register page, with the signed-in person's session
 * (http/console-access.ts) and the page's filters (console/register-query.ts), so that the console itself carries no
 * PDF renderer. Filters that do not read go back to the page, whose error summary says why.
 */

export interface RegisterDeps {
  /** The console's download (`/console/register.pdf`): who is signed in (http/console-access.ts). */
  console?: ConsoleAccessDeps;
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  now?: () => Date;
  logger?: ErrorLogger;
}

export const makeHandler = (deps: RegisterDeps) => {
  const { breaches, organisations, now = () => new Date() } = deps;

  const register = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    let query: RegisterQuery;
    if (isConsoleRoute(event)) {
      const page = parseConsoleRegisterQuery(event.queryStringParameters);
      if (page.problems.length > 0) {
        const back = `${consoleBaseOf(event)}/register`;
        const location = `${back}${registerQueryString(page.values)}`;
        return { statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' };
      }
      query = { filter: page.filter, format: 'pdf' };
    } else {
      query = parseRegisterQuery(event);
    }
    const { filter, format } = query;
    const [organisation, states] = await Promise.all([
      organisations.get(organisationId),
      organisationBreaches(breaches, organisationId, filter.status),
    ]);
    if (!organisation) throw new UnauthorisedError();
    const generatedAt = now();
    const rows = registerRows(states, {
      clocks: organisation.policy.clocks,
      ...(organisation.policy.jurisdiction ? { jurisdiction: organisation.policy.jurisdiction } : {}),
      now: generatedAt,
      filter,
    });
    const fileName = `breach-register-${organisationId}-${generatedAt.toISOString().slice(0, 10)}`;

    switch (format) {
      case 'csv':
        return download(registerCsv(rows), 'text/csv; charset=utf-8; header=present', `${fileName}.csv`);
      case 'pdf':
        return download(
          await registerPdf({ organisationName: organisation.name, filter, generatedAt, rows }),
          'application/pdf',
          `${fileName}.pdf`,
        );
      case 'json':
        return json(200, {
          organisationId,
          organisationName: organisation.name,
          generatedAt: generatedAt.toISOString(),
          filter,
          count: rows.length,
          rows,
          links: { self: requestPath(event) },
        });
    }
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(register)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(deps.console ? [consoleAccess(deps.console)] : [])
    .use(requireOrganisation());
};
