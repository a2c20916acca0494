import type { APIGatewayProxyResult } from 'aws-lambda';
import { NotFoundError } from '../domain/errors';
import { type OpenDecisionLinkDeps, openDecisionLink } from '../domain/open-decision-link';
import { type ConsolePageBase, consoleNotFoundPage } from '../pages/console-pages';
import { renderSpentDecisionLink, spentLinkStatusCode } from '../pages/decision-link-pages';
import { htmlResponse } from '../pages/response';

/**
 * GET /console/decisions/{secret}: a mailed decision link, opened by a person who is signed in (the console signed
 * them in first and came back here). An open link leads to its step's form, where the role check applies and the
 * decision is recorded in the signed-in person's name; a spent one says why (decision-link-pages.ts); an unknown link,
 * or another organisation's, is the console's 404, exactly alike.
 */

const LINK_PATH = /^\/decisions\/([^/]+)$/;

export const isDecisionLinkPath = (path: string): boolean => LINK_PATH.test(path);

export const decisionLinkRoute = async (
  deps: OpenDecisionLinkDeps,
  input: { path: string; method: string; page: ConsolePageBase },
): Promise<APIGatewayProxyResult> => {
  const { page: p } = input;
  const secret = LINK_PATH.exec(input.path)?.[1] ?? '';
  if (input.method !== 'GET') return htmlResponse(405, consoleNotFoundPage(p.assetsPath, p.base));
  let target: Awaited<ReturnType<typeof openDecisionLink>>;
  try {
    target = await openDecisionLink(deps, { secret, organisationId: p.session.organisationId });
  } catch (error) {
    if (error instanceof NotFoundError) return htmlResponse(404, consoleNotFoundPage(p.assetsPath, p.base));
    throw error;
  }
  if (target.status === 'open') {
    return {
      statusCode: 303,
      headers: {
        location: `${p.base}/breaches/${target.breachId}/decisions/${target.step}`,
        'cache-control': 'no-store',
      },
      body: '',
    };
  }
  const { status } = target;
  return htmlResponse(spentLinkStatusCode(status), renderSpentDecisionLink(p, { ...target, status }));
};
