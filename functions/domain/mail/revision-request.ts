import { CONCLUSION_LABELS, type Conclusion } from '../assessment';
import { type Audience, decisionRecipients } from '../decision-recipients';
import type { OrganisationPolicy } from '../policy';
import { type MailBlock, type MailMessage, renderMail, subjectLine } from './message';

export interface RevisionRequestMailInput {
  breachId: string;
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation'>;
  decidedConclusion: Conclusion;
  recommendedConclusion: Conclusion;
  /** Why the facts changed, as the person who amended them put it. Free text: the mail goes to the DPO only. */
  amendmentReason: string;
  breachUrl: string;
  context?: Audience;
}

/**
 * The DPO is asked to look at the notification decision again: the facts as they now stand lead to another
 * recommendation. The decision is not changed for them: a person revises it, or confirms it with reasons.
 */
export const buildRevisionRequestMail = (input: RevisionRequestMailInput): MailMessage => {
  const { breachId, policy } = input;
  const blocks: MailBlock[] = [
    {
      kind: 'notice',
      text:
        'The facts of this breach were amended and the risk assessment, computed again, now recommends another ' +
        'conclusion than the one decided. Revise the decision, or confirm it with your reasons.',
    },
    {
      kind: 'facts',
      rows: [
        ['Decided', CONCLUSION_LABELS[input.decidedConclusion]],
        ['Now recommended', CONCLUSION_LABELS[input.recommendedConclusion]],
        ['Why the facts changed', input.amendmentReason],
      ],
    },
    {
      kind: 'paragraph',
      text: 'The case cannot be closed until the decision is revised or confirmed. The earlier decision stays in the record.',
    },
    { kind: 'link', label: 'Open the breach', url: input.breachUrl },
  ];
  const { to, cc } = decisionRecipients('revision-request', policy, input.context);
  return {
    to,
    ...(cc.length > 0 ? { cc } : {}),
    subject: subjectLine(breachId, 'decision to revise after reassessment'),
    ...renderMail({ breachId, heading: 'The notification decision needs revising', blocks }),
    tags: { kind: 'revision-request', breachId },
  };
};
