import { loadCase } from './load-case';
import type { BreachRepository, OrganisationRepository } from './ports';

/**
 * The last task of the Case branch: the closure decision has been validated against the policy's closure conditions
 * (decisions.ts), so record the case as closed, once.
 */
export async function closeCase(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository; now: () => Date },
  breachId: string,
): Promise<{ closedAt: string }> {
  const { state } = await loadCase(deps, breachId);
  if (state.closedAt) return { closedAt: state.closedAt };
  const { event } = await deps.breaches.appendOnce(breachId, 'closed', {
    type: 'closed',
    at: deps.now().toISOString(),
    actor: { kind: 'system', component: 'lifecycle' },
    data: {},
  });
  return { closedAt: event.at };
}
