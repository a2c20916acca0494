import type { Conclusion, RiskLevel } from '../assessment';
import { type Audience, decisionRecipients } from '../decision-recipients';
import type { DecisionStep } from '../decisions';
import type { OrganisationPolicy } from '../policy';
import { ROLE_LABELS, type Role } from '../roles';
import { riskSentence } from '../vocabulary';
import { deadlineRows, mailDeadlines } from './deadlines';
import { formatMailTime, type MailBlock, type MailMessage, renderMail, subjectLine, summarise } from './message';

export { DECISION_STEPS, type DecisionStep } from '../decisions';

/** What the system recommends at the 'decide' step; a named person decides. */
export interface Recommendation {
  conclusion: Conclusion;
  /** Why, in plain words; shortened in the mail, shown in full behind the link. */
  rationale: string | readonly string[];
  riskLevel?: RiskLevel;
}

interface DecisionRequestBase {
  breachId: string;
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation' | 'timeZone' | 'clocks'>;
  /** The decision link: the console's sign-in, then the step's form (single use, expiring: decision-links.ts). */
  url: string;
  expiresAt: string;
  /** When the request is sent: marks deadlines already passed. */
  requestedAt: string;
  /** When given, the breach's deadlines are listed so the decision can be timed against them. */
  awareAt?: string;
  /** Who is told: the directory, the moment, and the roles that decide the step (decision-recipients.ts). */
  context?: Audience;
  /** The case page in the console: the one link the people told without the decision link receive. */
  breachUrl?: string;
}

export type DecisionRequestMailInput = DecisionRequestBase &
  ({ step: 'decide'; recommendation: Recommendation } | { step: Exclude<DecisionStep, 'decide'> });

interface StepWording {
  /** Fits "Breach X: action needed – <subject>". */
  subject: string;
  heading: string;
  ask: string;
  linkLabel: string;
}

const STEPS: Record<DecisionStep, StepWording> = {
  contain: {
    subject: 'containment',
    heading: 'Record how the breach is contained',
    ask:
      'Contain the breach if it is not contained yet (recover or delete the data, revoke access, change passwords ' +
      'or access codes), then record what was done and when.',
    linkLabel: 'Record the containment',
  },
  decide: {
    subject: 'notification decision',
    heading: 'Decide whom to notify',
    ask:
      'Choose one of the three conclusions and give your reasons: no notification; the supervisory authority only; ' +
      'or the supervisory authority and the affected people. The system has made a recommendation, shown below; ' +
      'the decision is yours and is recorded with your name and reasons.',
    linkLabel: 'Take the decision',
  },
  'notify-authority': {
    subject: 'notification to the supervisory authority',
    heading: 'Notify the supervisory authority',
    ask:
      "Submit the notification to the supervisory authority, then record the authority's reference and, when it " +
      'arrives, its acknowledgement. If not everything is known yet, notify now with what is known and send the rest ' +
      'later (Art. 33(4)).',
    linkLabel: 'Record the notification',
  },
  'notify-subjects': {
    subject: 'notice to the affected people',
    heading: 'Tell the affected people',
    ask:
      'Confirm the notice to the affected people in clear and plain language, or record which exemption of ' +
      'Art. 34(3) applies and why.',
    linkLabel: 'Confirm the notice',
  },
  'notify-controller': {
    subject: 'notice to the controller',
    heading: 'Tell the controller',
    ask:
      'As processor, tell the controller without undue delay: by telephone first, then by the secure transfer you ' +
      'agree. Record when, how and what was passed on; every communication is kept for the investigation.',
    linkLabel: 'Record the notice to the controller',
  },
  'notify-other-parties': {
    subject: 'other parties to tell',
    heading: 'Tell the other parties your policy names',
    ask:
      'Your policy asks you to consider telling other parties (for example the police, the local authority, the ' +
      'insurer, data-sharing partners, the court or the ICT provider). Record for each whether it was told, when ' +
      'and with what reference, or why not.',
    linkLabel: 'Record the other parties',
  },
  recover: {
    subject: 'a step needs you to resume it',
    heading: 'Resume the breach workflow',
    ask:
      'A step of this breach failed after its automatic retries, and the failure is recorded. Once the cause is ' +
      'fixed (IT can tell you), resume the workflow: completed steps are not repeated and nothing is sent twice.',
    linkLabel: 'Resume the workflow',
  },
  evaluate: {
    subject: 'evaluation',
    heading: 'Evaluate the breach',
    ask: 'Record the root causes, the lessons learned, any training needs, and recommendations with their owners.',
    linkLabel: 'Record the evaluation',
  },
  close: {
    subject: 'closure',
    heading: 'Close the breach',
    ask:
      'Check that the closure conditions are met, including any remedial actions the supervisory authority asked ' +
      'for, then close the breach.',
    linkLabel: 'Close the breach',
  },
};

