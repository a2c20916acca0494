import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { cookieOf, SESSION_COOKIE } from '../console/cookies';
import { can } from '../domain/roles';
import { readSession, type SessionStore, type UserDirectory } from '../domain/sign-in';
import { logger as powertoolsLogger } from '../observability/logger';
import {
  type DocumentPageOptions,
  documentFailedPage,
  documentForbiddenPage,
  documentNotAvailablePage,
  documentNotFoundPage,
} from '../pages/document-pages';
import { htmlResponse } from '../pages/response';
import { type ErrorPageSet, htmlErrorPages } from './html-error-pages';
import { assetsPathOf, consoleBaseOf, consoleSignInPath, requestPath } from './links';
import type { ErrorLogger } from './problem-json';
import { httpErrorOf } from './problems';

/**
 * The console's downloads (`GET /console/breaches/{id}/authority-report`, `…/letters`, `…/public-notice`,
 * `…/board-report`) are served by the function that renders each document, beside its API-key route: the console
 * itself stays free of the PDF renderer and its font. API Gateway routes these paths before the console's
 * `/console/{proxy+}`, without the API-key authorizer; this middleware stands in for it.
 *
 * On a console route it reads the session from the console's cookie (readSession: nothing written, so the function
 * keeps read-only access to the table), refuses a role that does not open cases (403 page) and sends anyone not signed
 * in to sign in and back (303, a path inside the console). A signed-in person's organisation then reaches the handler
 * exactly where the authorizer puts an API key's, so the same handler serves both and another organisation's breach is
 * a 404 either way. Errors on a console route become HTML pages; on an API route they stay problem+json.
 *
 * Use it after problemJson and before requireOrganisation.
 */

export interface ConsoleAccessDeps {
  sessions: Pick<SessionStore, 'getSession'>;
  users: UserDirectory;
  now?: () => Date;
  logger?: ErrorLogger;
}

/** A route the console links to, as the manifest declares it (`/console/…`). */
export const isConsoleRoute = (event: Pick<APIGatewayProxyEvent, 'resource'>): boolean =>
  event.resource?.startsWith('/console/') === true;

const optionsOf = (event: APIGatewayProxyEvent): DocumentPageOptions => ({
  assetsPath: assetsPathOf(event),
  consoleBase: consoleBaseOf(event),
});

/**
 * A console download's error pages: by the status the problem table gives the error (problems.ts), so a download
 * says what its API route would, in a page. A server error, or an error the table does not know, is the failure page.
 */
const CONSOLE_DOWNLOAD_PAGES: ErrorPageSet = {
  name: 'console download',
  rows: [
    {
      error: Error,
      page: (error, options) => {
        const known = httpErrorOf(error);
        const status = known?.statusCode ?? 500;
        if (status === 404) return documentNotFoundPage(options);
        if (status === 401 || status === 403) return documentForbiddenPage(options);
        if (status < 500 && known?.expose) return documentNotAvailablePage(status, known.message, options);
        return undefined;
      },
    },
  ],
  failed: documentFailedPage,
};

interface Request {
  event: APIGatewayProxyEvent;
  context: Context;
  error?: unknown;
  response?: APIGatewayProxyResult | null;
}

export const consoleAccess = (deps: ConsoleAccessDeps): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => {
  const { now = () => new Date(), logger = powertoolsLogger } = deps;

  const before = async (request: Request): Promise<APIGatewayProxyResult | undefined> => {
    const { event } = request;
    if (!isConsoleRoute(event)) return undefined;
    const options = optionsOf(event);
    const session = await readSession({ ...deps, now }, cookieOf(event, SESSION_COOKIE));
    if (!session) {
      return {
        statusCode: 303,
        headers: {
          location: consoleSignInPath(options.consoleBase, requestPath(event), event),
          'cache-control': 'no-store',
        },
        body: '',
      };
    }
    if (!can(session.roles, 'view-cases')) {
      const page = documentForbiddenPage(options);
      return htmlResponse(page.statusCode, page.body);
    }
    // Where API Gateway puts what the authorizer found: the handler reads the organisation from here either way.
    event.requestContext = {
      ...event.requestContext,
      authorizer: { principalId: session.userId, organisationId: session.organisationId },
    };
    return undefined;
  };

  const errorPages = htmlErrorPages({ pages: CONSOLE_DOWNLOAD_PAGES, logger });
  // On an API route the error stays for problemJson; on a console route it is the download's page.
  const onError = (request: Request): APIGatewayProxyResult | undefined => {
    if (request.response || !isConsoleRoute(request.event)) return undefined;
    errorPages.onError?.(request as Parameters<NonNullable<typeof errorPages.onError>>[0]);
    return request.response ?? undefined;
  };

  return { name: 'consoleAccess', before, onError };
};
