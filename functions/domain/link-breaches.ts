import * as z from 'zod/mini';
import { CaseInputInvalidError } from './case-errors';
import { personSchema } from './decisions';
import { BREACH_RELATIONS, type BreachEvent } from './events';
import { openCase, parseCaseInput, personActor } from './open-case';
import { ownBreach } from './own-breach';
import type { BreachRepository, OrganisationRepository } from './ports';
import './zod-english';

/**
 * Linking related breaches (`POST /breaches/{id}/links`): the social-care guide's availability breach later found to
 * be a confidentiality breach ("even if you have already reported a breach due to data being unavailable") is a new
 * breach, reported in its own right, linked to the first. Only breaches of the same organisation can be linked.
 */
export const linkSchema = z.strictObject({
  relatedBreachId: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  relation: z.enum(BREACH_RELATIONS),
  note: z.string().check(z.trim(), z.minLength(5), z.maxLength(2000)),
  linkedBy: personSchema,
});

export async function linkBreach(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository; now: () => Date },
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<BreachEvent<'breach-linked'>> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const data = parseCaseInput('link', linkSchema, input.body);
  if (data.relatedBreachId === state.breachId) {
    throw new CaseInputInvalidError('link', [
      { path: 'relatedBreachId', message: 'a breach cannot be linked to itself' },
    ]);
  }
  // Another organisation's breach answers as one that does not exist.
  await ownBreach(deps.breaches, input.organisationId, data.relatedBreachId);
  if (state.links?.some((l) => l.relatedBreachId === data.relatedBreachId && l.relation === data.relation)) {
    throw new CaseInputInvalidError('link', [{ path: 'relatedBreachId', message: 'already linked this way' }]);
  }
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'breach-linked',
    at: deps.now().toISOString(),
    actor: personActor(data.linkedBy),
    data: { relatedBreachId: data.relatedBreachId, relation: data.relation, note: data.note, linkedBy: data.linkedBy },
  });
  return event;
}
