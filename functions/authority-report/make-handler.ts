import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { authorityReportPdf } from '../documents/authority-report-pdf';
import { authorityReportText } from '../documents/authority-report-text';
import { type AuthorityReport, buildAuthorityReport } from '../domain/authority-report';
import { type ReportAsSent, reportAsSent } from '../domain/authority-reports-sent';
import { isBreachId } from '../domain/breach-id';
import { ConflictError, NotFoundError } from '../domain/errors';
import { ownBreach } from '../domain/own-breach';
import type { BreachRepository, OrganisationRepository } from '../domain/ports';
import { type ConsoleAccessDeps, consoleAccess } from '../http/console-access';
import { UnauthorisedError } from '../http/errors';
import { requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';
import { download } from '../register/download';
import { parseAuthorityReportQuery } from './query';

/**
 * GET /breaches/{id}/authority-report?format=json|text|pdf&phase=initial|follow-up&sent=N: the report to the
 * supervisory authority, as JSON, as text to paste into the ICO's online form, or as a printable PDF (send `Accept:
 * application/pdf`, so that API Gateway hands back the bytes rather than their base64).
 *
 * A report once marked sent is served as sent (authority-reports-sent.ts): `phase=initial` after the initial report is
 * recorded, and `sent=N` for the N-th report, return the frozen snapshot with its SHA-256 (`asSent` in the JSON, the
 * `breachdesk-report-sha256` header in every format). Otherwise the report is a draft generated from the record now:
 * the initial one before it is sent, and `phase=follow-up` the next follow-up. A follow-up before the initial report
 * is recorded is refused with 409, as is a `sent` number not (yet) sent.
 */

export interface AuthorityReportDeps {
  /** The console's downloads of this document (`/console/…`): who is signed in (http/console-access.ts). */
  console?: ConsoleAccessDeps;
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
    const { format, phase, sent } = parseAuthorityReportQuery(event);
    const state = await ownBreach(breaches, organisationId, breachId);
    const organisation = await organisations.get(organisationId);
    if (!organisation) throw new UnauthorisedError();

    let report: AuthorityReport;
    let asSent: ReportAsSent | undefined;
    const number = sent ?? (phase === 'initial' ? 1 : undefined);
    if (number !== undefined && (state.authorityReports?.length ?? 0) >= number) {
      asSent = reportAsSent(await breaches.events(breachId), number, organisation);
    }
    if (asSent) report = asSent.report;
    else if (sent !== undefined) {
      throw new ConflictError(`No report number ${sent} has been sent to the authority for this breach.`);
    } else {
      report = buildAuthorityReport({
        state,
        organisationName: organisation.name,
        policy: organisation.policy,
        phase,
        now: now(),
      });
    }
    const { timeZone } = organisation.policy;
    const fileName = asSent
      ? `authority-report-${breachId}-${asSent.number}-${asSent.phase}-as-sent`
      : `authority-report-${breachId}-${phase}-draft`;
    const sha: Record<string, string> = asSent ? { 'breachdesk-report-sha256': asSent.sha256 } : {};
    const withSha = (response: APIGatewayProxyResult): APIGatewayProxyResult => ({
      ...response,
      headers: { ...response.headers, ...sha },
    });
    const sentMeta = asSent
      ? { number: asSent.number, phase: asSent.phase, sentAt: asSent.sentAt, sha256: asSent.sha256 }
      : undefined;
    switch (format) {
      case 'text':
        return withSha(download(authorityReportText(report, timeZone), 'text/plain; charset=utf-8', `${fileName}.txt`));
      case 'pdf':
        return withSha(download(await authorityReportPdf({ report, timeZone }), 'application/pdf', `${fileName}.pdf`));
      case 'json':
        return withSha(
          json(200, { ...report, ...(sentMeta ? { asSent: sentMeta } : {}), links: { self: requestPath(event) } }),
        );
    }
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(authorityReport)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(deps.console ? [consoleAccess(deps.console)] : [])
    .use(requireOrganisation());
};
