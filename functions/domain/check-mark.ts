import { breachObligations, findStage, obligationCaseOf, stageDeadline } from './breach-obligations';
import { alertKey, type Deadline, deadlineFor, isPolicyClock, type Mark, type MarkId } from './clocks';
import { loadCase } from './load-case';
import { buildDeadlineAlertMail } from './mail/deadline-alert';
import { recipientContextOf } from './mail/recipients';
import type { BreachRepository, Mailer, OrganisationRepository } from './ports';
import { sendMailOnce } from './send-mail-once';
import type { PeopleDirectory } from './users';

export type MarkOutcome = 'met' | 'alerted' | 'already-alerted' | 'superseded' | 'closed' | 'not-applicable';

/**
 * The Clock branch's task at each mark: the Wait before it guarantees the mark has come.
 *
 * 1. A closed case (or one found not a personal-data breach), or a milestone already met, needs no alert.
 * 2. An alert already recorded for this mark is not sent again (retries, replays after a restart, and a breach
 *    reported long after awareness whose past marks all fire at once: each alerts exactly once).
 * 3. A mark planned for another deadline (awareness was amended: the clock has re-planned) is superseded, and so is
 *    a warning checked after its own deadline has passed (a breach reported late, a replay after a long outage) is
 *    superseded: the missed-deadline alert says what matters, and a "6 hours left" mail would be false.
 * 4. Otherwise mail the DPO and the escalation contacts the policy names for this kind of alert, then record the
 *    warning or the missed mark.
 */
export async function checkMark(
  deps: {
    breaches: BreachRepository;
    organisations: OrganisationRepository;
    mailer: Mailer;
    breachUrl: (breachId: string) => string;
    now: () => Date;
    /** The organisation's people: while the DPO is away, the alert goes to the deputy (decision-recipients.ts). */
    people?: PeopleDirectory;
  },
  breachId: string,
  mark: Mark,
): Promise<MarkOutcome> {
  const { state, policy, clocks } = await loadCase(deps, breachId);
  // Found not a personal-data breach: the case is closing, and no clock runs for it any more.
  if (state.status === 'closed' || state.notABreach) return 'closed';
  let deadline: Deadline<MarkId>;
  const markId = mark.clockId;
  if (isPolicyClock(markId)) {
    const clock = clocks.find((c) => c.id === markId);
    if (!clock) return 'not-applicable';
    if (state.milestones[markId] !== undefined) return 'met';
    deadline = deadlineFor(state.awareAt, clock);
  } else {
    // A stage of another obligation: the plan is recomputed from the record, so a decision that the breach needs no
    // notification, or a stage already sent, stands down its marks.
    const sent = state.obligationsSent ?? {};
    if (sent[markId] !== undefined) return 'met';
    const found = findStage(breachObligations(obligationCaseOf(state), policy), markId);
    if (!found) return 'not-applicable';
    deadline = stageDeadline(found.obligation, found.stage);
  }
  // A mark of an earlier plan (awareness amended since): the Clock branch has re-planned, and the new marks alert.
  if (mark.dueAt !== undefined && Date.parse(mark.dueAt) !== Date.parse(deadline.dueAt)) return 'superseded';
  const key = alertKey(mark, deadline.dueAt);
  if (state.alerted.includes(key)) return 'already-alerted';

  const now = deps.now();
  if (mark.kind === 'warning' && now.getTime() >= Date.parse(deadline.dueAt)) return 'superseded';
  const message = buildDeadlineAlertMail({
    breachId,
    policy,
    mark: mark.kind === 'warning' ? 'warning' : 'missed',
    deadline,
    now: now.toISOString(),
    breachUrl: deps.breachUrl(breachId),
    // Escalation follows the breach's severity level once it has one (school 1; recipients.ts); the directory says
    // who is away at this instant (decision-recipients.ts).
    context: {
      ...recipientContextOf(state),
      people: deps.people ? await deps.people.usersOf(state.organisationId) : [],
      at: now.toISOString(),
    },
  });
  await sendMailOnce(deps, state, `deadline:${key}`, message, now);
  const at = now.toISOString();
  const actor = { kind: 'system', component: 'clock' } as const;
  await deps.breaches.appendOnce(
    breachId,
    `alert:${key}`,
    mark.kind === 'warning'
      ? {
          type: 'deadline-warned',
          at,
          actor,
          data: { clockId: mark.clockId, dueAt: deadline.dueAt, hoursBefore: mark.hoursBefore ?? 0 },
        }
      : { type: 'deadline-missed', at, actor, data: { clockId: mark.clockId, dueAt: deadline.dueAt } },
  );
  return 'alerted';
}
