import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { consoleDecisionLinkPath } from '../domain/decision-links';
import { stagePrefixOf } from '../http/links';

/**
 * GET and POST /decisions/{secret}: decision links mailed before people signed in, still sitting in inboxes.
 *
 * A decision is recorded by the person signed in to the console, never by a name typed on a page, so this answers
 * every request with a 303 to the link's console form (`/console/decisions/{secret}`), which signs the person in
 * first and then opens the step's form. A POST is a form left open from before: it writes nothing and is sent the
 * same way (303 turns it into a GET). Nothing is read or written here, so the function holds no grant at all.
 */
export const makeHandler = () => {
  const forward = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const stagePrefix = stagePrefixOf(event);
    return {
      statusCode: 303,
      headers: {
        location: `${stagePrefix}${consoleDecisionLinkPath(event.pathParameters?.secret ?? '')}`,
        'cache-control': 'no-store',
        // The address holds the link's secret: the page it leads to must not learn it as a referrer.
        'referrer-policy': 'no-referrer',
      },
      body: '',
    };
  };
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(forward);
};
