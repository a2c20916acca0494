import type { BreachRepository } from './ports';

/**
 * Re-planning the clocks when the moment of awareness is amended. Every deadline counts from `awareAt` (Art. 33(1):
 * "not later than 72 hours after having become aware of it"), so an amended awareness moves every mark and its
 * warnings. The Clock branch's Waits cannot be interrupted, so the branch runs the marks of its plan beside a callback
 * task, AwaitClock, that waits for an amendment:
 *
 *   Clock (Parallel) ─┬─ Marks (Map: Wait → CheckMark, for each mark of the plan)
 *                     └─ AwaitClock (callback) → "Awareness amended" (Fail: Breachdesk.ClockReplanned)
 *   Catch Breachdesk.ClockReplanned → Replan (Prepare again, from the amended facts) → Clock
 *
 * Amending `awareAt` wakes AwaitClock (amend-facts.ts); its Fail stops the old marks' Waits (a failing branch stops
 * its Parallel), and the new plan's marks are waited for. A mark of the old plan already running is recognised as
 * superseded by the deadline it carries (check-mark.ts), so nothing alerts at the old time.
 */

/** Where the waiting AwaitClock task's token is kept, and how it is woken. */
export interface ClockLoop {
  park(breachId: string, taskToken: string): Promise<void>;
  /** Completes the waiting task, if any. False when nothing was waiting. */
  wake(breachId: string): Promise<boolean>;
}

/**
 * The AwaitClock callback task: keeps its token so an amended awareness wakes it, then wakes it at once if awareness
 * changed since the plan was made (an amendment between Prepare and this task would otherwise go unnoticed).
 */
export async function awaitClock(
  deps: { breaches: Pick<BreachRepository, 'state'>; clock: ClockLoop },
  input: { breachId: string; taskToken: string; plannedAwareAt: string },
): Promise<{ parked: true; wokenAtOnce: boolean }> {
  await deps.clock.park(input.breachId, input.taskToken);
  const state = await deps.breaches.state(input.breachId);
  const moved = state !== undefined && Date.parse(state.awareAt) !== Date.parse(input.plannedAwareAt);
  return { parked: true, wokenAtOnce: moved && (await deps.clock.wake(input.breachId)) };
}
