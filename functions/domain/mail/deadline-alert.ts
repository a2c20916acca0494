import { type Deadline, HOUR_MS, isPolicyClock, type MarkId } from '../clocks';
import { type Audience, decisionRecipients } from '../decision-recipients';
import type { ClockId, OrganisationPolicy } from '../policy';
import { formatMailTime, type MailBlock, type MailMessage, plural, renderMail, subjectLine } from './message';

export interface DeadlineAlertMailInput {
  breachId: string;
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation' | 'timeZone'>;
  /** 'warning': the mark is near and not met; 'missed': it has passed unmet. */
  mark: 'warning' | 'missed';
  deadline: Pick<Deadline<MarkId>, 'clockId' | 'label' | 'dueAt'>;
  /** When the alert is sent: the hours left are counted from here, so a late (replayed) warning still tells the truth. */
  now: string;
  breachUrl: string;
  context?: Audience;
}

/** What to do while there is still time. */
const BEFORE: Record<ClockId, string[]> = {
  'initial-assessment': [
    'Complete the initial assessment of harm: what data, how many people, how likely and how severe the harm is.',
    'Record it in the breach, so the recommendation on whom to notify can be made.',
  ],
  'internal-report': [
    'Complete the internal investigation report with its severity level.',
    'Escalate it as your policy requires (to the senior leadership team, or to the governors when the head is responsible).',
  ],
  authority: [
    'Notify the supervisory authority, or record the decision not to notify with its reasons and evidence.',
    'If not everything is known yet, notify now with what is known and send the rest later (Art. 33(4)).',
  ],
};

/** What to do once the mark has passed: late is still better than never, and the delay must be explained. */
const AFTER: Record<ClockId, string[]> = {
  'initial-assessment': [
    'Complete the initial assessment of harm now and record it; the later deadlines keep running.',
    'Record why it is late: the delay becomes part of the breach record.',
  ],
  'internal-report': [
    'Complete the internal investigation report with its severity level now and escalate it as your policy requires.',
    'Record why it is late: the delay becomes part of the breach record.',
  ],
  authority: [
    'Notify the supervisory authority now. A notification made after this deadline must give the reasons for the ' +
      'delay (Art. 33(1)): record them with the notification.',
    'If not everything is known yet, notify with what is known and send the rest later (Art. 33(4)).',
    'If you decided not to notify, record that decision with its reasons and evidence.',
  ],
};

/** An obligation's stage (another authority, a NIS2 or DORA stage): what its label names is what is due. */
const STAGE_BEFORE = [
  'Send this report to the authority named, through its form or portal, with what is known now.',
  'Record it in the breach when sent, so the next stage runs from it.',
];
const STAGE_AFTER = [
  'Send it now: a late report should give the reasons for the delay.',
  'If the obligation does not apply (no risk found, not a significant or major incident), record why.',
];
const todo = (id: MarkId, when: 'before' | 'after'): string[] =>
  isPolicyClock(id) ? (when === 'before' ? BEFORE : AFTER)[id] : when === 'before' ? STAGE_BEFORE : STAGE_AFTER;

/**
 * Rounded to the nearest hour, as people plan in hours, so a warning sent a few seconds after its mark still says
 * "6 hours". Under one hour it says so: rounding 40 minutes up to "1 hour" would promise time that is not there.
 */
const timeLeft = (dueAt: string, now: string): string => {
  const ms = Date.parse(dueAt) - Date.parse(now);
  return ms >= HOUR_MS ? `${plural(Math.round(ms / HOUR_MS), 'hour')} left` : 'Less than an hour left';
};

export const buildDeadlineAlertMail = (input: DeadlineAlertMailInput): MailMessage => {
  const { breachId, policy, deadline } = input;
  const due = formatMailTime(deadline.dueAt, policy.timeZone);
  const kind = input.mark === 'warning' ? 'deadline-warning' : 'deadline-missed';

  let heading: string;
  let subject: string;
  let blocks: MailBlock[];
  if (input.mark === 'warning' && Date.parse(input.now) > Date.parse(deadline.dueAt)) {
    // A warning sent after its deadline (a breach reported late, a replay): no time is left, so it must not say so.
    heading = `${deadline.label}: the deadline has passed`;
    subject = `deadline passed – ${deadline.label}`;
    blocks = [
      { kind: 'notice', text: `${deadline.label} was due at ${due} and is not met.` },
      { kind: 'paragraph', text: 'What to do now:' },
      { kind: 'list', items: todo(deadline.clockId, 'after') },
    ];
  } else if (input.mark === 'warning') {
    const left = timeLeft(deadline.dueAt, input.now);
    heading = `${left} before ${deadline.label}`;
    subject = `${left.toLowerCase()} – ${deadline.label}`;
    blocks = [
      { kind: 'notice', text: `${left} before ${deadline.label} at ${due}.` },
      { kind: 'paragraph', text: 'This deadline is not met yet. What to do now:' },
      { kind: 'list', items: todo(deadline.clockId, 'before') },
    ];
  } else {
    heading = `${deadline.label}: deadline missed`;
    subject = `deadline missed – ${deadline.label}`;
    blocks = [
      { kind: 'notice', text: `${deadline.label} was due at ${due} and is not met.` },
      { kind: 'paragraph', text: 'What to do now:' },
      { kind: 'list', items: todo(deadline.clockId, 'after') },
    ];
  }
  blocks.push({ kind: 'link', label: 'Open the breach', url: input.breachUrl });

  const { to, cc, standingIn } = decisionRecipients(kind, policy, input.context);
  if (standingIn) {
    const until = standingIn.until ? ` until ${formatMailTime(standingIn.until, policy.timeZone)}` : '';
    blocks.unshift({
      kind: 'notice',
      text: `The data protection officer is away${until}: this alert comes to you as ${standingIn.by}.`,
    });
  }
  return {
    to,
    ...(cc.length > 0 ? { cc } : {}),
    subject: subjectLine(breachId, subject),
    ...renderMail({ breachId, heading, blocks }),
    tags: { kind, breachId },
  };
};
