import * as z from 'zod/mini';
import { breachObligations, findStage, obligationCaseOf } from './breach-obligations';
import { CaseClosedError, CaseConflictError } from './case-errors';
import { ValidationError } from './errors';
import type { Actor, BreachEvent } from './events';
import { ownBreach } from './own-breach';
import type { BreachRepository, OrganisationRepository } from './ports';
import './zod-english';

const SKEW_MS = 5 * 60_000;

export const obligationStageSentSchema = z.strictObject({
  /** `<obligation id>/<stage id>`, as the plan names it (e.g. `eu-gdpr-art-33@dpc-ie/notification`). */
  key: z.string().check(z.minLength(1), z.maxLength(300)),
  sentAt: z.iso.datetime({ offset: true }),
  reference: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  /** Why the stage went after its deadline (Art. 33(1): "accompanied by reasons for the delay"). */
  delayReason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(5000))),
});

/**
 * A stage of an obligation was sent: another authority's report, a NIS2 early warning, a DORA notification
 * (`POST /breaches/{id}/obligation-stages`).
 *
 * 1. Find the caller's breach (not found otherwise), still open (CaseClosedError, 409), and check the body.
 * 2. The key must name a stage of the breach's current plan, and the time must not be in the future or before awareness.
 * 3. Append `obligation-stage-sent` once per stage: its clock stands down (check-mark.ts answers `met` for its marks),
 *    and the next stage runs from it. The same stage again with the same time is the recorded event (a retry); with
 *    another time it is refused (CaseConflictError, 409): what was sent when is a record, not a setting.
 */
export async function recordObligationStageSent(
  deps: { breaches: BreachRepository; organisations: Pick<OrganisationRepository, 'get'>; now: () => Date },
  input: {
    organisationId: string;
    breachId: string;
    body: unknown;
    /** Who recorded it: the signed-in person in the console; the organisation's API key otherwise. */
    actor?: Actor;
  },
): Promise<{ event: BreachEvent<'obligation-stage-sent'>; created: boolean }> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  if (state.status === 'closed') throw new CaseClosedError(state.breachId);
  const parsed = obligationStageSentSchema.safeParse(input.body);
  if (!parsed.success) throw ValidationError.fromZodError(parsed.error);
  const sent = parsed.data;
  const organisation = await deps.organisations.get(state.organisationId);
  const obligations = organisation ? breachObligations(obligationCaseOf(state), organisation.policy) : [];
  if (!findStage(obligations, sent.key)) {
    const keys = obligations.flatMap((o) => o.stages.map((s) => s.key));
    throw new ValidationError([
      {
        path: 'key',
        message:
          keys.length > 0
            ? `is not a stage of this breach’s obligations; its stages are: ${keys.join(', ')}`
            : 'is not a stage of this breach’s obligations: it has none to record',
      },
    ]);
  }
  const now = deps.now();
  if (Date.parse(sent.sentAt) > now.getTime() + SKEW_MS) {
    throw new ValidationError([{ path: 'sentAt', message: 'must not be in the future' }]);
  }
  if (Date.parse(sent.sentAt) < Date.parse(state.awareAt)) {
    throw new ValidationError([{ path: 'sentAt', message: 'cannot be before the organisation became aware' }]);
  }
  const already = state.obligationsSent?.[sent.key];
  if (already !== undefined && Date.parse(already) !== Date.parse(sent.sentAt)) {
    throw new CaseConflictError(
      `stage ${sent.key} is already recorded as sent at ${already}; a stage is recorded once`,
    );
  }
  return deps.breaches.appendOnce(input.breachId, `obligation-stage-sent:${sent.key}`, {
    type: 'obligation-stage-sent',
    at: now.toISOString(),
    actor: input.actor ?? { kind: 'api-client', organisationId: input.organisationId },
    data: sent,
  });
}
