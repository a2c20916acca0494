import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Organisation } from '../domain/ports';
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

/** The authorizer context's key for the organisation as the authorizer read it (JSON: context values are strings). */
const ORGANISATION_CONTEXT_KEY = 'organisation';

/**
 * What the authorizer hands on to every route: the organisation's id, and the organisation itself as it read it, so
 * that a route needing the policy (POST /breaches) does not read the same item again. API Gateway caches this answer
 * with the policy per key (AUTHORIZER_CACHE_SECONDS), so the organisation a route sees is at most that old: the same
 * bound within which a deleted organisation or revoked key is refused.
 */
export const authorizerContext = (organisation: Organisation): Record<string, string> => ({
  organisationId: organisation.id,
  [ORGANISATION_CONTEXT_KEY]: JSON.stringify(organisation),
});

/**
 * The organisation the authorizer read, or undefined when the context does not carry it (an answer cached from an
 * authorizer deployed before it did, a hand-built event): the caller then reads the organisation itself. Only
 * API Gateway writes the context, from our authorizer; its id must still agree with `organisationId`.
 */
export const authorizedOrganisationOf = (
  event: Pick<APIGatewayProxyEvent, 'requestContext'>,
): Organisation | undefined => {
  const organisationId = organisationIdOf(event);
  const raw: unknown = event.requestContext?.authorizer?.[ORGANISATION_CONTEXT_KEY];
  if (typeof raw !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const candidate = parsed as Record<string, unknown>;
  if (candidate.id !== organisationId || typeof candidate.name !== 'string') return undefined;
  if (typeof candidate.policy !== 'object' || candidate.policy === null) return undefined;
  return {
    id: organisationId,
    name: candidate.name,
    policy: candidate.policy as Organisation['policy'],
    ...(typeof candidate.policyVersion === 'number' ? { policyVersion: candidate.policyVersion } : {}),
  };
};
