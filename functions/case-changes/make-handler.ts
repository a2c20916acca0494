import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { type AmendFactsDeps, amendFacts } from '../domain/amend-facts';
import { recordAuthorityExchange, recordAuthorityOutcome } from '../domain/authority-exchanges';
import { isBreachId } from '../domain/breach-id';
import { decideParty } from '../domain/decide-party';
import { NotFoundError } from '../domain/errors';
import { linkBreach } from '../domain/link-breaches';
import { recordObligationStageSent } from '../domain/record-obligation-stage';
import { type ReviseDecisionDeps, reviseDecision } from '../domain/revise-decision';
import { addAction, closeAction, type TrackActionsDeps } from '../domain/track-actions';
import { type JsonBodyEvent, jsonBody } from '../http/json-body';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';

/**
 * The routes that change an open case after its first decision, each a use case of the domain:
 *
 * - `POST /breaches/{id}/amendments` — amend facts (who, why); the assessment is recomputed (amend-facts.ts);
 * - `POST /breaches/{id}/revisions` — revise the notification decision with reasons (revise-decision.ts);
 * - `POST /breaches/{id}/actions`, `POST /breaches/{id}/actions/{actionId}` — add or close a tracked action;
 * - `POST /breaches/{id}/authority-exchanges`, `POST /breaches/{id}/authority-outcome` — the authority's side;
 * - `POST /breaches/{id}/other-parties` — decide a suggested party after the notify step;
 * - `POST /breaches/{id}/links` — link a related breach;
 * - `POST /breaches/{id}/obligation-stages` — a stage of an obligation sent (another authority's report, a NIS2 early
 *   warning): its clock stops alerting (record-obligation-stage.ts). The stage's key (`<obligation>/<stage>`) holds a
 *   slash, so it travels in the body rather than the path.
 *
 * 201 with the recorded event's sequence; 404 for another organisation's breach; 409 once the case is closed; 422
 * with every field problem. A refused request writes nothing.
 */

export type CaseChangesDeps = AmendFactsDeps & ReviseDecisionDeps & TrackActionsDeps & { logger?: ErrorLogger };

type Route = (
  deps: CaseChangesDeps,
  input: { organisationId: string; breachId: string; body: unknown; actionId?: string },
) => Promise<{ seq: number; at: string; type: string; data: unknown }>;

const ROUTES: Record<string, Route> = {
  '/breaches/{id}/amendments': async (deps, input) => {
    const { event, reassessment } = await amendFacts(deps, input);
    return { ...event, data: { ...event.data, ...(reassessment ? { reassessment } : {}) } };
  },
  '/breaches/{id}/revisions': (deps, input) => reviseDecision(deps, input),
  '/breaches/{id}/actions': (deps, input) => addAction(deps, input),
  '/breaches/{id}/actions/{actionId}': (deps, { actionId, ...input }) => {
    if (!actionId) throw new NotFoundError();
    return closeAction(deps, { ...input, actionId });
  },
  '/breaches/{id}/authority-exchanges': (deps, input) => recordAuthorityExchange(deps, input),
  '/breaches/{id}/authority-outcome': async (deps, input) => {
    const { outcome, actions } = await recordAuthorityOutcome(deps, input);
    return { ...outcome, data: { ...outcome.data, actions: actions.map((a) => a.data) } };
  },
  '/breaches/{id}/other-parties': (deps, input) => decideParty(deps, input),
  '/breaches/{id}/links': (deps, input) => linkBreach(deps, input),
  '/breaches/{id}/obligation-stages': async (deps, input) => (await recordObligationStageSent(deps, input)).event,
};

/** The resources this function serves, for its manifest entry. */
export const CASE_CHANGE_RESOURCES = Object.keys(ROUTES);

export const makeHandler = (deps: CaseChangesDeps) => {
  const change = async (event: JsonBodyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    const route = ROUTES[event.resource];
    if (!isBreachId(breachId) || !route) throw new NotFoundError();
    const actionId = event.pathParameters?.actionId;
    const recorded = await route(deps, {
      organisationId,
      breachId,
      body: event.body,
      ...(actionId ? { actionId } : {}),
    });
    return json(201, {
      breachId,
      seq: recorded.seq,
      recordedAt: recorded.at,
      type: recorded.type,
      data: recorded.data,
    });
  };

  return middy<JsonBodyEvent, APIGatewayProxyResult>(change)
    .use(problemJson(deps.logger ? { logger: deps.logger } : {}))
    .use(requireOrganisation())
    .use(jsonBody());
};
