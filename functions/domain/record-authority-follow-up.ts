import * as z from 'zod/mini';
import { actorFor, initialReportOf } from './authority-case';
import { recordReportsAsSent } from './authority-reports-sent';
import { personSchema } from './decisions';
import { type FieldError, ValidationError } from './errors';
import type { BreachEvent } from './events';
import { canonicalJson, sha256Hex } from './hash-chain';
import { ownBreach } from './own-breach';
import type { BreachRepository, OrganisationRepository } from './ports';
import type { AuthorityReportRecord } from './state';
import './zod-english';

/** Tolerated clock skew between the caller's clock and ours. */
const SKEW_MS = 5 * 60_000;
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const authorityFollowUpSchema = z.strictObject({
  phase: z.enum(['follow-up', 'final']),
  submittedAt: z.iso.datetime({ offset: true }),
  /** The authority's case reference. */
  reference: z.optional(text(100)),
  /** What this report added to what the authority already had. */
  added: text(10_000),
  submittedBy: z.optional(personSchema),
});

export interface AuthorityFollowUpResult {
  event: BreachEvent<'authority-follow-up'>;
  created: boolean;
  authorityReports: AuthorityReportRecord[];
}

/**
 * A further report to the authority was submitted (Art. 33(4): information in phases): `POST
 * /breaches/{id}/authority-reports`.
 *
 * 1. Find the caller's breach (404 otherwise) and check the body (400 with field errors).
 * 2. Require the initial report (409 before it): a follow-up follows something.
 * 3. Keep the phases in order: not in the future, not before the latest report recorded.
 * 4. Append `authority-follow-up`, keyed by the body's hash, so a retried POST records it once.
 * 5. Freeze the report as sent: its snapshot and SHA-256 in the log.
 */
export async function recordAuthorityFollowUp(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository; now: () => Date },
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<AuthorityFollowUpResult> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const parsed = authorityFollowUpSchema.safeParse(input.body);
  if (!parsed.success) throw ValidationError.fromZodError(parsed.error);
  const followUp = parsed.data;
  initialReportOf(state);

  const now = deps.now();
  const problems: FieldError[] = [];
  if (Date.parse(followUp.submittedAt) > now.getTime() + SKEW_MS) {
    problems.push({ path: 'submittedAt', message: 'must not be in the future' });
  }
  const latest = state.authorityReports?.at(-1);
  if (latest && Date.parse(followUp.submittedAt) < Date.parse(latest.submittedAt)) {
    problems.push({
      path: 'submittedAt',
      message: `cannot be before the latest report to the authority (${latest.phase}, ${latest.submittedAt})`,
    });
  }
  if (problems.length > 0) throw new ValidationError(problems);

  const key = `authority-follow-up:${sha256Hex(canonicalJson(followUp)).slice(0, 32)}`;
  const { event, created } = await deps.breaches.appendOnce(input.breachId, key, {
    type: 'authority-follow-up',
    at: now.toISOString(),
    actor: actorFor(followUp.submittedBy, input.organisationId),
    data: followUp,
  });
  // The report marked sent is frozen with its hash (authority-reports-sent.ts).
  await recordReportsAsSent(deps, input.breachId);
  const after = await deps.breaches.state(input.breachId);
  return { event, created, authorityReports: after?.authorityReports ?? [] };
}
