import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { logger } from '../observability/logger';
import { httpErrorOf } from './problems';
import { json } from './responses';

/**
 * Maps every error to an RFC 9457 problem document: the one place where errors become HTTP responses.
 *
 * An HttpError keeps its status and, if exposed, its detail; a domain error is mapped by problems.ts. Anything else is a 500 with a generic body, and is
 * logged with ids and error classes only: messages of unknown errors may quote the request (a DynamoDB item, a
 * parser excerpt) and the request is a report full of personal data.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Where a failure is logged: a message and structured attributes (ids, error classes; never personal data). */
export interface ErrorLogger {
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface ProblemJsonOptions {
  /** Where unexpected errors are reported. @default the function's Powertools Logger */
  logger: ErrorLogger;
}

const defaults: ProblemJsonOptions = { logger };

interface ErrorRequest {
  event: Partial<APIGatewayProxyEvent> | null | undefined;
  context: Context;
  error: unknown;
  response: APIGatewayProxyResult | null | undefined;
}

export const problemJson = (options: Partial<ProblemJsonOptions> = {}): MiddlewareObj<APIGatewayProxyEvent> => {
  const { logger: errorLogger } = { ...defaults, ...options };

  const onError = (request: ErrorRequest): void => {
    // Another error middleware already answered.
    if (request.response) return;
    const { error, event, context } = request;
    const known = httpErrorOf(error);
    const status = known?.statusCode ?? 500;
    const instance = event?.requestContext?.path ?? event?.path;
    const requestId = event?.requestContext?.requestId;

    if (status >= 500) {
      errorLogger.error('request failed', {
        status,
        ...describeError(error),
        requestId,
        awsRequestId: context?.awsRequestId,
      });
    }
    request.response = problemResponse(
      status,
      {
        ...(known?.expose ? known.extensions() : {}),
        type: known?.type ?? 'about:blank',
        title: known?.title ?? 'Internal Server Error',
        status,
        detail: known?.expose ? known.detail : genericDetail,
        ...(instance ? { instance } : {}),
        // Only failures need a handle for support: it finds the log line, which says what the body cannot.
        ...(status >= 500 && requestId ? { requestId } : {}),
      },
      known?.headers,
    );
  };

  return { name: 'problemJson', onError };
};

const genericDetail = 'The request could not be completed. Quote the requestId when reporting this.';

export const problemResponse = (
  status: number,
  problem: ProblemDocument,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult => json(status, problem, { ...headers }, PROBLEM_CONTENT_TYPE);

/**
 * What can be logged about an error without its message: the class of it and of each cause, the AWS request id of
 * an SDK error, and the stack frames (code locations only; the first line of a stack repeats the message).
 */
export const describeError = (error: unknown): Record<string, unknown> => {
  const classes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined; depth += 1) {
    classes.push(current instanceof Error ? current.name || current.constructor.name : typeof current);
    current = current instanceof Error ? current.cause : undefined;
  }
  const [errorClass, ...causeClasses] = classes;
  const frames =
    error instanceof Error && typeof error.stack === 'string'
      ? error.stack
          .split('\n')
          .filter((line) => line.trimStart().startsWith('at '))
          .map((line) => line.trim())
      : [];
  return {
    errorClass,
    ...(causeClasses.length ? { causeClasses } : {}),
    ...awsMetadata(error),
    frames,
  };
};

const awsMetadata = (error: unknown): Record<string, unknown> => {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return {};
  const metadata: unknown = error.$metadata;
  if (typeof metadata !== 'object' || metadata === null) return {};
  return {
    awsSdk: {
      requestId: 'requestId' in metadata ? metadata.requestId : undefined,
      httpStatusCode: 'httpStatusCode' in metadata ? metadata.httpStatusCode : undefined,
    },
  };
};
