import type { Assessment } from '../domain/assessment';
import { formatMailTime } from '../domain/mail/message';
import type { BreachReport } from '../domain/report';
import type { BreachState } from '../domain/state';
import { riskSentence, wordsFor, wordsList } from '../domain/vocabulary';
import { bulletList, details, insetText, paragraph, type SummaryRow, summaryList } from './components';
import { type Html, html, multiline } from './html';
import { CONCLUSION_TEXT, grouped, sentenceCase } from './labels';

/**
 * A breach's facts as reported and the system's recommendation, as the case page and the decision step's form show
 * them. Rendering only.
 */

const time = (iso: string, timeZone: string) => formatMailTime(iso, timeZone);

const BREACH_TYPE_TEXT: Record<string, string> = {
  confidentiality: 'Seen or disclosed: someone who should not have seen the data may have seen it',
  integrity: 'Altered: the data was changed without permission',
  availability: 'Lost or unavailable: the data was lost, destroyed or could not be reached',
};

const occurredText = (occurred: BreachReport['occurred'], timeZone: string): string => {
  switch (occurred.kind) {
    case 'unknown':
      return 'Not known';
    case 'at':
      return time(occurred.at, timeZone);
    case 'between':
      return `Between ${time(occurred.from, timeZone)} and ${time(occurred.to, timeZone)}`;
  }
};

const protectionText = (protection: BreachReport['protection']): string => {
  switch (protection.kind) {
    case 'none':
      return 'None';
    case 'password':
      return 'Password protected (not encrypted)';
    case 'encrypted':
      return `Encrypted (${protection.strength === 'unknown' ? 'strength not known' : `${protection.strength} encryption`})${protection.keyCompromised ? ', but the key or password went with the data or is compromised' : ''}`;
    case 'pseudonymised':
      return `Pseudonymised${protection.reidentificationKeyCompromised ? ', but the means to re-identify people is compromised' : ''}`;
  }
};

const YES_NO_UNKNOWN: Record<string, string> = { yes: 'Yes', no: 'No', unknown: 'Not known' };

const RECIPIENT_TEXT: Record<BreachReport['recipient'], string> = {
  none: 'Nobody',
  trusted: 'A trusted recipient (for example a member of staff or a partner organisation)',
  untrusted: 'Someone who cannot be relied on to delete it',
  unknown: 'Not known',
  public: 'The public',
};

export const reportRows = (view: { state: BreachState }, timeZone: string): SummaryRow[] => {
  const { state } = view;
  const report = state.report;
  const rows: (SummaryRow | undefined)[] = [
    { key: 'Breach reference', value: state.breachId },
    { key: 'Became aware', value: time(state.awareAt, timeZone) },
    { key: 'Reported', value: time(state.reportedAt, timeZone) },
    { key: 'When it happened', value: occurredText(report.occurred, timeZone) },
    { key: 'What happened', value: multiline(report.description) },
    report.location ? { key: 'Where', value: report.location } : undefined,
    {
      key: 'Type of breach',
      value: bulletList(report.breachTypes.map((type) => BREACH_TYPE_TEXT[type] ?? wordsFor('breachType', type))),
    },
    {
      key: 'Cause',
      value: report.cause.detail
        ? html`${sentenceCase(wordsFor('cause', report.cause.category))}: ${multiline(report.cause.detail)}`
        : sentenceCase(wordsFor('cause', report.cause.category)),
    },
    { key: 'Data involved', value: sentenceCase(wordsList('dataCategory', report.dataCategories)) },
    {
      key: 'People affected',
      value: `About ${grouped(report.approximateSubjects)}: ${wordsList('subjectCategory', report.subjectCategories)}`,
    },
    { key: 'Records affected', value: `About ${grouped(report.approximateRecords)}` },
    { key: 'Protection of the data', value: protectionText(report.protection) },
    {
      key: 'Contained when reported',
      value: report.containment.how
        ? html`${report.containment.contained ? 'Yes' : 'No'}: ${multiline(report.containment.how)}`
        : report.containment.contained
          ? 'Yes'
          : 'No',
    },
    { key: 'Recovered', value: sentenceCase(wordsFor('recovery', report.recovery)) },
    { key: 'Who received the data', value: RECIPIENT_TEXT[report.recipient] },
    { key: 'Deliberate', value: YES_NO_UNKNOWN[report.malicious] ?? report.malicious },
    {
      key: 'Your organisation’s role',
      value:
        report.organisationRole.role === 'processor'
          ? `Processor, for the controller ${report.organisationRole.controller.name}`
          : 'Controller',
    },
    report.likelyConsequences ? { key: 'Likely consequences', value: multiline(report.likelyConsequences) } : undefined,
    report.actionsTaken ? { key: 'Actions taken so far', value: multiline(report.actionsTaken) } : undefined,
  ];
  return rows.filter((row): row is SummaryRow => row !== undefined);
};

export const recommendationSection = (assessment: Assessment | undefined): Html => {
  if (!assessment) {
    return html`<h2 class="govuk-heading-l">The recommendation</h2>${paragraph('No recommendation was worked out for this breach. Decide from the facts above.')}`;
  }
  const { enisa } = assessment;
  const raising = assessment.factors.filter((factor) => factor.effect === 'raises');
  const lowering = assessment.factors.filter((factor) => factor.effect === 'lowers');
  return html`<h2 class="govuk-heading-l">The recommendation</h2>
${insetText(html`<p class="govuk-body-l govuk-!-font-weight-bold govuk-!-margin-bottom-2">${CONCLUSION_TEXT[assessment.conclusion]}</p><p class="govuk-body govuk-!-margin-bottom-0">${assessment.subjectsToBeToldReason}</p>`)}
${summaryList([
  {
    key: 'Risk to people',
    value: `${riskSentence(assessment.risk.level)}: harm is ${assessment.risk.likelihood}, and its consequences would be ${assessment.risk.severity}.`,
  },
  // The two scales below explain the risk; they are internal and never replace the risk's own words.
  { key: 'Severity level (internal scale)', value: assessment.severityLevel.label },
  {
    key: 'ENISA severity score (internal scale)',
    value: `${enisa.score} (${wordsFor('enisaBand', enisa.band)}): data context ${enisa.dpc.score} × ease of identification ${enisa.ei.score} + circumstances ${enisa.cb.score}`,
  },
])}
${assessment.exemption ? insetText(assessment.exemption.explanation) : undefined}
${raising.length > 0 ? html`<h3 class="govuk-heading-s">What raises the risk</h3>${bulletList(raising.map((f) => f.explanation))}` : undefined}
${lowering.length > 0 ? html`<h3 class="govuk-heading-s">What lowers the risk</h3>${bulletList(lowering.map((f) => f.explanation))}` : undefined}
${assessment.policyNotes.length > 0 ? html`<h3 class="govuk-heading-s">What your policy adds</h3>${bulletList(assessment.policyNotes)}` : undefined}
${
  assessment.whatWouldChange.length > 0
    ? html`<h3 class="govuk-heading-s">What would change the recommendation</h3>${bulletList(
        assessment.whatWouldChange.map((c) => `If ${c.if}: ${CONCLUSION_TEXT[c.conclusion].toLowerCase()}.`),
      )}`
    : undefined
}
${details('The full reasoning', html`${paragraph(assessment.rationale)}${paragraph(`Method: ${assessment.method}`, 'govuk-body-s')}`)}
${paragraph('The system recommends; you decide. If you decide otherwise, say why: both the recommendation and your reasons are kept.')}`;
};
