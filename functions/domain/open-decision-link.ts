import { hashSecret, isWellFormedSecret } from './decision-links';
import type { DecisionStep } from './decisions';
import { NotFoundError } from './errors';
import type { BreachRepository, DecisionRequestRepository } from './ports';

/**
 * Opening a mailed decision link, for a person already signed in to the console.
 *
 * The link's secret no longer authorises anything: who decides is who is signed in, and the step's form checks their
 * role (roles.ts). The secret says which breach and step the mail was about, and whether that request still stands,
 * so the person is taken to the step's form or told plainly why the link is spent.
 *
 * 1. A malformed secret, one never issued, or one of another organisation's breach: NotFoundError, the same answer
 *    for each, so a person of organisation B learns nothing of A's links.
 * 2. Otherwise where the link stands, in the order a person needs to hear it: used (its step was recorded), expired,
 *    replaced by a newer mail, or its breach no longer waiting for the step; else open.
 *
 * Reads only: a mail scanner or a second click changes nothing.
 */

export type DecisionLinkStatus = 'open' | 'used' | 'expired' | 'superseded' | 'not-awaited';

export interface DecisionLinkTarget {
  breachId: string;
  step: DecisionStep;
  status: DecisionLinkStatus;
  /** Whether the breach waits for this step now: a spent link can then still point to the step's form. */
  stepAwaited: boolean;
}

export interface OpenDecisionLinkDeps {
  breaches: Pick<BreachRepository, 'state'>;
  requests: Pick<DecisionRequestRepository, 'bySecretHash' | 'current'>;
  now: () => Date;
}

export async function openDecisionLink(
  deps: OpenDecisionLinkDeps,
  input: { secret: string; organisationId: string },
): Promise<DecisionLinkTarget> {
  if (!isWellFormedSecret(input.secret)) throw new NotFoundError();
  const request = await deps.requests.bySecretHash(hashSecret(input.secret));
  if (!request || request.organisationId !== input.organisationId) throw new NotFoundError();
  const state = await deps.breaches.state(request.breachId);
  if (!state || state.organisationId !== input.organisationId) throw new NotFoundError();

  const { breachId, step } = request;
  const stepAwaited = state.pendingSteps.includes(step);
  const target = (status: DecisionLinkStatus): DecisionLinkTarget => ({ breachId, step, status, stepAwaited });
  if (request.usedAt !== undefined) return target('used');
  if (Date.parse(request.expiresAt) <= deps.now().getTime()) return target('expired');
  const current = await deps.requests.current(breachId, step);
  if (current?.secretHash !== request.secretHash) return target('superseded');
  if (!stepAwaited) return target('not-awaited');
  return target('open');
}
