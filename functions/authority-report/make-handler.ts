import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { authorityReportPdf } from '../documents/authority-report-pdf';
import { authorityReportText } from '../documents/authority-report-text';
import { buildAuthorityReport } from '../domain/authority-report';
import { isBreachId } from '../domain/breach-id';
import { NotFoundError } from '../domain/errors';
import { ownBreach } from '../domain/own-breach';
import type { BreachRepository, OrganisationRepository } from '../domain/ports';
import { UnauthorisedError } from '../http/errors';
import { requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';
import { download } from '../register/download';
import { parseAuthorityReportQuery } from './query';

/**
 * GET /breaches/{id}/authority-report?format=json|text|pdf&phase=initial|follow-up: the report to the supervisory
 * authority generated from the record, as JSON, as text to paste into the ICO's online form, or as a printable PDF
 * (send `Accept: application/pdf`, so that API Gateway hands back the bytes rather than their base64). A follow-up
 * before the initial report is recorded is refused with 409.
 */

export interface AuthorityReportDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  now?: () => Date;
  logger?: ErrorLogger;
}

export const makeHandler = (deps: AuthorityReportDeps) => {
  const { breaches, organisations, now = () => new Date() } = deps;

  const authorityReport = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const { format, phase } = parseAuthorityReportQuery(event);
    const state = await ownBreach(breaches, organisationId, breachId);
    const organisation = await organisations.get(organisationId);
    if (!organisation) throw new UnauthorisedError();

    const report = buildAuthorityReport({
      state,
      organisationName: organisation.name,
      policy: organisation.policy,
      phase,
      now: now(),
    });
    const { timeZone } = organisation.policy;
    const fileName = `authority-report-${breachId}-${phase}`;
    switch (format) {
      case 'text':
        return download(authorityReportText(report, timeZone), 'text/plain; charset=utf-8', `${fileName}.txt`);
      case 'pdf':
        return download(await authorityReportPdf({ report, timeZone }), 'application/pdf', `${fileName}.pdf`);
      case 'json':
        return json(200, { ...report, links: { self: requestPath(event) } });
    }
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(authorityReport)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation());
};
