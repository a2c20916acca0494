import * as z from 'zod/mini';
import { personSchema } from './decisions';
import type { BreachEvent } from './events';
import { openCase, parseCaseInput, personActor } from './open-case';
import type { BreachRepository, OrganisationRepository } from './ports';
import './zod-english';

/**
 * Assigning the investigator, the person who owns the case (`POST /breaches/{id}/investigator`). Elite Care Homes:
 * "Decide, in consultation with Elite Care Homes' management, who will carry out further investigation of the causes
 * and likely impact of the incident", and "The person responsible for carrying out the investigation into a data
 * breach will, within the first 24 hours (if possible), carry out an initial assessment" (Risk Assessment). The
 * school names its Senior Manager for the same role (5. Investigation). A later assignment replaces the earlier one;
 * both stay in the log.
 */
export const investigatorSchema = z.strictObject({
  investigator: personSchema,
  /** The management the choice was agreed with (Elite Care: "in consultation with … management"). */
  agreedWith: z.optional(personSchema),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
  assignedBy: personSchema,
});

export async function assignInvestigator(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository; now: () => Date },
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<BreachEvent<'investigator-assigned'>> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const data = parseCaseInput('assignment', investigatorSchema, input.body);
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'investigator-assigned',
    at: deps.now().toISOString(),
    actor: personActor(data.assignedBy),
    data: {
      investigator: data.investigator,
      ...(data.agreedWith ? { agreedWith: data.agreedWith } : {}),
      ...(data.note ? { note: data.note } : {}),
    },
  });
  return event;
}
