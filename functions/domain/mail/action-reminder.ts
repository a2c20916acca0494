import type { OrganisationPolicy } from '../policy';
import type { TrackedAction } from '../state';
import { formatMailTime, type MailBlock, type MailMessage, renderMail, subjectLine } from './message';

export interface ActionReminderMailInput {
  breachId: string;
  policy: Pick<OrganisationPolicy, 'dpo' | 'timeZone'>;
  action: Pick<TrackedAction, 'actionId' | 'title' | 'owner' | 'source'> & { dueAt: string };
  kind: 'due-soon' | 'overdue';
  breachUrl: string;
}

/**
 * To the action's owner (the DPO in copy, and as addressee when no owner address is recorded): the action is due
 * soon, or overdue. The title is the organisation's own words about its remedial work, never the people affected.
 */
export const buildActionReminderMail = (input: ActionReminderMailInput): MailMessage => {
  const { breachId, policy, action } = input;
  const overdue = input.kind === 'overdue';
  const blocks: MailBlock[] = [
    {
      kind: overdue ? 'notice' : 'paragraph',
      text: overdue
        ? `This action was due on ${formatMailTime(action.dueAt, policy.timeZone)} and is still open. The case cannot close until it is complete, or its not being implemented is accepted.`
        : `This action is due on ${formatMailTime(action.dueAt, policy.timeZone)}.`,
    },
    {
      kind: 'facts',
      rows: [
        ['Action', `${action.actionId}: ${action.title}`],
        ['Owner', action.owner.name],
        [
          'From',
          action.source === 'authority'
            ? 'the supervisory authority'
            : action.source === 'recommendation'
              ? "the evaluation's recommendations"
              : action.source === 'revision'
                ? 'a revised decision'
                : 'the policy',
        ],
      ],
    },
    { kind: 'link', label: 'Open the breach', url: input.breachUrl },
  ];
  const dpo = policy.dpo.email.trim();
  const owner = action.owner.email?.trim();
  const to = owner ? [owner] : [dpo];
  const cc = owner && owner.toLowerCase() !== dpo.toLowerCase() ? [dpo] : [];
  return {
    to,
    ...(cc.length > 0 ? { cc } : {}),
    subject: subjectLine(
      breachId,
      overdue ? `action ${action.actionId} overdue` : `action ${action.actionId} due soon`,
    ),
    ...renderMail({
      breachId,
      heading: overdue ? `Action ${action.actionId} is overdue` : `Action ${action.actionId} is due soon`,
      blocks,
      footer: 'You receive this because you own an action in a personal data breach case, or are its DPO.',
    }),
    tags: { kind: 'action-reminder', breachId },
  };
};
