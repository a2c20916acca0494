/**
 * The deployed API's gateway responses (infra/constructs/api.ts, PROBLEMS): what API Gateway itself answers, as
 * RFC 9457 problem details, before or instead of a function. Kept to the ones local mode can produce; the text must
 * stay what the deployed templates render, so a client sees the same body locally and in AWS.
 */

export interface GatewayProblem {
  readonly statusCode: number;
  readonly title: string;
  readonly detail: string;
  /** Whether the template writes `status` (the DEFAULT_* responses keep the error's own status and omit it). */
  readonly withStatus: boolean;
}

export const GATEWAY_PROBLEMS = {
  /** UNAUTHORIZED: no Authorization header, or the authorizer threw 'Unauthorized'. */
  unauthorized: {
    statusCode: 401,
    title: 'Unauthorized',
    detail: 'A valid API key is required in the Authorization header.',
    withStatus: true,
  },
  /** ACCESS_DENIED: the authorizer's policy does not allow the method. */
  accessDenied: {
    statusCode: 403,
    title: 'Forbidden',
    detail: 'This API key may not access this resource.',
    withStatus: true,
  },
  /** MISSING_AUTHENTICATION_TOKEN: API Gateway's answer to a path or method it has no resource for. */
  notFound: { statusCode: 404, title: 'Not Found', detail: 'No such resource.', withStatus: true },
  /** REQUEST_TOO_LARGE: over API Gateway's 10 MB payload limit ($context.error.messageString). */
  tooLarge: { statusCode: 413, title: 'Content Too Large', detail: 'Request Too Long', withStatus: true },
  /** DEFAULT_5XX for a function that failed or answered something that is not a proxy result. */
  badGateway: {
    statusCode: 502,
    title: 'Service Error',
    detail: 'The request could not be completed; it may be retried.',
    withStatus: false,
  },
  /** DEFAULT_5XX for an authorizer that failed (AUTHORIZER_FAILURE / AUTHORIZER_CONFIGURATION_ERROR). */
  authorizerFailure: {
    statusCode: 500,
    title: 'Service Error',
    detail: 'The request could not be completed; it may be retried.',
    withStatus: false,
  },
  /** Local mode only: the gateway listens before the handlers are loaded. */
  starting: {
    statusCode: 503,
    title: 'Service Error',
    detail: 'The request could not be completed; it may be retried.',
    withStatus: false,
  },
} as const satisfies Record<string, GatewayProblem>;

/** The body the deployed template renders, in its key order. */
export const gatewayProblemBody = (problem: GatewayProblem, requestId: string): string =>
  JSON.stringify({
    type: 'about:blank',
    title: problem.title,
    ...(problem.withStatus ? { status: problem.statusCode } : {}),
    detail: problem.detail,
    requestId,
  });
