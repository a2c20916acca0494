import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { NotFoundError } from '../domain/errors';
import { logger } from '../observability/logger';
import { formNotFoundPage, reportErrorPage, unreadableReportPage } from '../pages/report-form';
import { htmlResponse } from '../pages/response';
import { UnreadableFormError } from './form-body';
import { assetsPathOf, consoleBaseOf } from './links';
import { describeError, type ErrorLogger } from './problem-json';

/**
 * The one place where errors become HTML pages, as problem-json.ts is for the API: a middleware that answers a page's
 * failure with the page its error stands for. Each kind of page speaks to a different person, so each has its own
 * set of pages for the same errors; the set is the table below, read first row first. An error in no row is logged
 * (classes and ids only: a form holds personal data) and answered with the set's failure page, which quotes the
 * request id.
 */

export interface Page {
  statusCode: number;
  body: string;
}

export interface PageOptions {
  assetsPath: string;
  /** The console's base path, e.g. `/v1/console`, for a page that leads back to it. */
  consoleBase: string;
}

type ErrorClass<E> = abstract new (...args: never[]) => E;

interface PageRow<E extends Error> {
  error: ErrorClass<E>;
  /** The page for the error; undefined when it stands for none, so it is logged and answered as a failure. */
  page: (error: E, options: PageOptions) => Page | undefined;
}

export interface ErrorPageSet {
  /** Which pages these are, for the log line of an unexpected failure. */
  name: string;
  rows: readonly PageRow<Error>[];
  failed: (options: PageOptions & { requestId?: string }) => Page;
}

const row = <E extends Error>(entry: PageRow<E>): PageRow<Error> => entry as unknown as PageRow<Error>;

/** The hosted report form's pages (functions/report-form). */
export const REPORT_FORM_PAGES: ErrorPageSet = {
  name: 'report form',
  rows: [
    row({ error: NotFoundError, page: (_, options) => formNotFoundPage(options) }),
    row({ error: UnreadableFormError, page: (error, options) => unreadableReportPage(error.statusCode, options) }),
  ],
  failed: reportErrorPage,
};

export interface HtmlErrorPagesOptions {
  pages: ErrorPageSet;
  /** @default console */
  logger?: ErrorLogger;
  /** Where the stylesheet is served. @default worked out from the request (links.ts, assetsPathOf) */
  assetsPath?: string;
}

interface ErrorRequest {
  event: APIGatewayProxyEvent;
  context: Context;
  error: unknown;
  response: APIGatewayProxyResult | null | undefined;
}

/** The page an error stands for in a set, or undefined when the set has no row for it. */
export const pageForError = (pages: ErrorPageSet, error: unknown, options: PageOptions): Page | undefined => {
  if (!(error instanceof Error)) return undefined;
  const entry = pages.rows.find((candidate) => error instanceof candidate.error);
  return entry?.page(error, options);
};

export const htmlErrorPages = (options: HtmlErrorPagesOptions): MiddlewareObj<APIGatewayProxyEvent> => {
  const { pages, logger: errorLogger = logger, assetsPath: fixedAssetsPath } = options;

  const onError = (request: ErrorRequest): void => {
    if (request.response) return;
    const { error, event, context } = request;
    const options = { assetsPath: fixedAssetsPath ?? assetsPathOf(event), consoleBase: consoleBaseOf(event) };
    let page = pageForError(pages, error, options);
    if (!page) {
      const requestId = event?.requestContext?.requestId;
      errorLogger.error(`${pages.name} failed`, {
        ...describeError(error),
        requestId,
        awsRequestId: context?.awsRequestId,
      });
      page = pages.failed({ ...options, ...(requestId ? { requestId } : {}) });
    }
    request.response = htmlResponse(page.statusCode, page.body);
  };

  return { name: 'htmlErrorPages', onError };
};
