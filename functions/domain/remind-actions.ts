import { HOUR_MS } from './clocks';
import { loadCase } from './load-case';
import { buildActionReminderMail } from './mail/action-reminder';
import type { BreachRepository, Mailer, OrganisationRepository } from './ports';
import { sendMailOnce } from './send-mail-once';
import type { BreachState, TrackedAction } from './state';

/**
 * Reminding the owners of tracked actions, from the lifecycle's Actions branch (no polling): RemindActions sends what
 * is due and says when the next reminder falls; AwaitActions waits for that moment as a callback task whose timeout
 * is the time left, and is woken early when an action is added or closed (ReminderLoop.wake).
 *
 * The policies are silent on reminder times; the product reminds once two working days before the due date and at
 * the due date, then weekly while the action stays open.
 */
export const REMIND_BEFORE_HOURS = 48;
export const OVERDUE_REPEAT_HOURS = 7 * 24;
/** The callback's timeout when nothing is dated: the loop then looks again (the local timer's limit is ~24.8 days). */
export const IDLE_WAIT_SECONDS = 2_000_000;

/** The lifecycle's reminder loop: where the waiting task's token is kept, and how it is woken. */
export interface ReminderLoop {
  /** Keeps the token of the task now waiting. */
  park(breachId: string, taskToken: string): Promise<void>;
  /** Completes the waiting task, if any, so RemindActions runs now. False when nothing was waiting. */
  wake(breachId: string): Promise<boolean>;
}

export interface RemindActionsDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  mailer: Mailer;
  breachUrl: (breachId: string) => string;
  now: () => Date;
}

export interface RemindActionsResult {
  /** When the next reminder falls, if any action is open and dated. */
  nextAt?: string;
  /** Seconds until then (at least 1), for the waiting task's TimeoutSecondsPath. */
  waitSeconds: number;
  /** What the actions looked like (actionsSeen), handed to AwaitActions: a change since then wakes it at once. */
  seen: string;
  /** Reminders sent by this run. */
  sent: number;
}

/**
 * The actions as the reminders see them: each one's id, status and due date. Other events (a decision, a mail) do not
 * change it, so they never wake the loop.
 */
export const actionsSeen = (state: Pick<BreachState, 'actions'>): string =>
  (state.actions ?? []).map((a) => `${a.actionId}:${a.status}:${a.dueAt ?? ''}`).join('|');

type Reminder = { at: number; kind: 'due-soon' | 'overdue'; label: string };

/** The reminders of one dated action, the n-th overdue one included: the first after `now` ends the list. */
function remindersOf(dueAt: string, now: number): Reminder[] {
  const due = Date.parse(dueAt);
  const list: Reminder[] = [{ at: due - REMIND_BEFORE_HOURS * HOUR_MS, kind: 'due-soon', label: 'due-soon' }];
  for (let n = 0; ; n += 1) {
    const at = due + n * OVERDUE_REPEAT_HOURS * HOUR_MS;
    list.push({ at, kind: 'overdue', label: `overdue:${n + 1}` });
    if (at > now) return list;
  }
}

/**
 * 1. Load the case; a closed case reminds nobody.
 * 2. For each open, dated action: the latest reminder already due is sent, once (`mail-sent` purpose
 *    `action:<id>:<label>`); an earlier one missed (the loop was down) is not sent late on top of it.
 * 3. Return when the next reminder of any open action falls.
 */
export async function remindActions(deps: RemindActionsDeps, breachId: string): Promise<RemindActionsResult> {
  const { state, policy } = await loadCase(deps, breachId);
  const now = deps.now();
  const nowMs = now.getTime();
  if (state.status === 'closed') return { waitSeconds: IDLE_WAIT_SECONDS, seen: actionsSeen(state), sent: 0 };
  let nextAt: number | undefined;
  let sent = 0;
  let mailed = state;
  const open = (state.actions ?? []).filter(
    (a): a is TrackedAction & { dueAt: string } => a.status === 'open' && a.dueAt !== undefined,
  );
  for (const action of open) {
    const reminders = remindersOf(action.dueAt, nowMs);
    const due = reminders.filter((r) => r.at <= nowMs).at(-1);
    const upcoming = reminders.find((r) => r.at > nowMs);
    if (upcoming && (nextAt === undefined || upcoming.at < nextAt)) nextAt = upcoming.at;
    if (!due) continue;
    const purpose = `action:${action.actionId}:${due.label}`;
    const mail = buildActionReminderMail({
      breachId,
      policy,
      action,
      kind: due.kind,
      breachUrl: deps.breachUrl(breachId),
    });
    if ((await sendMailOnce(deps, mailed, purpose, mail, now)) === 'sent') {
      sent += 1;
      mailed = (await deps.breaches.state(breachId)) ?? mailed;
    }
  }
  const waitSeconds = nextAt === undefined ? IDLE_WAIT_SECONDS : Math.max(1, Math.ceil((nextAt - nowMs) / 1000));
  return {
    ...(nextAt === undefined ? {} : { nextAt: new Date(nextAt).toISOString() }),
    waitSeconds,
    seen: actionsSeen(state),
    sent,
  };
}

/**
 * The AwaitActions callback task: keeps its token so that adding or closing an action wakes it, then wakes it at once
 * if the actions changed since RemindActions looked (an action added in between would otherwise wait for the timeout).
 */
export async function awaitActions(
  deps: { breaches: Pick<BreachRepository, 'state'>; reminders: ReminderLoop },
  input: { breachId: string; taskToken: string; seen: string },
): Promise<{ parked: true; wokenAtOnce: boolean }> {
  await deps.reminders.park(input.breachId, input.taskToken);
  const state = await deps.breaches.state(input.breachId);
  const changed = state !== undefined && actionsSeen(state) !== input.seen;
  return { parked: true, wokenAtOnce: changed && (await deps.reminders.wake(input.breachId)) };
}
