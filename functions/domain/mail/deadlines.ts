import { deadlinesFor } from '../clocks';
import type { ClockId, OrganisationPolicy } from '../policy';
import { formatMailTime } from './message';

export interface MailDeadline {
  clockId: ClockId;
  label: string;
  dueAt: string;
  /** In the organisation's time zone and in UTC. */
  due: string;
  /** Behind `now`: a report filed days after awareness starts with clocks already run out. */
  passed: boolean;
}

export const mailDeadlines = (
  awareAt: string,
  policy: Pick<OrganisationPolicy, 'clocks' | 'timeZone'>,
  now: string,
): MailDeadline[] =>
  deadlinesFor(awareAt, policy.clocks).map((deadline) => ({
    clockId: deadline.clockId,
    label: deadline.label,
    dueAt: deadline.dueAt,
    due: formatMailTime(deadline.dueAt, policy.timeZone),
    passed: Date.parse(deadline.dueAt) <= Date.parse(now),
  }));

export const deadlineRows = (deadlines: readonly MailDeadline[]): [label: string, value: string][] =>
  deadlines.map((d) => [d.label, d.passed ? `${d.due} (already passed)` : d.due]);
