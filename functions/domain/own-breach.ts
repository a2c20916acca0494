import { NotFoundError } from './errors';
import type { BreachRepository } from './ports';
import type { BreachState } from './state';

/**
 * The caller's breach, or NotFoundError. Tenant isolation in one place: another organisation's breach answers exactly
 * like one that does not exist, so a key never learns what exists beyond its own organisation.
 */
export const ownBreach = async (
  breaches: Pick<BreachRepository, 'state'>,
  organisationId: string,
  breachId: string,
): Promise<BreachState> => {
  const state = await breaches.state(breachId);
  if (!state || state.organisationId !== organisationId) throw new NotFoundError();
  return state;
};
