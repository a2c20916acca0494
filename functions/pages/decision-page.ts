import type { Assessment } from '../domain/assessment';
import type { DecisionStep, FieldProblem } from '../domain/decisions';
import { formatMailTime } from '../domain/mail/message';
import type { BreachReport } from '../domain/report';
import type { DecisionRequestView } from '../domain/take-decision';
import { riskSentence, wordsFor, wordsList } from '../domain/vocabulary';
import {
  bulletList,
  button,
  details,
  errorSummary,
  hiddenInput,
  insetText,
  paragraph,
  type SummaryRow,
  summaryList,
  table,
  tag,
  warningText,
} from './components';
import {
  DECISION_FORMS,
  defaultFormValues,
  type FormContext,
  type FormReading,
  formErrors,
  placeFields,
  renderFields,
} from './decision-forms';
import { type Html, html, multiline } from './html';
import { CLOCK_STATUS, CONCLUSION_TEXT, grouped, sentenceCase } from './labels';
import { renderLayout } from './layout';

/**
 * The page behind a decision link: what happened, where the clocks stand, for the decision on notification the
 * system's recommendation and why, then the step's form. Rendering only: the handler fetched the view, and nothing
 * here reads or writes anything.
 */

/** The name of the form field that carries the CSRF token. */
export const CSRF_FIELD = 'csrfToken';

export interface SubmittedForm {
  values: URLSearchParams;
  reading: FormReading;
  /** What validation found, at decision paths (DecisionInvalidError.problems). */
  problems: readonly FieldProblem[];
}

export interface DecisionPageInput {
  view: DecisionRequestView;
  csrfToken: string;
  now: Date;
  /** @default '/assets' */
  assetsPath?: string;
  /** The form as it was sent, when it comes back with problems; absent on a fresh page. */
  submitted?: SubmittedForm;
}

/** What each step asks, in a sentence or two, above everything else. */
const STEP_INTRO: Record<DecisionStep, string> = {
  contain:
    'First, stop the breach getting worse: recover or delete the data, remove access, change passwords or access codes. Then record here what was done.',
  decide:
    'Decide whether the breach must be reported to the supervisory authority, and whether the people affected must be told. The system has made a recommendation from the facts reported, shown below. The decision is yours, and it is recorded with your name and your reasons.',
  'notify-authority':
    'Report the breach to the supervisory authority, then record here how and when you did it. If not everything is known yet, report what is known now and follow up later.',
  'notify-subjects':
    'Tell the people affected what happened, what it means for them, what you have done and what they can do to protect themselves, in plain language. Then record here how and when they were told.',
  'notify-controller':
    'You handle this data for another organisation (the controller). Tell them about the breach without undue delay, then record here how and when you did.',
  'notify-other-parties': 'Record which of the other parties your policy names were told about the breach.',
  evaluate:
    'Look back at the breach: what allowed it to happen, what has been learned, and what should change to stop it happening again.',
  close: 'Close the case once everything the procedure asks for is done.',
  recover:
    'The breach procedure stopped because one of its steps failed. Once the cause has been checked or fixed, record it here so the procedure can carry on.',
};

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

