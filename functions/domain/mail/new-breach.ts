import { type Audience, decisionRecipients } from '../decision-recipients';
import type { OrganisationPolicy } from '../policy';
import type { BreachReport } from '../report';
import type { BreachState } from '../state';
import { sentenceCase, wordsFor, wordsList } from '../vocabulary';
import { deadlineRows, mailDeadlines } from './deadlines';
import { formatMailTime, type MailBlock, type MailMessage, renderMail, subjectLine, summarise } from './message';

export interface NewBreachMailInput {
  breach: Pick<BreachState, 'breachId' | 'report' | 'reportedAt' | 'channel'>;
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation' | 'timeZone' | 'clocks'>;
  /** The breach's page, where the DPO reads the full report. */
  breachUrl: string;
  riskLevel?: Audience['riskLevel'];
}

const withDetail = (value: string, detail: string | undefined) =>
  detail ? `${value}: ${summarise(detail, 300)}` : value;

const occurred = (report: BreachReport, timeZone: string): string => {
  switch (report.occurred.kind) {
    case 'unknown':
      return 'not known yet';
    case 'at':
      return formatMailTime(report.occurred.at, timeZone);
    case 'between':
      return `between ${formatMailTime(report.occurred.from, timeZone)} and ${formatMailTime(report.occurred.to, timeZone)}`;
  }
};

const protection = (report: BreachReport): string => {
  const p = report.protection;
  switch (p.kind) {
    case 'none':
      return 'none';
    case 'password':
      return 'password only';
    case 'encrypted':
      return `encrypted (${p.strength} encryption${p.keyCompromised ? ', key compromised' : ''})`;
    case 'pseudonymised':
      return `pseudonymised${p.reidentificationKeyCompromised ? ' (re-identification key compromised)' : ''}`;
  }
};

/**
 * The reporter's name and contact details reach the DPO only when the reporter gave them: an anonymised report
 * stays anonymous in mail too, whatever else the DPO can see.
 */
const reporterRows = (report: BreachReport): [string, string][] => {
  const r = report.reporter;
  if (r.anonymised) return [['Reported by', r.role ? `anonymised report (role: ${r.role})` : 'anonymised report']];
  const rows: [string, string][] = [['Reported by', r.role ? `${r.name} (${r.role})` : r.name]];
  if (r.email) rows.push(['Reporter e-mail', r.email]);
  if (r.phone) rows.push(['Reporter phone', r.phone]);
  return rows;
};

export const buildNewBreachMail = ({ breach, policy, breachUrl, riskLevel }: NewBreachMailInput): MailMessage => {
  const { report, breachId } = breach;
  const tz = policy.timeZone;
  const deadlines = mailDeadlines(report.awareAt, policy, breach.reportedAt);
  const authority = deadlines.find((d) => d.clockId === 'authority');

  const blocks: MailBlock[] = [
    {
      kind: 'paragraph',
      text:
        `A personal data breach has been reported through the ${breach.channel === 'form' ? 'online form' : 'API'}. ` +
        `Its clocks started when the organisation became aware of it, on ${formatMailTime(report.awareAt, tz)}.`,
    },
  ];
  if (authority) {
    blocks.push({
      kind: 'notice',
      text:
        `${authority.label}: due ${authority.due}${authority.passed ? ', already passed' : ''}. Unless the breach ` +
        'is unlikely to result in a risk to people, the supervisory authority must be told by then (Art. 33(1)).',
    });
  }
  blocks.push(
    { kind: 'heading', text: 'What happened' },
    { kind: 'paragraph', text: summarise(report.description) },
    {
      kind: 'facts',
      rows: [
        ['Type of breach', wordsList('breachType', report.breachTypes)],
        ['Cause', withDetail(sentenceCase(wordsFor('cause', report.cause.category)), report.cause.detail)],
        ['When it happened', occurred(report, tz)],
        ['Data involved', wordsList('dataCategory', report.dataCategories)],
        ['People affected', wordsList('subjectCategory', report.subjectCategories)],
        ['Approximate number of people', report.approximateSubjects.toLocaleString('en-GB')],
        ['Approximate number of records', report.approximateRecords.toLocaleString('en-GB')],
        ['Protection', protection(report)],
        ['Contained', report.containment.contained ? withDetail('yes', report.containment.how) : 'not yet'],
        ['Data recovered', wordsFor('recovery', report.recovery)],
        ['Malicious', wordsFor('yesNoUnknown', report.malicious)],
      ],
    },
    { kind: 'heading', text: 'Who' },
    {
      kind: 'facts',
      rows: [
        ...reporterRows(report),
        ['Reported at', formatMailTime(breach.reportedAt, tz)],
        ['Discovered through', wordsFor('discovery', report.discovery.channel)],
        ['Caused by (role)', wordsFor('responsibleRole', report.responsibleRole)],
        [
          'Our role',
          report.organisationRole.role === 'processor'
            ? `processor for ${report.organisationRole.controller.name}: tell the controller without undue delay`
            : 'controller',
        ],
      ],
    },
    { kind: 'heading', text: 'Deadlines' },
    { kind: 'facts', rows: deadlineRows(deadlines) },
    {
      kind: 'paragraph',
      text:
        'You will be alerted before each deadline and when one passes unmet. Each decision is asked for in a ' +
        'separate message with its own single-use link.',
    },
    { kind: 'link', label: 'Open the breach', url: breachUrl },
  );

  const { to, cc } = decisionRecipients('new-breach', policy, { responsibleRole: report.responsibleRole, riskLevel });
  return {
    to,
    ...(cc.length > 0 ? { cc } : {}),
    subject: subjectLine(breachId, 'new personal data breach reported'),
    ...renderMail({ breachId, heading: 'New personal data breach reported', blocks }),
    tags: { kind: 'new-breach', breachId },
  };
};
