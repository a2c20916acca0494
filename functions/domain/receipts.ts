import * as z from 'zod/mini';
import { CaseInputInvalidError } from './case-errors';
import { personSchema } from './decisions';
import type { BreachEvent } from './events';
import { openCase, parseCaseInput, personActor } from './open-case';
import type { BreachRepository, OrganisationRepository } from './ports';
import './zod-english';

/**
 * A receipt for a report (`POST /breaches/{id}/receipts`): the DSPT incident tool's reference and when it received
 * the report (social care guide: "All CQC registered providers should also report this confidentiality breach via
 * the Data Security and Protection Toolkit", then "email the ICO to confirm you have submitted a report via the
 * DSPT"), or the ICO's written confirmation of receipt (RCOT 6.1.2: "Written confirmation should be obtained from
 * the supervisory authority that the personal data breach notification has been received, including the date and
 * time at which it was received"). A receipt from the ICO is also the authority's acknowledgement.
 */
export const RECEIPT_SOURCES = ['dspt', 'ico'] as const;

export const receiptSchema = z.strictObject({
  from: z.enum(RECEIPT_SOURCES),
  reference: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  receivedAt: z.iso.datetime({ offset: true }),
  recordedBy: personSchema,
});

export async function recordReceipt(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository; now: () => Date },
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<BreachEvent<'receipt-recorded'>> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const data = parseCaseInput('receipt', receiptSchema, input.body);
  const now = deps.now();
  if (Date.parse(data.receivedAt) > now.getTime() + 5 * 60_000) {
    throw new CaseInputInvalidError('receipt', [{ path: 'receivedAt', message: 'a receipt cannot be in the future' }]);
  }
  if (Date.parse(data.receivedAt) < Date.parse(state.awareAt)) {
    throw new CaseInputInvalidError('receipt', [
      {
        path: 'receivedAt',
        message: 'a receipt for this breach cannot come before the organisation became aware of it',
      },
    ]);
  }
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'receipt-recorded',
    at: now.toISOString(),
    actor: personActor(data.recordedBy),
    data: { from: data.from, reference: data.reference, receivedAt: data.receivedAt, recordedBy: data.recordedBy },
  });
  return event;
}
