import type { ConsoleRegisterQuery } from '../console/register-query';
import { RISK_LEVELS } from '../domain/assessment';
import { formatInTimeZone } from '../domain/clocks';
import type { AuthorityStatus, RegisterRow, SubjectsStatus } from '../domain/register';
import { STAGES } from '../domain/state';
import { errorSummary, paragraph, table } from './components';
import { type ConsolePageBase, consolePage, consoleSelect, RISK_TEXT, STAGE_TEXT } from './console-pages';
import { type Html, html } from './html';
import { grouped, listWords, words } from './labels';

/**
 * The console's breach register (Art. 33(5)): every breach, reported or not, with the facts, its effects and the
 * remedial action taken, filtered by awareness dates, status, severity and stage; the same rows download as CSV and
 * PDF through the console session (functions/domain/register.ts builds them; the documents render them). Read only:
 * auditors see it as the DPO does.
 */

const AUTHORITY_TEXT: Record<AuthorityStatus, string> = {
  notified: 'Told in time',
  'notified-late': 'Told late',
  pending: 'Due, not yet told',
  overdue: 'Overdue, not yet told',
  'not-required': 'Not required',
  'controller-decides': 'The controller decides',
  undecided: 'Not decided yet',
};

const SUBJECTS_TEXT: Record<SubjectsStatus, string> = {
  told: 'Told',
  'not-told': 'Not told (exemption)',
  pending: 'To be told',
  'not-required': 'Not required',
  undecided: 'Not decided yet',
};

export interface RegisterPageInput extends ConsolePageBase {
  query: ConsoleRegisterQuery;
  rows: readonly RegisterRow[];
}

const FIELD_IDS = { from: 'from', to: 'to', status: 'status', risk: 'risk', stage: 'stage' } as const;

const dateInput = (id: 'from' | 'to', label: string, value: string, error: string | undefined): Html =>
  html`<div class="govuk-form-group govuk-!-display-inline-block govuk-!-margin-right-4${error ? ' govuk-form-group--error' : ''}"><label class="govuk-label" for="${id}">${label}</label>${error ? html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${error}</p>` : undefined}<input class="govuk-input govuk-input--width-10${error ? ' govuk-input--error' : ''}" id="${id}" name="${id}" type="date" value="${value}"${error ? html` aria-describedby="${id}-error"` : undefined}></div>`;

const filtersForm = (p: RegisterPageInput): Html => {
  const v = p.query.values;
  const errorOf = (field: keyof typeof FIELD_IDS) =>
    p.query.problems.find((problem) => problem.field === field)?.message;
  return html`<form method="get" action="${p.base}/register" class="govuk-!-margin-bottom-6" role="search" aria-label="Filter the register">
