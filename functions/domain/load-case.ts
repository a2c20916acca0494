import type { Clock, OrganisationPolicy } from './policy';
import type { BreachRepository, Organisation, OrganisationRepository } from './ports';
import type { BreachState } from './state';
import { WORKFLOW_ERRORS } from './workflow-errors';

/** A workflow task was given a breach that does not exist: retrying cannot help, so its name says so. */
export class BreachNotFoundError extends Error {
  override readonly name = WORKFLOW_ERRORS.BreachNotFound.name;
  constructor(readonly breachId: string) {
    super(`breach ${breachId} does not exist`);
  }
}

/** The breach's organisation is gone: the case cannot be run without its policy. */
export class OrganisationMissingError extends Error {
  override readonly name = WORKFLOW_ERRORS.OrganisationMissing.name;
  constructor(readonly organisationId: string) {
    super(`organisation ${organisationId} does not exist`);
  }
}

export interface Case {
  state: BreachState;
  organisation: Organisation;
  policy: OrganisationPolicy;
  /** The clocks recorded with the report: a policy edited since does not move this breach's deadlines. */
  clocks: Clock[];
}

/** Everything a workflow task needs to know about one breach: its state, its organisation and the clocks it runs under. */
export async function loadCase(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository },
  breachId: string,
): Promise<Case> {
  const state = await deps.breaches.state(breachId);
  if (!state) throw new BreachNotFoundError(breachId);
  const organisation = await deps.organisations.get(state.organisationId);
  if (!organisation) throw new OrganisationMissingError(state.organisationId);
  return { state, organisation, policy: organisation.policy, clocks: state.clocks ?? organisation.policy.clocks };
}