const CONCLUSIONS: Record<Conclusion, string> = {
  'no-notification': 'No notification (record the decision and its evidence)',
  'authority-only': 'Notify the supervisory authority only',
  'authority-and-subjects': 'Notify the supervisory authority and the affected people',
};

const recommendationBlocks = (recommendation: Recommendation): MailBlock[] => {
  const rationale =
    typeof recommendation.rationale === 'string' ? recommendation.rationale : recommendation.rationale.join('; ');
  const rows: [string, string][] = [['Recommendation', CONCLUSIONS[recommendation.conclusion]]];
  if (recommendation.riskLevel) rows.push(['Risk to people', riskSentence(recommendation.riskLevel)]);
  rows.push(['Why', summarise(rationale, 800)]);
  return [
    { kind: 'heading', text: "The system's recommendation" },
    { kind: 'facts', rows },
  ];
};

/** The deciders' mail, with the link; and, when others are told, their mail, without it. */
export interface DecisionRequestMails {
  request: MailMessage;
  notice?: MailMessage;
}

const deciderWords = (roles: Audience['deciderRoles']): string => {
  if (!roles || roles.includes('dpo') || roles.includes('deputy-dpo')) return 'the data protection officer';
  return listRoles(roles);
};

const listRoles = (roles: readonly Role[]): string => {
  const names = roles.map((role) => `the ${ROLE_LABELS[role].toLowerCase()}`);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
};

export const buildDecisionRequestMails = (input: DecisionRequestMailInput): DecisionRequestMails => {
  const { breachId, policy } = input;
  const wording = STEPS[input.step];
  const recipients = decisionRecipients('decision-request', policy, input.context);
  const shared: MailBlock[] = [];
  if (recipients.standingIn) {
    const until = recipients.standingIn.until ? formatMailTime(recipients.standingIn.until, policy.timeZone) : '';
    shared.push({
      kind: 'notice',
      text: `The data protection officer is away${until ? ` until ${until}` : ''}: this comes to you as ${recipients.standingIn.by}.`,
    });
  }
  shared.push({ kind: 'paragraph', text: wording.ask });
  if (input.step === 'decide') shared.push(...recommendationBlocks(input.recommendation));
  if (input.awareAt) {
    shared.push(
      { kind: 'heading', text: 'Deadlines' },
      { kind: 'facts', rows: deadlineRows(mailDeadlines(input.awareAt, policy, input.requestedAt)) },
    );
  }
  const requestBlocks: MailBlock[] = [
    ...shared,
    {
      kind: 'link',
      label: wording.linkLabel,
      url: input.url,
      // The link opens the sign-in; the step is recorded in the name of whoever signs in, if their role allows it.
      note:
        'Sign in to record this step: it is recorded in your name, and only someone holding the role your policy ' +
        `gives this step can record it. The link works once and expires on ${formatMailTime(input.expiresAt, policy.timeZone)}.`,
    },
  ];
  const subject = subjectLine(breachId, `action needed – ${wording.subject}`);
  const request: MailMessage = {
    to: recipients.deciders.length > 0 ? recipients.deciders : recipients.to,
    subject,
    ...renderMail({ breachId, heading: wording.heading, blocks: requestBlocks }),
    tags: { kind: 'decision-request', breachId },
  };
  if (recipients.cc.length === 0) return { request };
  const who = deciderWords(input.context?.deciderRoles);
  const noticeBlocks: MailBlock[] = [
    {
      kind: 'paragraph',
      text:
        `This step is for ${who} to take, and they have been sent the link that records it. You are told so that ` +
        'you know where the breach stands; this copy carries no link to record the step, as only they may take it.',
    },
    ...shared.filter((block) => block.kind !== 'notice'),
    ...(input.breachUrl ? [{ kind: 'link' as const, label: 'Open the breach', url: input.breachUrl }] : []),
  ];
  const notice: MailMessage = {
    to: recipients.cc,
    subject: subjectLine(breachId, `for your information – ${wording.subject}`),
    ...renderMail({ breachId, heading: `${wording.heading}: for ${who}`, blocks: noticeBlocks }),
    tags: { kind: 'decision-request', breachId },
  };
  return { request, notice };
};

/** The deciders' mail alone (with the link). */
export const buildDecisionRequestMail = (input: DecisionRequestMailInput): MailMessage =>
  buildDecisionRequestMails(input).request;
