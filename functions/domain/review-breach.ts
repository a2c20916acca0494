import { type BoardReport, buildBoardReport, type SimilarIncident, similarIncidents } from './board-report';
import { NotFoundError } from './errors';
import { organisationBreaches } from './organisation-breaches';
import { ownBreach } from './own-breach';
import type { BreachRepository, OrganisationRepository } from './ports';
import { wordsFor } from './vocabulary';

/**
 * Looking back at a breach, for the DPO and the board: the final report to the board / SLT drawn up from the record,
 * and the organisation's earlier breaches like it.
 *
 * 1. The caller's breach, or NotFoundError (another organisation's breach answers as one that does not exist).
 * 2. Every breach of the same organisation (never another's), for the similar incidents.
 * 3. The report (board-report.ts) or the list, most alike first.
 */

export interface ReviewBreachDeps {
  breaches: Pick<BreachRepository, 'state' | 'events' | 'list'>;
  organisations: Pick<OrganisationRepository, 'get'>;
}

export interface ReviewBreachInput {
  organisationId: string;
  breachId: string;
}

export async function boardReportOf(
  deps: ReviewBreachDeps,
  input: ReviewBreachInput & { now: Date },
): Promise<{ report: BoardReport; timeZone: string }> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const [organisation, events, others] = await Promise.all([
    deps.organisations.get(input.organisationId),
    deps.breaches.events(input.breachId),
    organisationBreaches(deps.breaches, input.organisationId),
  ]);
  if (!organisation) throw new NotFoundError();
  const report = buildBoardReport({
    events,
    state,
    organisationName: organisation.name,
    clocks: organisation.policy.clocks,
    others,
    now: input.now,
  });
  return { report, timeZone: organisation.policy.timeZone };
}

/** An earlier breach like this one: what it was, where it stands, and what it shares with this one. */
export interface SimilarIncidentView extends SimilarIncident {
  cause: string;
  status: 'open' | 'closed';
  description: string;
}

export async function similarIncidentsOf(
  deps: Pick<ReviewBreachDeps, 'breaches'>,
  input: ReviewBreachInput,
): Promise<SimilarIncidentView[]> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const others = await organisationBreaches(deps.breaches, input.organisationId);
  const byId = new Map(others.map((o) => [o.breachId, o]));
  return similarIncidents(state, others).flatMap((similar) => {
    const other = byId.get(similar.breachId);
    if (!other) return [];
    return [
      {
        ...similar,
        cause: wordsFor('cause', other.report.cause.category),
        status: other.status,
        description: other.report.description,
      },
    ];
  });
}
