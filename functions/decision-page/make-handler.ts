import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { hashSecret } from '../domain/decision-links';
import { DecisionInvalidError, type FieldProblem, validateDecision } from '../domain/decisions';
import {
  type DecisionRequestView,
  decisionContextFor,
  describeDecisionRequest,
  type TakeDecisionDeps,
  type TakeDecisionLogger,
  takeDecision,
} from '../domain/take-decision';
import { ForgedFormError, readUrlencodedForm } from '../http/form-body';
import { DECISION_LINK_PAGES, htmlErrorPages } from '../http/html-error-pages';
import { assetsPathOf } from '../http/links';
import type { ErrorLogger } from '../http/problem-json';
import { logger as powertoolsLogger } from '../observability/logger';
import { formToDecision } from '../pages/decision-forms';
import { CSRF_FIELD, renderDecisionPage } from '../pages/decision-page';
import { previewOrSend } from '../pages/notice-confirmation';
import { needsPreview, renderNoticePreview } from '../pages/notice-preview';
import { methodNotAllowedPage, recordedPage } from '../pages/outcome-pages';
import { htmlResponse } from '../pages/response';
import { csrfTokenFor, isValidCsrfToken } from './csrf';

/**
 * GET and POST /decisions/{secret}: the page behind a decision link, and the decision it records.
 *
 * GET only reads (describeDecisionRequest): a mail scanner or link preview that fetches the link changes nothing, and
 * the link still works for the person afterwards. POST takes `application/x-www-form-urlencoded` up to 64 KB, checks
 * the form's token, reads the form into the step's decision and records it (takeDecision: validate, claim the link,
 * append the decision, complete the waiting task). A decision that does not hold comes back as the form with its
 * problems (422), every answer kept. A used, expired, replaced or unknown link gets a page saying so, and nothing is
 * written on any of these paths.
 *
 * Nothing is logged of the request but error classes: the URL holds the secret, and the form holds the decision.
 */

export const MAX_FORM_BYTES = 64 * 1024;

export interface DecisionPageDeps extends Omit<TakeDecisionDeps, 'now' | 'logger'> {
  /** The CSRF token key (csrf.ts): random, at least 32 characters. */
  csrfKey: string;
  now?: () => Date;
  logger?: ErrorLogger & TakeDecisionLogger;
  /**
   * Where the stylesheet is served. By default it is worked out from the request: `<stage or base path>/assets`.
   */
  assetsPath?: string;
}

/** The urlencoded body, or UnreadableFormError. */
export const readForm = (event: Parameters<typeof readUrlencodedForm>[0]): URLSearchParams =>
  readUrlencodedForm(event, MAX_FORM_BYTES);

export const makeHandler = (deps: DecisionPageDeps) => {
  const { csrfKey, now = () => new Date(), logger = powertoolsLogger, assetsPath: fixedAssetsPath, ...ports } = deps;
  const takeDeps: TakeDecisionDeps = { ...ports, now, logger };

  const show = async (secret: string, assetsPath: string): Promise<APIGatewayProxyResult> => {
    const view = await describeDecisionRequest(takeDeps, secret);
    const csrfToken = csrfTokenFor(csrfKey, view.request.secretHash);
    return htmlResponse(200, renderDecisionPage({ view, csrfToken, now: now(), assetsPath }));
  };

  const invalid = (
    view: DecisionRequestView,
    values: URLSearchParams,
    reading: ReturnType<typeof formToDecision>,
    problems: readonly FieldProblem[],
    assetsPath: string,
  ): APIGatewayProxyResult => {
    const csrfToken = csrfTokenFor(csrfKey, view.request.secretHash);
    const body = renderDecisionPage({
      view,
      csrfToken,
      now: now(),
      assetsPath,
      submitted: { values, reading, problems },
    });
    return htmlResponse(422, body);
  };

  const submit = async (event: APIGatewayProxyEvent, secret: string, assetsPath: string) => {
    const values = readForm(event);
    // Checked before anything is read: a forged post costs one HMAC.
    if (!isValidCsrfToken(csrfKey, hashSecret(secret), values.get(CSRF_FIELD))) throw new ForgedFormError();
    const view = await describeDecisionRequest(takeDeps, secret);
    const reading = formToDecision(view.step, values, { timeZone: view.policy.timeZone });
    if (reading.problems.length > 0) {
      // Some answers could not be read at all; the rest are checked too, so the person sees every problem at once.
      let others: FieldProblem[] = [];
      try {
        validateDecision(view.step, reading.body, decisionContextFor(view.state, view.policy, now(), view.step));
      } catch (error) {
        if (!(error instanceof DecisionInvalidError)) throw error;
        others = error.problems;
      }
      return invalid(view, values, reading, others, assetsPath);
    }
    const method = (reading.body as { method?: unknown }).method;
    const record = async (decision: Record<string, unknown>) => {
      const result = await takeDecision(takeDeps, { via: 'link', secret, body: decision });
      const page = recordedPage({ ...result, timeZone: view.policy.timeZone, assetsPath });
      return htmlResponse(page.statusCode, page.body);
    };
    if (view.step === 'notify-subjects' && needsPreview(method)) {
      // Nothing is sent without a person pressing "send": the step's form leads to the preview (notice-confirmation.ts).
      return await previewOrSend({
        view,
        values,
        method,
        body: reading.body,
        record,
        invalid: (problems) => invalid(view, values, reading, problems, assetsPath),
        preview: (wording, problems, statusCode) =>
          htmlResponse(
            statusCode,
            renderNoticePreview({
              view,
              csrfField: CSRF_FIELD,
              csrfToken: csrfTokenFor(csrfKey, view.request.secretHash),
              values,
              method,
              wording,
              problems,
              assetsPath,
            }),
          ),
      });
    }
    try {
      return await record(reading.body);
    } catch (error) {
      if (error instanceof DecisionInvalidError) return invalid(view, values, reading, error.problems, assetsPath);
      throw error;
    }
  };

  const decisionPage = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const assetsPath = fixedAssetsPath ?? assetsPathOf(event);
    const secret = event.pathParameters?.secret ?? '';
    if (event.httpMethod === 'GET') return await show(secret, assetsPath);
    if (event.httpMethod === 'POST') return await submit(event, secret, assetsPath);
    const page = methodNotAllowedPage({ assetsPath });
    return htmlResponse(page.statusCode, page.body, { allow: 'GET, POST' });
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(decisionPage).use(
    htmlErrorPages({ pages: DECISION_LINK_PAGES, logger, ...(fixedAssetsPath ? { assetsPath: fixedAssetsPath } : {}) }),
  );
};
