import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { UnauthorisedError } from './errors';

/**
 * The caller's organisation, as the authorizer found it from the API key. Fails closed: a request that reaches a
 * handler without one (a route left without the authorizer, a hand-built event) is refused, never served as
 * "no tenant".
 */
export const organisationIdOf = (event: Pick<APIGatewayProxyEvent, 'requestContext'>): string => {
  const organisationId: unknown = event.requestContext?.authorizer?.organisationId;
  if (typeof organisationId !== 'string' || organisationId.trim() === '') throw new UnauthorisedError();
  return organisationId;
};

/** Checks for the organisation before any other middleware, so an unauthenticated body is never even parsed. */
export const requireOrganisation = (): MiddlewareObj<APIGatewayProxyEvent> => {
  const before = (request: { event: APIGatewayProxyEvent }): void => {
    organisationIdOf(request.event);
  };
  return { name: 'requireOrganisation', before };
};