${dateInput('from', 'Aware from', v.from, errorOf('from'))}
${dateInput('to', 'Aware to', v.to, errorOf('to'))}
${consoleSelect(
  'status',
  'Status',
  [
    ['', 'All'],
    ['open', 'Open'],
    ['closed', 'Closed'],
  ],
  v.status === 'all' ? '' : v.status,
)}
${consoleSelect('risk', 'Severity', [['', 'Any severity'], ...RISK_LEVELS.map((level): [string, string] => [level, RISK_TEXT[level]])], v.risk)}
${consoleSelect('stage', 'Stage', [['', 'Any stage'], ...STAGES.map((stage): [string, string] => [stage, STAGE_TEXT[stage]])], v.stage)}
<div class="govuk-button-group"><button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Apply filters</button><a class="govuk-link" href="${p.base}/register">Clear filters</a></div>
</form>`;
};

const when = (iso: string | undefined, tz: string): Html | string =>
  iso ? html`<time datetime="${iso}">${formatInTimeZone(iso, tz)}</time>` : '—';

const rowCells = (p: RegisterPageInput, r: RegisterRow): (Html | string)[] => {
  const tz = p.policy.timeZone;
  const a = r.authority;
  const actions = r.remedialAction;
  return [
    html`<a class="govuk-link" href="${p.base}/breaches/${r.breachId}">${r.breachId}</a><br><span class="govuk-body-s">${STAGE_TEXT[r.stage]}${r.closedAt ? html`: closed ${when(r.closedAt, tz)}` : undefined}</span>`,
    when(r.awareAt, tz),
    html`${r.facts.description.length > 200 ? `${r.facts.description.slice(0, 197)}…` : r.facts.description}<br><span class="govuk-body-s">Cause: ${words(r.facts.cause.category)}. Data: ${listWords(r.facts.dataCategories.map(words))}. About ${grouped(r.approximateSubjects)} people, ${grouped(r.facts.approximateRecords)} records.</span>`,
    html`${r.effects.risk ? `${RISK_TEXT[r.effects.risk.level]}${r.effects.risk.source === 'recommendation' ? ' (recommended, not yet decided)' : ''}` : 'Not assessed yet'}${r.severity ? html`<br><span class="govuk-body-s">${r.severity.label}</span>` : undefined}${r.effects.likelyConsequences ? html`<br><span class="govuk-body-s">${r.effects.likelyConsequences}</span>` : undefined}`,
    html`${actions.contained ? 'Contained' : 'Not contained'}${actions.measures ? html`<br><span class="govuk-body-s">${actions.measures}</span>` : undefined}${actions.recommendations.length > 0 ? html`<br><span class="govuk-body-s">${actions.recommendations.length} recommended action${actions.recommendations.length === 1 ? '' : 's'}, ${actions.recommendations.filter((x) => x.status === 'done').length} done</span>` : undefined}`,
    html`${r.conclusion ? html`${r.conclusion.label}<br><span class="govuk-body-s">${r.conclusion.decidedBy.name}, ${r.conclusion.decidedBy.role}</span>` : 'Not decided yet'}`,
    html`${AUTHORITY_TEXT[a.status]}${a.notifiedAt ? html`<br>${when(a.notifiedAt, tz)}` : undefined}${a.hoursLate ? html`<br><span class="govuk-body-s">${a.hoursLate} hours late${a.delayReason ? `: ${a.delayReason}` : ''}</span>` : undefined}${a.reference ? html`<br><span class="govuk-body-s">Reference ${a.reference}</span>` : undefined}`,
    html`${SUBJECTS_TEXT[r.subjects.status]}${r.subjects.count !== undefined ? html`<br><span class="govuk-body-s">${grouped(r.subjects.count)} people</span>` : undefined}`,
  ];
};

export const renderRegisterPage = (p: RegisterPageInput, downloadQuery: string): string => {
  const problems = p.query.problems;
  const hasErrors = problems.length > 0;
  const content = html`${hasErrors ? errorSummary(problems.map((problem) => ({ text: problem.message, href: `#${FIELD_IDS[problem.field]}` }))) : undefined}
<h1 class="govuk-heading-xl">Breach register</h1>
${paragraph('Every personal data breach, whether it was reported or not, with its facts, effects and the remedial action taken (UK GDPR and GDPR Art. 33(5)). Oldest first.')}
${filtersForm(p)}
${
  hasErrors
    ? paragraph('Correct the filters to see the register.')
    : html`<p class="govuk-body">Download ${p.rows.length === 1 ? 'this row' : `these ${p.rows.length} rows`}: <a class="govuk-link" href="${p.base}/register.csv${downloadQuery}" download>CSV spreadsheet</a> · <a class="govuk-link" href="${p.base}/register.pdf${downloadQuery}" download>PDF to print</a></p>
${
  p.rows.length === 0
    ? paragraph('No breach matches these filters.')
    : table({
        caption: `${p.rows.length} breach${p.rows.length === 1 ? '' : 'es'} in the register`,
        head: [
          'Reference',
          'Aware',
          'What happened',
          'Effects',
          'Remedial action',
          'Conclusion',
          'Authority',
          'People affected',
        ],
        rows: p.rows.map((row) => rowCells(p, row)),
      })
}`
}`;
  return consolePage(p, 'Breach register', content, hasErrors);
};
