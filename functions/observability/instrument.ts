import type { Context } from 'aws-lambda';
import { isBreachId } from '../domain/breach-id';
import { logger } from './logger';
import { metrics } from './metrics';

/**
 * Wraps a function's handler: each invocation's log lines carry the Lambda context and a correlation id, and the
 * metrics it counted are flushed when it ends, whether it succeeded or threw.
 *
 * The correlation id is API Gateway's request id (also in the access log and in a 500's body), an EventBridge
 * event's id, or else the Lambda request id; a workflow task's lines also carry the breach id. Ids only: nothing of
 * the event's body is ever added.
 */
export const instrument = <H extends (...args: never[]) => unknown>(handler: H): H =>
  (async (...args: Parameters<H>) => {
    const [event, context] = args as unknown as [unknown, Context | undefined];
    if (context?.awsRequestId) logger.addContext(context);
    logger.setCorrelationId(correlationIdOf(event) ?? context?.awsRequestId);
    const breachId = breachIdOf(event);
    if (breachId) logger.appendKeys({ breachId });
    try {
      return await handler(...args);
    } finally {
      if (breachId) logger.removeKeys(['breachId']);
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  }) as H;

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

const correlationIdOf = (event: unknown): string | undefined => {
  const requestId = record(record(event)?.requestContext)?.requestId;
  if (typeof requestId === 'string') return requestId;
  const id = record(event)?.id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * A workflow task's input names its breach; an API event's path parameter does too. Only a well-formed breach id is
 * taken: a path is the caller's to write, and could hold anything.
 */
const breachIdOf = (event: unknown): string | undefined => {
  const direct = record(event)?.breachId;
  if (isBreachId(direct)) return direct;
  const fromPath = record(record(event)?.pathParameters)?.id;
  return isBreachId(fromPath) ? fromPath : undefined;
};
