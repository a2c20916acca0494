import { type Audience, decisionRecipients } from '../decision-recipients';
import type { OrganisationPolicy } from '../policy';
import { deadlineRows, mailDeadlines } from './deadlines';
import { formatMailTime, type MailBlock, type MailMessage, renderMail, subjectLine } from './message';

export interface StepFailedMailInput {
  breachId: string;
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation' | 'timeZone' | 'clocks'>;
  /** The workflow step's name, e.g. 'Assess' or 'NotifySubjects'. */
  step: string;
  failedAt: string;
  /**
   * The error's name only (e.g. 'States.Timeout'). Never its message or cause: those can quote the data the step was
   * handling, and this mail goes to escalation contacts too.
   */
  error?: string;
  /** For IT: which execution to look at. */
  executionArn?: string;
  /** When given, the deadlines are listed: they keep running while the step is stuck. */
  awareAt?: string;
  breachUrl: string;
  context?: Audience;
}

/** Anything that does not look like an identifier is not shown: it would be free text from somewhere else. */
const IDENTIFIER = /^[A-Za-z][\w.:-]{0,99}$/;
const identifierOr = (value: string | undefined, fallback: string) =>
  value !== undefined && IDENTIFIER.test(value) ? value : fallback;

export const buildStepFailedMail = (input: StepFailedMailInput): MailMessage => {
  const { breachId, policy } = input;
  const step = identifierOr(input.step, 'unknown step');
  const facts: [string, string][] = [
    ['Step', step],
    ['Failed at', formatMailTime(input.failedAt, policy.timeZone)],
    ['Error', identifierOr(input.error, 'not given')],
  ];
  const execution = input.executionArn && /^arn:[\w:/.-]+$/.test(input.executionArn) ? input.executionArn : undefined;
  if (execution) facts.push(['Execution', execution]);

  const blocks: MailBlock[] = [
    {
      kind: 'notice',
      text:
        `The step "${step}" failed after its retries. The breach is still open and its deadlines keep running, ` +
        'but the procedure will not move on by itself.',
    },
    { kind: 'facts', rows: facts },
    { kind: 'heading', text: 'What to do' },
    {
      kind: 'list',
      items: [
        'Open the breach and check what was recorded last.',
        'If the step cannot wait (for example, the notification to the supervisory authority), take it by hand and ' +
          'record what you did and when.',
        'Ask your IT administrator to look at the failed workflow step and run it again; the breach id ' +
          `${execution ? 'and execution above identify' : 'above identifies'} it.`,
      ],
    },
  ];
  if (input.awareAt) {
    blocks.push(
      { kind: 'heading', text: 'Deadlines' },
      { kind: 'facts', rows: deadlineRows(mailDeadlines(input.awareAt, policy, input.failedAt)) },
    );
  }
  blocks.push({ kind: 'link', label: 'Open the breach', url: input.breachUrl });

  const { to, cc } = decisionRecipients('step-failed', policy, input.context);
  return {
    to,
    ...(cc.length > 0 ? { cc } : {}),
    subject: subjectLine(breachId, `workflow step failed – ${step}`),
    ...renderMail({ breachId, heading: `A workflow step failed: ${step}`, blocks }),
    tags: { kind: 'step-failed', breachId },
  };
};
