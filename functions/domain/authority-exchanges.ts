import * as z from 'zod/mini';
import { CaseInputInvalidError } from './case-errors';
import { personSchema } from './decisions';
import { AUTHORITY_OUTCOMES, type BreachEvent } from './events';
import { openCase, parseCaseInput, personActor } from './open-case';
import type { BreachRepository, OrganisationRepository } from './ports';
import type { ReminderLoop } from './remind-actions';
import './zod-english';

/**
 * The authority's side of the case: `POST /breaches/{id}/authority-exchanges` records each letter, call, portal
 * message or e-mail in or out, with the authority's case reference when it gives one (generic procedure: "every
 * communication ... logged"); `POST /breaches/{id}/authority-outcome` records what the authority decided, with the
 * remedial actions it requires, each becoming a tracked action with its owner and due date (school 8. Closure).
 */

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const timestamp = z.iso.datetime({ offset: true });
const FUTURE_SKEW_MS = 5 * 60_000;

export const exchangeSchema = z.strictObject({
  direction: z.enum(['in', 'out']),
  channel: z.enum(['letter', 'phone', 'portal', 'email', 'meeting']),
  at: timestamp,
  summary: text(5000),
  caseReference: z.optional(text(100)),
  recordedBy: personSchema,
});

export const outcomeSchema = z.strictObject({
  outcome: z.enum(AUTHORITY_OUTCOMES),
  at: timestamp,
  summary: text(5000),
  caseReference: z.optional(text(100)),
  requiredActions: z._default(
    z
      .array(
        z.strictObject({
          title: text(2000),
          owner: z.strictObject({
            name: text(200),
            role: z.optional(text(200)),
            email: z.optional(z.email().check(z.maxLength(254))),
          }),
          dueAt: timestamp,
        }),
      )
      .check(z.maxLength(50)),
    [],
  ),
  recordedBy: personSchema,
});

export interface AuthorityExchangeDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  reminders: ReminderLoop;
  now: () => Date;
}

const notInFuture = (at: string, now: Date, path: string) =>
  Date.parse(at) > now.getTime() + FUTURE_SKEW_MS ? [{ path, message: 'must not be in the future' }] : [];

/** Records one exchange with the authority, in or out, as `E<n>`. */
export async function recordAuthorityExchange(
  deps: AuthorityExchangeDeps,
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<BreachEvent<'authority-exchange'>> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const data = parseCaseInput('authority exchange', exchangeSchema, input.body);
  const now = deps.now();
  const late = notInFuture(data.at, now, 'at');
  if (late.length > 0) throw new CaseInputInvalidError('authority exchange', late);
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'authority-exchange',
    at: now.toISOString(),
    actor: personActor(data.recordedBy),
    data: {
      exchangeId: `E${(state.authorityCase?.exchanges.length ?? 0) + 1}`,
      direction: data.direction,
      channel: data.channel,
      at: data.at,
      summary: data.summary,
      ...(data.caseReference ? { caseReference: data.caseReference } : {}),
      recordedBy: data.recordedBy,
    },
  });
  return event;
}

/**
 * Records the authority's outcome, then each action it requires as `A<n>` (source `authority`), and wakes the
 * reminder loop. The outcome is written first: a crash before the actions leaves an outcome that a repeat call
 * (the same actions) completes, since actions are keyed by outcome and position.
 */
export async function recordAuthorityOutcome(
  deps: AuthorityExchangeDeps,
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<{ outcome: BreachEvent<'authority-outcome'>; actions: BreachEvent<'action-added'>[] }> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const data = parseCaseInput('authority outcome', outcomeSchema, input.body);
  const now = deps.now();
  const late = notInFuture(data.at, now, 'at');
  if (late.length > 0) throw new CaseInputInvalidError('authority outcome', late);
  const { event: outcome } = await deps.breaches.append(state.breachId, {
    type: 'authority-outcome',
    at: now.toISOString(),
    actor: personActor(data.recordedBy),
    data: {
      outcome: data.outcome,
      at: data.at,
      summary: data.summary,
      ...(data.caseReference ? { caseReference: data.caseReference } : {}),
      recordedBy: data.recordedBy,
    },
  });
  const already = (state.actions ?? []).filter((a) => a.source === 'authority').length;
  const actions: BreachEvent<'action-added'>[] = [];
  for (const [index, required] of data.requiredActions.entries()) {
    const actionId = `A${already + index + 1}`;
    const { event } = await deps.breaches.appendOnce(state.breachId, `authority-action:${outcome.seq}:${index}`, {
      type: 'action-added',
      at: now.toISOString(),
      actor: personActor(data.recordedBy),
      data: { actionId, source: 'authority', title: required.title, owner: required.owner, dueAt: required.dueAt },
    });
    actions.push(event);
  }
  if (actions.length > 0) await deps.reminders.wake(state.breachId);
  return { outcome, actions };
}