export const reportRows = (view: Pick<DecisionRequestView, 'state'>, timeZone: string): SummaryRow[] => {
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

const deadlinesSection = (view: DecisionRequestView, timeZone: string): Html => {
  if (view.deadlines.length === 0) return html``;
  return table({
    caption: 'Deadlines',
    head: ['Deadline', 'Due', 'Status'],
    rows: view.deadlines.map((deadline) => {
      const status = CLOCK_STATUS[deadline.status];
      return [
        deadline.label,
        time(deadline.dueAt, timeZone),
        html`${tag(status.text, status.colour)}${deadline.metAt ? html`<br><span class="govuk-body-s">${time(deadline.metAt, timeZone)}</span>` : undefined}`,
      ];
    }),
  });
};

const deadlineWarnings = (view: DecisionRequestView, timeZone: string): Html[] =>
  view.deadlines.flatMap((deadline) => {
    if (deadline.status === 'missed') {
      return [warningText(`The deadline “${deadline.label}” passed on ${time(deadline.dueAt, timeZone)}.`)];
    }
    if (deadline.status === 'warning') {
      return [warningText(`The deadline “${deadline.label}” is close: ${time(deadline.dueAt, timeZone)}.`)];
    }
    return [];
  });

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

const earlierDecisions = (view: DecisionRequestView, timeZone: string): Html => {
  const decide = view.state.decisions.decide;
  if (!decide || view.step === 'decide') return html``;
  return html`<h2 class="govuk-heading-m">The decision on notification</h2>${summaryList([
    { key: 'Decision', value: CONCLUSION_TEXT[decide.data.conclusion] },
    { key: 'Taken by', value: `${decide.data.decidedBy.name}, ${decide.data.decidedBy.role}` },
    { key: 'Taken on', value: time(decide.at, timeZone) },
  ])}`;
};

const isWebUrl = (value: string): boolean => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
};

const authoritySection = (view: DecisionRequestView): Html => {
  if (view.step !== 'notify-authority') return html``;
  const authority = view.policy.supervisoryAuthority;
  const rows: SummaryRow[] = [{ key: 'Authority', value: authority.name }];
  if (authority.reportUrl && isWebUrl(authority.reportUrl)) {
    rows.push({
      key: 'Report online',
      value: html`<a class="govuk-link" href="${authority.reportUrl}" rel="noreferrer noopener" target="_blank">${authority.reportUrl} (opens in new tab)</a>`,
    });
  }
  if (authority.phone) rows.push({ key: 'Telephone', value: authority.phone });
  if (authority.email) rows.push({ key: 'E-mail', value: authority.email });
  return html`<h2 class="govuk-heading-m">Where to report</h2>${summaryList(rows)}`;
};

/** The whole page, as a string of HTML. */
export const renderDecisionPage = (input: DecisionPageInput): string => {
  const { view, submitted } = input;
  const { step, policy } = view;
  const timeZone = policy.timeZone;
  const ctx: FormContext = { policy, state: view.state };
  const values = submitted?.values ?? defaultFormValues(step, ctx);
  const placed = placeFields(step, ctx, values);
  const errors = submitted
    ? formErrors(step, placed, values, submitted.reading, submitted.problems)
    : { byName: new Map(), summary: [] };
  const hasErrors = errors.summary.length > 0;

  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${hasErrors ? errorSummary(errors.summary) : undefined}
<span class="govuk-caption-l">Breach ${view.state.breachId}</span>
<h1 class="govuk-heading-xl">${view.title}</h1>
${paragraph(STEP_INTRO[step], 'govuk-body-l')}
${deadlineWarnings(view, timeZone)}
${insetText(`This link records one decision and then stops working. It expires on ${time(view.request.expiresAt, timeZone)}. Do not forward it: anyone with the link can record the decision.`)}
<h2 class="govuk-heading-l">What happened</h2>
${summaryList(reportRows(view, timeZone))}
${deadlinesSection(view, timeZone)}
${step === 'decide' ? recommendationSection(view.state.assessment) : undefined}
${earlierDecisions(view, timeZone)}
${authoritySection(view)}
<h2 class="govuk-heading-l">Your decision</h2>
<form method="post" novalidate id="decision-form">
${hiddenInput(CSRF_FIELD, input.csrfToken)}
${renderFields({ step, ctx, placed, values, errors: errors.byName })}
${button(DECISION_FORMS[step].submit)}
</form>
</div></div>`;

  return renderLayout({
    title: `${view.title} – breach ${view.state.breachId}`,
    hasErrors,
    ...(input.assetsPath ? { assetsPath: input.assetsPath } : {}),
    content,
  });
};
