import type { AuthorityReport } from './authority-report';
import { formatMailTime, type MailBlock, type MailMessage, renderMail, subjectLine } from './mail/message';
import type { BreachReport } from './report';
import { sentenceCase, wordsFor, wordsList } from './vocabulary';

/**
 * The processor's notice to the controller (Art. 33(2); generic procedure, "Where we are the Data Processor"):
 * everything the controller needs for its own assessment of the risk, in the order of Art. 33(3): (a) the nature of
 * the breach with the categories and approximate numbers of people and records, (b) our contact point, (c) the
 * likely consequences, (d) what we did and propose to do. Built from the same record as the authority report, so the
 * controller and, later, the authority hear the same facts.
 *
 * The DPO is copied: the copy is the organisation's own record of what the controller was told.
 */

export interface ControllerNoticeInput {
  report: AuthorityReport;
  controller: { name: string; email: string };
  timeZone: string;
}

const occurredText = (occurred: BreachReport['occurred'], timeZone: string): string => {
  switch (occurred.kind) {
    case 'unknown':
      return 'not known yet';
    case 'at':
      return formatMailTime(occurred.at, timeZone);
    case 'between':
      return `between ${formatMailTime(occurred.from, timeZone)} and ${formatMailTime(occurred.to, timeZone)}`;
  }
};

export function buildControllerNotice({ report, controller, timeZone }: ControllerNoticeInput): MailMessage {
  const { about, actions, art33, aboutYou, breachId } = report;
  const dpo = aboutYou.dpo;
  const organisation = aboutYou.organisation;
  const at = (iso: string) => formatMailTime(iso, timeZone);

  const blocks: MailBlock[] = [
    {
      kind: 'paragraph',
      text:
        `${organisation} processes personal data on behalf of ${controller.name}. On ${at(about.discoveredAt)} we ` +
        'became aware of a personal data breach affecting that data. As your processor we are telling you without ' +
        'undue delay (Art. 33(2) UK GDPR), with what we know now, so that you can make your own assessment of the ' +
        'risk and, where required, notify the supervisory authority and the people affected.',
    },
    {
      kind: 'notice',
      text:
        'A controller is generally regarded as aware of a breach once its processor has told it: your 72 hours to ' +
        'notify the supervisory authority (Art. 33(1)) may run from this notice.',
    },
    { kind: 'heading', text: '(a) What happened' },
    { kind: 'paragraph', text: about.whatHappened },
    {
      kind: 'facts',
      rows: [
        ['Breach reference', breachId],
        ['Type of breach', wordsList('breachType', about.breachTypes)],
        [
          'How it happened',
          `${sentenceCase(wordsFor('cause', about.howItHappened.cause))}${about.howItHappened.detail ? `: ${about.howItHappened.detail}` : ''}`,
        ],
        ['Cyber incident', about.cyberIncident ? 'yes' : 'no'],
        ['When it happened', occurredText(about.occurred, timeZone)],
        ['When we became aware', at(about.discoveredAt)],
        ['How we found out', wordsFor('discovery', about.howDiscovered.channel)],
        ['Categories of data', wordsList('dataCategory', about.dataCategories)],
        ...(about.specialCategories.length > 0
          ? [['Special category data (Art. 9)', wordsList('dataCategory', about.specialCategories)] as [string, string]]
          : []),
        ['Approximate number of records', about.approximateRecords.toLocaleString('en-GB')],
        ['People affected', wordsList('subjectCategory', about.subjectCategories)],
        ['Approximate number of people', about.approximateSubjects.toLocaleString('en-GB')],
        ['Protection of the data', wordsFor('protection', actions.before.kind)],
        ['Who received or could see it', wordsFor('recipient', about.recipient)],
      ],
    },
    { kind: 'heading', text: '(c) Likely consequences' },
    {
      kind: 'paragraph',
      text: about.likelyConsequences?.text ?? 'Not known yet: we will tell you as soon as we know.',
    },
    { kind: 'paragraph', text: about.seriousConsequences.explanation },
    { kind: 'heading', text: '(d) What we have done and propose to do' },
    {
      kind: 'list',
      items: [
        `${actions.containment.contained ? 'Contained' : 'Not yet contained'}${actions.containment.containedAt ? ` on ${at(actions.containment.containedAt)}` : ''}.`,
        ...art33.d.taken,
        ...art33.d.proposed.map((p) => `Proposed: ${p}`),
        `Data recovered: ${wordsFor('recovery', actions.containment.recovery)}.`,
      ],
    },
    { kind: 'heading', text: '(b) Our contact point' },
    {
      kind: 'facts',
      rows: [
        ['Data protection officer', `${dpo.name}${dpo.role ? ` (${dpo.role})` : ''}`],
        ['E-mail', dpo.email],
        ...(dpo.phone ? [['Phone', dpo.phone] as [string, string]] : []),
      ],
    },
    {
      kind: 'paragraph',
      text:
        'We will also phone you to confirm this notice and to agree a secure way of passing on further information ' +
        `as we learn it. Please reply to ${dpo.email}, who is copied on this message.`,
    },
  ];

  return {
    to: [controller.email],
    cc: [dpo.email],
    subject: subjectLine(breachId, `personal data breach notice from your processor ${organisation}`),
    ...renderMail({
      breachId,
      heading: `Personal data breach: notice from your processor, ${organisation}`,
      blocks,
      footer:
        `You receive this message because ${organisation} processes personal data on behalf of ${controller.name} ` +
        'and you are its contact for personal data breaches. It describes a breach: handle it as confidential.',
    }),
    tags: { kind: 'controller-notice', breachId },
  };
}
