import * as z from 'zod/mini';
import { CaseInputInvalidError } from './case-errors';
import { personSchema } from './decisions';
import type { BreachEvent } from './events';
import { openCase, parseCaseInput, personActor } from './open-case';
import { suggestedParties } from './other-parties';
import { OTHER_PARTIES } from './policy';
import type { BreachRepository, OrganisationRepository } from './ports';
import './zod-english';

/**
 * Deciding one suggested party after the notify step (`POST /breaches/{id}/other-parties`): told (when, reference),
 * or not told with the reason. A case cannot close while any suggested party is undecided (closure.ts), and a party
 * may be suggested only later (the police once the decision says a crime; the ICT provider once a device is lost).
 */
export const partyDecisionSchema = z.strictObject({
  party: z.enum(OTHER_PARTIES),
  told: z.boolean(),
  at: z.optional(z.iso.datetime({ offset: true })),
  reference: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  note: z.string().check(z.trim(), z.minLength(5, 'say how they were told, or why not'), z.maxLength(2000)),
  decidedBy: personSchema,
});

export async function decideParty(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository; now: () => Date },
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<BreachEvent<'party-decided'>> {
  const { state, organisation } = await openCase(deps, input.organisationId, input.breachId);
  const data = parseCaseInput('party decision', partyDecisionSchema, input.body);
  const problems = [];
  if (data.told && !data.at) problems.push({ path: 'at', message: 'say when they were told' });
  if (!suggestedParties(state, organisation.policy).has(data.party)) {
    problems.push({ path: 'party', message: `the procedure does not suggest telling ${data.party} for this breach` });
  }
  if (problems.length > 0) throw new CaseInputInvalidError('party decision', problems);
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'party-decided',
    at: deps.now().toISOString(),
    actor: personActor(data.decidedBy),
    data: {
      party: data.party,
      told: data.told,
      ...(data.at ? { at: data.at } : {}),
      ...(data.reference ? { reference: data.reference } : {}),
      note: data.note,
      decidedBy: data.decidedBy,
    },
  });
  return event;
}
