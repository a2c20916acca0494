import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { breachIdFor } from '../domain/breach-id';
import { IdempotencyMismatchError, NotFoundError, ValidationError } from '../domain/errors';
import { fieldErrors } from '../domain/field-errors';
import type { BreachRepository, Organisation, OrganisationRepository, WorkflowStarter } from '../domain/ports';
import { makeBreachReportSchema } from '../domain/report';
import { type Logger, makeReportBreach } from '../domain/report-breach';
import { readUrlencodedForm } from '../http/form-body';
import { htmlErrorPages, REPORT_FORM_PAGES } from '../http/html-error-pages';
import { assetsPathOf } from '../http/links';
import type { ErrorLogger } from '../http/problem-json';
import type { Counter } from '../observability/counter';
import { logger as powertoolsLogger } from '../observability/logger';
import { metricsCounter } from '../observability/metrics';
import { METRIC_NAMES } from '../observability/names';
import { withFirstMinutesDefaults } from '../pages/report-first-minutes';
import {
  alreadySentPage,
  CSRF_FIELD,
  FORM_KEY_FIELD,
  type ReportPage,
  renderReportConfirmation,
  renderReportForm,
  reportMethodNotAllowedPage,
} from '../pages/report-form';
import {
  defaultReportFormValues,
  formToReport,
  type ReadingProblem,
  type ReportProblem,
  reportFormErrors,
} from '../pages/report-form-fields';
import { htmlResponse } from '../pages/response';
import { isValidReportFormToken, newFormKey, reportFormTokenFor } from './csrf';

/**
 * GET and POST /report/{organisation}: the hosted report form, the channel for staff who have no API client.
 *
 * GET shows the form with a fresh form key and its token; nothing is written, so a link preview changes nothing. POST
 * takes `application/x-www-form-urlencoded` up to 256 KB, checks the token, reads the form into a report and records it
 * with the same use case as POST /breaches (makeReportBreach), keyed by the form key: sending the same form twice
 * lands on the same breach. A report that does not hold comes back as the form (422) with every problem at once and
 * every answer kept; a forged or stale token (403) comes back the same way with a new key, nothing recorded.
 *
 * The organisation id in the URL is public, like a reporting address: an unknown one gets a 404 page. Nothing of the
 * request is logged but error classes: the form holds personal data.
 */

export const MAX_REPORT_FORM_BYTES = 256 * 1024;

/** The idempotency key the use case derives the breach id from; the prefix keeps form keys apart from API keys. */
export const formIdempotencyKey = (formKey: string): string => `form:${formKey}`;

const ORGANISATION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export interface ReportFormDeps {
  /** @default the function's EMF metrics */
  metrics?: Counter;
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  workflow: WorkflowStarter;
  /** The CSRF token key (csrf.ts): random, at least 32 characters. */
  csrfKey: string;
  now?: () => Date;
  logger?: ErrorLogger & Logger;
  /** Where the stylesheet is served. By default it is worked out from the request: `<stage or base path>/assets`. */
  assetsPath?: string;
  /** @default 128 random bits (csrf.ts) */
  newFormKey?: () => string;
}

/** The urlencoded body, or UnreadableFormError. */
export const readReportForm = (event: Parameters<typeof readUrlencodedForm>[0]): URLSearchParams =>
  readUrlencodedForm(event, MAX_REPORT_FORM_BYTES);

const isAnonymous = (body: Record<string, unknown>): boolean =>
  (body.reporter as { anonymised?: unknown } | undefined)?.anonymised === true;

