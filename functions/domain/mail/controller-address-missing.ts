import { type Audience, decisionRecipients } from '../decision-recipients';
import type { OrganisationPolicy } from '../policy';
import { formatMailTime, type MailBlock, type MailMessage, renderMail, subjectLine } from './message';

export interface ControllerAddressMissingInput {
  breachId: string;
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation' | 'timeZone'>;
  controller: { name: string; phone?: string };
  at: string;
  breachUrl: string;
  context?: Audience;
}

/**
 * Tells the DPO that the notice to the controller could not be e-mailed because the report names no address for the
 * controller: the duty to tell the controller without undue delay stands, so a person must do it now.
 */
export const buildControllerAddressMissingMail = (input: ControllerAddressMissingInput): MailMessage => {
  const { breachId, policy, controller } = input;
  const blocks: MailBlock[] = [
    {
      kind: 'notice',
      text:
        `The notice to the controller, ${controller.name}, could not be e-mailed: the report gives no e-mail ` +
        'address for them. As processor we must tell the controller without undue delay (Art. 33(2)).',
    },
    {
      kind: 'facts',
      rows: [
        ['Controller', controller.name],
        ['Phone', controller.phone ?? 'not in the report'],
        ['Checked at', formatMailTime(input.at, policy.timeZone)],
      ],
    },
    { kind: 'heading', text: 'What to do' },
    {
      kind: 'list',
      items: [
        'Phone the controller now and tell them what is known about the breach.',
        "Record that call in the next step ('Record the notice to the controller'): who you spoke to, when, and what you told them.",
        "To have the notice e-mailed as well, add the controller's e-mail address to the breach's facts.",
      ],
    },
    { kind: 'link', label: 'Open the breach', url: input.breachUrl },
  ];
  const { to, cc } = decisionRecipients('step-failed', policy, input.context);
  return {
    to,
    ...(cc.length > 0 ? { cc } : {}),
    subject: subjectLine(breachId, 'notice to the controller not sent - no e-mail address'),
    ...renderMail({ breachId, heading: 'The notice to the controller could not be e-mailed', blocks }),
    tags: { kind: 'step-failed', breachId },
  };
};
