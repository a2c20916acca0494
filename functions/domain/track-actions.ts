import * as z from 'zod/mini';
import { actionCloserFor } from './action-closers';
import { CaseConflictError, CaseInputInvalidError, CaseItemNotFoundError } from './case-errors';
import { personSchema } from './decisions';
import { ACTION_SOURCES, type BreachEvent } from './events';
import { openCase, parseCaseInput, personActor } from './open-case';
import type { BreachRepository, OrganisationRepository } from './ports';
import type { ReminderLoop } from './remind-actions';
import './zod-english';

/**
 * Tracked actions: `POST /breaches/{id}/actions` adds one (an authority's required action, or one a revised decision
 * calls for; the evaluation's recommendations become actions by themselves), `POST /breaches/{id}/actions/{actionId}`
 * closes one: complete, or not implemented with the rationale accepted by the person the policy names
 * (action-closers.ts). Owners are reminded before and after the due date (remind-actions.ts).
 */

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const timestamp = z.iso.datetime({ offset: true });

export const newActionSchema = z.strictObject({
  source: z.enum(ACTION_SOURCES.filter((s) => s !== 'recommendation')),
  title: text(2000),
  owner: z.strictObject({
    name: text(200),
    role: z.optional(text(200)),
    email: z.optional(z.email().check(z.maxLength(254))),
  }),
  dueAt: timestamp,
  addedBy: personSchema,
});

export const closeActionSchema = z.strictObject({
  outcome: z.enum(['complete', 'accepted']),
  note: z
    .string()
    .check(z.trim(), z.minLength(10, 'say what was done, or why it is not implemented'), z.maxLength(5000)),
  closedBy: personSchema,
});

export interface TrackActionsDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  /** Wakes the lifecycle's reminder loop, so a new action's reminders are scheduled at once. */
  reminders: ReminderLoop;
  now: () => Date;
}

/**
 * 1. The caller's own open case. 2. Parse (owner, due date, who adds it). 3. Record `action-added` under the next
 * free id of its source (`A1`… for the authority's, `V1`… for a revision's, `P1`… for the policy's).
 * 4. Wake the reminder loop.
 */
export async function addAction(
  deps: TrackActionsDeps,
  input: { organisationId: string; breachId: string; body: unknown },
): Promise<BreachEvent<'action-added'>> {
  const { state } = await openCase(deps, input.organisationId, input.breachId);
  const data = parseCaseInput('action', newActionSchema, input.body);
  const prefix = { authority: 'A', revision: 'V', policy: 'P' }[data.source];
  const taken = (state.actions ?? []).filter((a) => a.actionId.startsWith(prefix)).length;
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'action-added',
    at: deps.now().toISOString(),
    actor: personActor(data.addedBy),
    data: {
      actionId: `${prefix}${taken + 1}`,
      source: data.source,
      title: data.title,
      owner: data.owner,
      dueAt: data.dueAt,
    },
  });
  await deps.reminders.wake(state.breachId);
  return event;
}

/**
 * 1. The caller's own open case, and the action (CaseItemNotFoundError), still open (CaseConflictError).
 * 2. The person closing it is the one the policy names for this source and outcome (422 otherwise).
 * 3. Record `action-closed` with what was done or why not; wake the reminder loop, which stops reminding.
 */
export async function closeAction(
  deps: TrackActionsDeps,
  input: { organisationId: string; breachId: string; actionId: string; body: unknown },
): Promise<BreachEvent<'action-closed'>> {
  const { state, organisation } = await openCase(deps, input.organisationId, input.breachId);
  const action = state.actions?.find((a) => a.actionId === input.actionId);
  if (!action) throw new CaseItemNotFoundError('action', input.actionId);
  if (action.status !== 'open') throw new CaseConflictError(`action ${action.actionId} is already ${action.status}`);
  const data = parseCaseInput('action closure', closeActionSchema, input.body);
  const closer = actionCloserFor(organisation.policy, action.source, data.outcome);
  if (!closer.roles.test(data.closedBy.role)) {
    throw new CaseInputInvalidError('action closure', [
      {
        path: 'closedBy.role',
        message: `the policy says ${closer.title} ${data.outcome === 'complete' ? 'confirms this action complete' : 'accepts not implementing it'} (${closer.source})`,
      },
    ]);
  }
  const { event } = await deps.breaches.append(state.breachId, {
    type: 'action-closed',
    at: deps.now().toISOString(),
    actor: personActor(data.closedBy),
    data: { actionId: action.actionId, outcome: data.outcome, note: data.note, closedBy: data.closedBy },
  });
  await deps.reminders.wake(state.breachId);
  return event;
}
