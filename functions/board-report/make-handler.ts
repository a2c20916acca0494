import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { boardReportPdf } from '../documents/board-report-pdf';
import { boardReportText } from '../domain/board-report';
import { isBreachId } from '../domain/breach-id';
import { NotFoundError } from '../domain/errors';
import { boardReportOf, type ReviewBreachDeps, similarIncidentsOf } from '../domain/review-breach';
import { type ConsoleAccessDeps, consoleAccess } from '../http/console-access';
import { requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';
import { download } from '../register/download';
import { parseBoardReportQuery } from './query';

/**
 * Looking back at one breach (domain/review-breach.ts):
 *
 * - `GET /breaches/{id}/board-report?format=pdf|text`: the final report to the board / SLT, drawn up from the record
 *   now; a PDF by default (send `Accept: application/pdf`, so that API Gateway hands back the bytes), text with
 *   `format=text` or `Accept: text/plain`;
 * - `GET /breaches/{id}/similar-incidents`: the organisation's earlier breaches with the same cause, data or team, each
 *   with what it shares with this one.
 *
 * 404 for another organisation's breach, exactly as for one that does not exist.
 */

export interface BoardReportDeps extends ReviewBreachDeps {
  /** The console's downloads of this document (`/console/…`): who is signed in (http/console-access.ts). */
  console?: ConsoleAccessDeps;
  now?: () => Date;
  logger?: ErrorLogger;
}

export const makeHandler = (deps: BoardReportDeps) => {
  const { now = () => new Date() } = deps;

  const review = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();

    if (event.resource.endsWith('/similar-incidents')) {
      const similar = await similarIncidentsOf(deps, { organisationId, breachId });
      return json(200, { breachId, count: similar.length, similar, links: { self: requestPath(event) } });
    }

    const format = parseBoardReportQuery(event);
    const { report } = await boardReportOf(deps, { organisationId, breachId, now: now() });
    const fileName = `board-report-${breachId}-${report.generatedAt.slice(0, 10)}`;
    return format === 'text'
      ? download(boardReportText(report), 'text/plain; charset=utf-8', `${fileName}.txt`)
      : download(await boardReportPdf(report), 'application/pdf', `${fileName}.pdf`);
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(review)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(deps.console ? [consoleAccess(deps.console)] : [])
    .use(requireOrganisation());
};
