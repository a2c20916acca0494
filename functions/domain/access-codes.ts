import * as z from 'zod/mini';
import { CaseInputInvalidError } from './case-errors';
import { personSchema } from './decisions';
import type { BreachEvent } from './events';
import { openCase, parseCaseInput, personActor } from './open-case';
import type { BreachRepository, OrganisationRepository } from './ports';
import type { BreachState } from './state';
import './zod-english';

/**
 * Recording that property access codes were changed (`POST /breaches/{id}/access-codes`), not only announced in the
 * notices. Social care guide, "What other actions should I take?": "if access codes to service users' properties are
 * at risk you may wish to contact impacted individuals to ensure that their access code is changed"; and the notice
 * itself names "resetting passwords or codes" among the measures. Under the `change-property-access-codes` duty a
 * breach of access codes closes only once their change is recorded (closure.ts).
 */
export const accessCodesSchema = z.strictObject({
  changedAt: z.iso.datetime({ offset: true }),
  /** How many properties' codes were changed. */
  properties: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
  how: z.string().check(z.trim(), z.minLength(5), z.maxLength(2000)),
  recordedBy: personSchema,
});

/** Whether the breach needs the change recorded before it closes. */
export const accessCodesToChange = (
  state: Pick<BreachState, 'report'>,
  policy: { duties: readonly string[] },
): boolean =>
  policy.duties.includes('change-property-access-codes') &&
  state.report.dataCategories.includes('property-access-codes');

export async function recordAccessCodesChanged(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository; now: () => Date },
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<BreachEvent<'access-codes-changed'>> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const data = parseCaseInput('record of changed access codes', accessCodesSchema, input.body);
  const now = deps.now();
  if (Date.parse(data.changedAt) > now.getTime() + 5 * 60_000) {
    throw new CaseInputInvalidError('record of changed access codes', [
      { path: 'changedAt', message: 'record a change once it is made: changedAt must not be in the future' },
    ]);
  }
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'access-codes-changed',
    at: now.toISOString(),
    actor: personActor(data.recordedBy),
    data: { changedAt: data.changedAt, properties: data.properties, how: data.how, recordedBy: data.recordedBy },
  });
  return event;
}
