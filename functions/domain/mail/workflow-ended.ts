import { decisionRecipients } from '../decision-recipients';
import type { OrganisationPolicy } from '../policy';
import { deadlineRows, mailDeadlines } from './deadlines';
import { formatMailTime, type MailBlock, type MailMessage, renderMail, subjectLine } from './message';

export interface WorkflowEndedMailInput {
  breachId: string;
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation' | 'timeZone' | 'clocks'>;
  status: 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  endedAt: string;
  executionArn: string;
  awareAt: string;
  breachUrl: string;
}

const WHAT_HAPPENED: Record<WorkflowEndedMailInput['status'], string> = {
  FAILED: 'failed',
  TIMED_OUT: 'reached the longest time a workflow may run',
  ABORTED: 'was stopped from outside Breachdesk',
};

/** The DPO's alert when the breach's workflow ended without closing the case: it can be continued. */
export const buildWorkflowEndedMail = (input: WorkflowEndedMailInput): MailMessage => {
  const { breachId, policy } = input;
  const execution = /^arn:[\w:/.-]+$/.test(input.executionArn) ? input.executionArn : 'not shown';
  const blocks: MailBlock[] = [
    {
      kind: 'notice',
      text:
        `The workflow that runs this breach's procedure ${WHAT_HAPPENED[input.status]}. The breach is still open and ` +
        'its deadlines keep running, but no reminder or decision request will come until the workflow is continued.',
    },
    {
      kind: 'facts',
      rows: [
        ['Ended', formatMailTime(input.endedAt, policy.timeZone)],
        ['How', input.status],
        ['Execution', execution],
      ],
    },
    { kind: 'heading', text: 'What to do' },
    {
      kind: 'list',
      items: [
        'Continue it: POST /breaches/{id}/workflow/continue with the organisation API key, or wait for the reconciler, ' +
          'which continues it within minutes. It resumes where the breach stood; nobody is written to twice.',
        'If a step cannot wait (for example, the notification to the supervisory authority), take it by hand and ' +
          'record what you did and when.',
      ],
    },
    { kind: 'heading', text: 'Deadlines' },
    { kind: 'facts', rows: deadlineRows(mailDeadlines(input.awareAt, policy, input.endedAt)) },
    { kind: 'link', label: 'Open the breach', url: input.breachUrl },
  ];
  const { to, cc } = decisionRecipients('workflow-ended', policy);
  return {
    to,
    ...(cc.length > 0 ? { cc } : {}),
    subject: subjectLine(breachId, 'workflow ended – continue it'),
    ...renderMail({ breachId, heading: 'The breach’s workflow ended', blocks }),
    tags: { kind: 'workflow-ended', breachId },
  };
};
