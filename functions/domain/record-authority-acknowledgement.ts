import * as z from 'zod/mini';
import { actorFor, initialReportOf } from './authority-case';
import { personSchema } from './decisions';
import { type FieldError, ValidationError } from './errors';
import type { BreachEvent } from './events';
import { canonicalJson, sha256Hex } from './hash-chain';
import { ownBreach } from './own-breach';
import type { BreachRepository } from './ports';
import './zod-english';

const SKEW_MS = 5 * 60_000;

export const authorityAcknowledgementSchema = z.strictObject({
  /** The date and time of receipt the authority's written confirmation gives. */
  receivedAt: z.iso.datetime({ offset: true }),
  reference: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  recordedBy: z.optional(personSchema),
});

/**
 * The authority's written confirmation of receipt (RCOT 6.1.2: "including the date and time at which it was
 * received"): `POST /breaches/{id}/authority-acknowledgement`. Under the RCOT policy a case whose authority was
 * notified closes only once this is recorded (decisions.ts).
 *
 * 1. Find the caller's breach (404 otherwise) and check the body (400 with field errors).
 * 2. Require the initial report (409 before it): a receipt confirms a report.
 * 3. The receipt cannot predate the initial report, nor lie in the future.
 * 4. Append `authority-acknowledged`, keyed by the body's hash, so a retried POST records it once.
 */
export async function recordAuthorityAcknowledgement(
  deps: { breaches: BreachRepository; now: () => Date },
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<{ event: BreachEvent<'authority-acknowledged'>; created: boolean }> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const parsed = authorityAcknowledgementSchema.safeParse(input.body);
  if (!parsed.success) throw ValidationError.fromZodError(parsed.error);
  const acknowledgement = parsed.data;
  const initial = initialReportOf(state);

  const now = deps.now();
  const problems: FieldError[] = [];
  if (Date.parse(acknowledgement.receivedAt) > now.getTime() + SKEW_MS) {
    problems.push({ path: 'receivedAt', message: 'must not be in the future' });
  }
  if (Date.parse(acknowledgement.receivedAt) < Date.parse(initial.submittedAt)) {
    problems.push({ path: 'receivedAt', message: 'cannot be before the report it acknowledges was submitted' });
  }
  if (problems.length > 0) throw new ValidationError(problems);

  const key = `authority-acknowledged:${sha256Hex(canonicalJson(acknowledgement)).slice(0, 32)}`;
  return deps.breaches.appendOnce(input.breachId, key, {
    type: 'authority-acknowledged',
    at: now.toISOString(),
    actor: actorFor(acknowledgement.recordedBy, input.organisationId),
    data: acknowledgement,
  });
}
