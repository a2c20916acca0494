import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { hashSecret } from '../domain/decision-links';
import { DecisionInvalidError, type FieldProblem, validateDecision } from '../domain/decisions';
import {
  DecisionLinkExpiredError,
  DecisionLinkSupersededError,
  DecisionLinkUsedError,
  type DecisionRequestView,
  decisionContextFor,
  describeDecisionRequest,
  StepNotAwaitedError,
  type TakeDecisionDeps,
  type TakeDecisionLogger,
  takeDecision,
  UnknownDecisionLinkError,
} from '../domain/take-decision';
import { readUrlencodedForm, UnreadableFormError } from '../http/form-body';
import { describeError, type ErrorLogger } from '../http/problem-json';
import { formToDecision } from '../pages/decision-forms';
import { CSRF_FIELD, renderDecisionPage } from '../pages/decision-page';
import {
  errorPage,
  expiredLinkPage,
  forbiddenPage,
  methodNotAllowedPage,
  type OutcomePage,
  recordedPage,
  stepNotAwaitedPage,
  supersededLinkPage,
  unknownLinkPage,
  unreadableFormPage,
  usedLinkPage,
} from '../pages/outcome-pages';
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

/**
 * `/v1/assets` when the API is reached as `/v1/decisions/…`: API Gateway's `requestContext.path` keeps the stage or
 * custom-domain base path that `event.path` drops.
 */
export const assetsPathOf = (event: Pick<APIGatewayProxyEvent, 'path' | 'requestContext'>): string => {
  const full = event.requestContext?.path;
  const base = full && event.path && full.endsWith(event.path) ? full.slice(0, full.length - event.path.length) : '';
  return `${base.replace(/\/+$/, '')}/assets`;
};

class ForgedFormError extends Error {
  constructor() {
    super('the form token does not match the link');
    this.name = 'ForgedFormError';
  }
}

/** The urlencoded body, or UnreadableFormError. */
export const readForm = (event: Parameters<typeof readUrlencodedForm>[0]): URLSearchParams =>
  readUrlencodedForm(event, MAX_FORM_BYTES);

export const makeHandler = (deps: DecisionPageDeps) => {
  const { csrfKey, now = () => new Date(), logger = console, assetsPath: fixedAssetsPath, ...ports } = deps;
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
    try {
      const result = await takeDecision(takeDeps, { via: 'link', secret, body: reading.body });
      const page = recordedPage({ ...result, timeZone: view.policy.timeZone, assetsPath });
      return htmlResponse(page.statusCode, page.body);
    } catch (error) {
      if (error instanceof DecisionInvalidError) return invalid(view, values, reading, error.problems, assetsPath);
      throw error;
    }
  };

  const pageFor = (
    error: unknown,
    assetsPath: string,
    context: Context | undefined,
    requestId?: string,
  ): OutcomePage => {
    const options = { assetsPath };
    if (error instanceof UnknownDecisionLinkError) return unknownLinkPage(options);
    if (error instanceof DecisionLinkUsedError) return usedLinkPage(options);
    if (error instanceof DecisionLinkExpiredError) return expiredLinkPage(options);
    if (error instanceof DecisionLinkSupersededError) return supersededLinkPage(options);
    if (error instanceof StepNotAwaitedError) return stepNotAwaitedPage(options);
    if (error instanceof ForgedFormError) return forbiddenPage(options);
    if (error instanceof UnreadableFormError) return unreadableFormPage(error.statusCode, options);
    logger.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'decision page failed',
        ...describeError(error),
        requestId,
        awsRequestId: context?.awsRequestId,
      }),
    );
    return errorPage({ ...options, ...(requestId ? { requestId } : {}) });
  };

  const decisionPage = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const assetsPath = fixedAssetsPath ?? assetsPathOf(event);
    const secret = event.pathParameters?.secret ?? '';
    try {
      if (event.httpMethod === 'GET') return await show(secret, assetsPath);
      if (event.httpMethod === 'POST') return await submit(event, secret, assetsPath);
      const page = methodNotAllowedPage({ assetsPath });
      return htmlResponse(page.statusCode, page.body, { allow: 'GET, POST' });
    } catch (error) {
      const page = pageFor(error, assetsPath, context, event.requestContext?.requestId);
      return htmlResponse(page.statusCode, page.body);
    }
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(decisionPage);
};