export const makeHandler = (deps: ReportFormDeps) => {
  const { csrfKey, now = () => new Date(), logger = powertoolsLogger, assetsPath: fixedAssetsPath } = deps;
  const mintKey = deps.newFormKey ?? newFormKey;
  const reportBreach = makeReportBreach({ breaches: deps.breaches, workflow: deps.workflow, now, logger });

  const organisationFor = async (event: APIGatewayProxyEvent): Promise<Organisation> => {
    const id = event.pathParameters?.organisation ?? '';
    const organisation = ORGANISATION_ID.test(id) ? await deps.organisations.get(id) : undefined;
    // Malformed and unknown ids get the same page, so guessing learns nothing.
    if (!organisation) throw new NotFoundError();
    return organisation;
  };

  interface FormPage {
    statusCode: number;
    organisation: Organisation;
    values: URLSearchParams;
    formKey: string;
    assetsPath: string;
    reading?: readonly ReadingProblem[];
    problems?: readonly ReportProblem[];
    formProblem?: string;
  }

  const formPage = (page: FormPage): APIGatewayProxyResult => {
    const errors =
      page.reading || page.problems
        ? reportFormErrors(page.values, page.reading ?? [], page.problems ?? [])
        : undefined;
    const body = renderReportForm({
      organisation: page.organisation,
      csrfToken: reportFormTokenFor(csrfKey, page.organisation.id, page.formKey),
      formKey: page.formKey,
      values: page.values,
      assetsPath: page.assetsPath,
      ...(errors ? { errors } : {}),
      ...(page.formProblem ? { formProblem: page.formProblem } : {}),
    });
    return htmlResponse(page.statusCode, body);
  };

  const show = (organisation: Organisation, assetsPath: string): APIGatewayProxyResult =>
    formPage({
      statusCode: 200,
      organisation,
      values: defaultReportFormValues(organisation.policy),
      formKey: mintKey(),
      assetsPath,
    });

  const submit = async (
    event: APIGatewayProxyEvent,
    organisation: Organisation,
    assetsPath: string,
  ): Promise<APIGatewayProxyResult> => {
    const values = readReportForm(event);
    const formKey = values.get(FORM_KEY_FIELD);
    if (!isValidReportFormToken(csrfKey, organisation.id, formKey, values.get(CSRF_FIELD)) || !formKey) {
      // Nothing is recorded without a token this service made. The answers come back with a new key, so a person whose
      // form went stale (a key rotation) loses nothing; a forged post from another site cannot read this page.
      return formPage({
        statusCode: 403,
        organisation,
        values,
        formKey: mintKey(),
        assetsPath,
        formProblem: 'Your report could not be sent. Check your answers, then send it again.',
      });
    }
    const { timeZone } = organisation.policy;
    const reading = formToReport(values, { timeZone });
    // What the first minutes did not answer is recorded as not yet known; the DPO completes it in the case.
    const report = withFirstMinutesDefaults(reading.body);
    if (reading.problems.length > 0) {
      // Some answers could not be read at all; the rest are checked too, so the person sees every problem at once.
      const parsed = makeBreachReportSchema(now).safeParse(report);
      const problems = parsed.success ? [] : fieldErrors(parsed.error);
      return formPage({
        statusCode: 422,
        organisation,
        values,
        formKey,
        assetsPath,
        reading: reading.problems,
        problems,
      });
    }
    try {
      const result = await reportBreach({
        organisation,
        idempotencyKey: formIdempotencyKey(formKey),
        body: report,
        channel: 'form',
      });
      if (result.created) (deps.metrics ?? metricsCounter).count(METRIC_NAMES.breachesReported);
      const body = renderReportConfirmation({
        organisation,
        breachId: result.breachId,
        awareAt: result.awareAt,
        deadlines: result.deadlines,
        workflow: result.workflow,
        anonymous: isAnonymous(report),
        now: now(),
        formPath: event.requestContext?.path || event.path,
        assetsPath,
      });
      return htmlResponse(200, body);
    } catch (error) {
      if (error instanceof ValidationError) {
        return formPage({ statusCode: 422, organisation, values, formKey, assetsPath, problems: error.errors });
      }
      if (error instanceof IdempotencyMismatchError) {
        return page(alreadySentPage(breachIdFor(organisation.id, formIdempotencyKey(formKey)), { assetsPath }));
      }
      throw error;
    }
  };

  const page = (outcome: ReportPage, headers: Record<string, string> = {}) =>
    htmlResponse(outcome.statusCode, outcome.body, headers);

  const reportForm = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const assetsPath = fixedAssetsPath ?? assetsPathOf(event);
    if (event.httpMethod !== 'GET' && event.httpMethod !== 'POST') {
      return page(reportMethodNotAllowedPage({ assetsPath }), { allow: 'GET, POST' });
    }
    const organisation = await organisationFor(event);
    return event.httpMethod === 'GET' ? show(organisation, assetsPath) : await submit(event, organisation, assetsPath);
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(reportForm).use(
    htmlErrorPages({ pages: REPORT_FORM_PAGES, logger, ...(fixedAssetsPath ? { assetsPath: fixedAssetsPath } : {}) }),
  );
};
