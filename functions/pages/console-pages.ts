import { RISK_LEVELS, type RiskLevel } from '../domain/assessment';
import { formatInTimeZone } from '../domain/clocks';
import { countdownText, type DashboardFilters, type DashboardRow } from '../domain/dashboard';
import { type DecisionStep, STEP_TITLES } from '../domain/decisions';
import type { BreachEvent } from '../domain/events';
import type { OrganisationPolicy } from '../domain/policy';
import type { SimilarIncidentView } from '../domain/review-breach';
import { ROLE_LABELS } from '../domain/roles';
import type { Session } from '../domain/sessions';
import { type BreachState, STAGES } from '../domain/state';
import { caseDocumentsSection } from './case-documents';
import { recommendationSection, reportRows } from './case-facts';
import { caseReviewSection } from './case-review';
import {
  button,
  errorSummary,
  hiddenInput,
  insetText,
  paragraph,
  summaryList,
  table,
  tag,
  warningText,
} from './components';
import { caseLinks, peopleLinks } from './console-links';
import { type FormContext, type FormErrors, type PlacedField, renderFields } from './decision-forms';
import { CSRF_FIELD } from './forms';
import { type Html, html, multiline, type Renderable } from './html';
import { CLOCK_STATUS, CONCLUSION_TEXT, sentenceCase, words } from './labels';
import { COUNTDOWN_SCRIPT, renderLayout } from './layout';
import { peopleAffectedSection } from './people-affected-section';

/**
 * The console's pages: the dashboard of open breaches with their clocks, the case page, a step's form, and the pages
 * around signing in and out. Rendering only; the handler read everything. No script: every countdown is written out
 * in words as of the moment the page was served, and a `<time>` element carries the instant.
 */

export interface ConsolePageBase {
  /** The console's path prefix, e.g. `/v1/console`. */
  base: string;
  assetsPath: string;
  session: Session;
  csrfToken: string;
  organisationName: string;
  policy: OrganisationPolicy;
  now: Date;
}

const signedInBar = (p: ConsolePageBase): Html =>
  html`<nav class="govuk-!-margin-top-4 govuk-!-margin-bottom-2" aria-label="Console"><p class="govuk-body-s govuk-!-margin-bottom-1">${p.organisationName} · Signed in as <strong>${p.session.name}</strong> (${p.session.roles.map((role) => ROLE_LABELS[role]).join(', ')})</p><ul class="govuk-list govuk-!-margin-bottom-0">${caseLinks(p)}${peopleLinks(p)}<li class="govuk-!-display-inline-block"><form method="post" action="${p.base}/sign-out" class="govuk-!-display-inline">${hiddenInput(CSRF_FIELD, p.csrfToken)}<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">Sign out</button></form></li></ul></nav>`;

/** A signed-in console page: the bar with the person and the console's links above the content. */
export const consolePage = (
  p: ConsolePageBase,
  title: string,
  content: Renderable,
  hasErrors = false,
  scripts: readonly string[] = [],
): string =>
  renderLayout({ title, hasErrors, assetsPath: p.assetsPath, beforeContent: signedInBar(p), content, scripts });
const page = consolePage;

/** A tag the countdown script may turn to "Overdue" when its deadline passes. */
const liveTag = (id: string, text: string, colour: string): Html =>
  html`<strong class="govuk-tag govuk-tag--${colour}" id="${id}">${text}</strong>`;

/** The time left to a deadline as served; the countdown script keeps it current. */
const countdown = (dueAt: string, now: Date, tagId: string): Html =>
  html`<time datetime="${dueAt}" data-countdown data-countdown-tag="${tagId}">${countdownText(dueAt, now)}</time>`;

const at = (iso: string, timeZone: string): Html =>
  html`<time datetime="${iso}">${formatInTimeZone(iso, timeZone)}</time>`;

/** The risk as decided, else as recommended, in words: the severity the console filters and shows. */
export const RISK_TEXT: Record<RiskLevel, string> = {
  'no-risk': 'Unlikely to result in a risk',
  risk: 'Risk',
  'high-risk': 'High risk',
};

const URGENCY_TAG: Record<DashboardRow['urgency'], { text: string; colour: 'red' | 'yellow' | 'blue' | 'green' }> = {
  overdue: { text: 'Overdue', colour: 'red' },
  'due-soon': { text: 'Due soon', colour: 'yellow' },
  'on-track': { text: 'On track', colour: 'blue' },
  met: { text: 'Deadlines met', colour: 'green' },
};

export const STAGE_TEXT: Record<BreachState['stage'], string> = {
  reported: 'Reported',
  contained: 'Contained',
  assessed: 'Assessed',
  decided: 'Decided',
  notified: 'Notified',
  evaluated: 'Evaluated',
  closed: 'Closed',
};

export const consoleSelect = (
  id: string,
  label: string,
  options: readonly [string, string][],
  value: string | undefined,
): Html =>
  html`<div class="govuk-form-group govuk-!-display-inline-block govuk-!-margin-right-4"><label class="govuk-label" for="${id}">${label}</label><select class="govuk-select" id="${id}" name="${id}">${options.map(
    ([optionValue, text]) =>
      html`<option value="${optionValue}"${optionValue === (value ?? '') ? html` selected` : undefined}>${text}</option>`,
  )}</select></div>`;

const filtersForm = (p: ConsolePageBase, filters: DashboardFilters): Html =>
  html`<form method="get" action="${p.base}/" class="govuk-!-margin-bottom-6" role="search" aria-label="Filter breaches">
${consoleSelect(
  'status',
  'Status',
  [
    ['open', 'Open'],
    ['closed', 'Closed'],
    ['all', 'All'],
  ],
  filters.status,
)}
${consoleSelect('stage', 'Stage', [['', 'Any stage'], ...STAGES.map((stage): [string, string] => [stage, STAGE_TEXT[stage]])], filters.stage)}
${consoleSelect('risk', 'Severity', [['', 'Any severity'], ...RISK_LEVELS.map((level): [string, string] => [level, RISK_TEXT[level]])], filters.risk)}
${consoleSelect(
  'urgency',
  'Deadlines',
  [
    ['', 'Any'],
    ['overdue', 'Overdue'],
    ['due-soon', 'Due soon'],
  ],
  filters.urgency,
)}
<div class="govuk-form-group govuk-!-display-inline-block govuk-!-margin-right-4"><label class="govuk-label" for="q">Search by reference or words</label><input class="govuk-input govuk-input--width-20" id="q" name="q" type="search" value="${filters.q ?? ''}"></div>
<div class="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4" data-module="govuk-checkboxes"><div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="mine" name="mine" type="checkbox" value="yes"${filters.mine ? html` checked` : undefined}><label class="govuk-label govuk-checkboxes__label" for="mine">Only those waiting for me</label></div></div>
${button('Apply filters', { secondary: true })}
</form>`;

export const renderDashboard = (
  p: ConsolePageBase & { rows: readonly DashboardRow[]; filters: DashboardFilters },
): string => {
  const tz = p.policy.timeZone;
  const rows = p.rows.map((row) => [
    html`<a class="govuk-link" href="${p.base}/breaches/${row.breachId}">${row.breachId}</a>`,
    html`${row.description.length > 120 ? `${row.description.slice(0, 117)}…` : row.description}`,
    STAGE_TEXT[row.stage],
    row.risk
      ? html`${RISK_TEXT[row.risk]}${row.severity ? html`<br><span class="govuk-body-s">${row.severity}</span>` : undefined}`
      : 'Not assessed yet',
    row.next
      ? html`${liveTag(`urgency-${row.breachId}`, URGENCY_TAG[row.urgency].text, URGENCY_TAG[row.urgency].colour)}<br>${row.next.label}: ${countdown(row.next.dueAt, p.now, `urgency-${row.breachId}`)}<br><span class="govuk-body-s">due ${formatInTimeZone(row.next.dueAt, tz)}</span>`
      : tag(URGENCY_TAG[row.urgency].text, URGENCY_TAG[row.urgency].colour),
    row.mine.length > 0
      ? html`Waiting for you: ${row.mine.map((step) => STEP_TITLES[step]).join(', ')}`
      : row.pendingSteps.length > 0
        ? `Waiting for: ${row.pendingSteps.map((step) => STEP_TITLES[step]).join(', ')}`
        : '—',
  ]);
  const content = html`<h1 class="govuk-heading-xl">Breaches</h1>
${filtersForm(p, p.filters)}
${
  rows.length === 0
    ? paragraph('No breach matches these filters.')
    : table({
        caption: `${rows.length} breach${rows.length === 1 ? '' : 'es'}, most urgent first`,
        head: ['Reference', 'What happened', 'Stage', 'Severity', 'Next deadline', 'Decisions'],
        rows,
      })
}`;
  return consolePage(p, 'Breaches', content, false, [COUNTDOWN_SCRIPT]);
};

// ---------------------------------------------------------------------------------------------------------------
// The case page
// ---------------------------------------------------------------------------------------------------------------

const EVENT_TEXT: Partial<Record<BreachEvent['type'], string>> = {
  reported: 'Breach reported',
  'fact-amended': 'Facts amended',
  'workflow-started': 'Procedure started',
  'step-failed': 'A step failed',
  'assessment-computed': 'Risk assessed by the system',
  'decision-requested': 'Decision requested',
  'decision-taken': 'Decision recorded',
};

const actorText = (actor: BreachEvent['actor']): string => {
  switch (actor.kind) {
    case 'person':
      return `${actor.name}, ${actor.role}`;
    case 'reporter':
      return actor.name ? `${actor.name} (reporter)` : 'An anonymous reporter';
    case 'api-client':
      return actor.onBehalfOf
        ? `A system, with the organisation’s API key, for ${actor.onBehalfOf.name}, ${actor.onBehalfOf.role}`
        : 'A system, with the organisation’s API key';
    case 'system':
      return 'Breachdesk';
  }
};

const eventText = (event: BreachEvent): string => {
  const base = EVENT_TEXT[event.type] ?? sentenceCase(words(event.type));
  if (event.type === 'decision-taken' || event.type === 'decision-requested') {
    const step = (event.data as { step: DecisionStep }).step;
    return `${base}: ${STEP_TITLES[step]}`;
  }
  return base;
};

export interface CasePageInput extends ConsolePageBase {
  state: BreachState;
  events: readonly BreachEvent[];
  /** Where its clocks stand, as the dashboard shows it. */
  row: DashboardRow;
  /** The steps waiting for a decision that this person may take now. */
  actions: readonly DecisionStep[];
  /** The organisation's earlier breaches like this one. */
  similar: readonly SimilarIncidentView[];
  /** The evidence section (evidence-pages.ts), when the console keeps evidence. */
  evidence?: Renderable;
  /** The person may add people affected to the list now (subjects-routes.ts). @default false */
  mayAddPeople?: boolean;
  /** The actions, other parties and the authority's side, with the changes this person may record now (case-change-pages.ts). */
  changes?: Renderable;
}

const decisionRows = (state: BreachState, tz: string): Html[][] =>
  (Object.entries(state.decisions) as [DecisionStep, NonNullable<BreachState['decisions'][DecisionStep]>][]).map(
    ([step, decision]) => {
      const data = decision.data as {
        decidedBy: { name: string; role: string };
        rationale?: string;
        conclusion?: string;
      };
      const why = data.rationale ?? ('note' in data && typeof data.note === 'string' ? data.note : '');
      return [
        html`${STEP_TITLES[step]}${data.conclusion ? html`<br><strong>${CONCLUSION_TEXT[data.conclusion as keyof typeof CONCLUSION_TEXT] ?? data.conclusion}</strong>` : undefined}`,
        html`${data.decidedBy.name}, ${data.decidedBy.role}`,
        at(decision.at, tz),
        why ? html`${multiline(why)}` : html`—`,
      ];
    },
  );

export const renderCasePage = (p: CasePageInput): string => {
  const tz = p.policy.timeZone;
  const { state } = p;
  const clockRows = p.row;
  const content = html`<span class="govuk-caption-l">Breach ${state.breachId}</span>
<h1 class="govuk-heading-xl">${STAGE_TEXT[state.stage]}${state.status === 'closed' ? ' (closed)' : ''}</h1>
${clockRows.urgency === 'overdue' ? warningText('A deadline of this breach has passed.') : undefined}
<h2 class="govuk-heading-l">What you can do now</h2>
${
  p.actions.length > 0
    ? html`<ul class="govuk-list">${p.actions.map((step) => html`<li><a class="govuk-link" href="${p.base}/breaches/${state.breachId}/decisions/${step}">${STEP_TITLES[step]}</a></li>`)}</ul>`
    : paragraph(
        state.pendingSteps.length > 0
          ? `Waiting for: ${state.pendingSteps.map((step) => STEP_TITLES[step]).join(', ')}. None of these is yours to take.`
          : 'Nothing is waiting for a decision.',
      )
}
${p.changes}
<h2 class="govuk-heading-l">Deadlines</h2>
${table({
  head: ['Deadline', 'Due', 'Status'],
  rows: clockRows.clocks.map((clock) => [
    clock.label,
    html`${at(clock.dueAt, tz)}${clock.status === 'pending' || clock.status === 'warning' || clock.status === 'missed' ? html`<br><span class="govuk-body-s">${countdown(clock.dueAt, p.now, `clock-${clock.clockId}`)}</span>` : undefined}`,
    html`${liveTag(`clock-${clock.clockId}`, CLOCK_STATUS[clock.status].text, CLOCK_STATUS[clock.status].colour)}${clock.metAt ? html`<br><span class="govuk-body-s">${at(clock.metAt, tz)}</span>` : undefined}`,
  ]),
})}
<h2 class="govuk-heading-l">What happened</h2>
${summaryList(reportRows({ state }, tz))}
${recommendationSection(state.assessment)}
<h2 class="govuk-heading-l">Decisions</h2>
${
  Object.keys(state.decisions).length > 0
    ? table({ head: ['Decision', 'Who', 'When', 'Why'], rows: decisionRows(state, tz) })
    : paragraph('No decision has been recorded yet.')
}
${peopleAffectedSection({ base: p.base, state, mayAdd: p.mayAddPeople === true, mayNotify: p.actions.includes('notify-subjects') })}
${caseDocumentsSection({ base: p.base, state, timeZone: tz })}
${caseReviewSection({ base: p.base, breachId: state.breachId, similar: p.similar, timeZone: tz })}
${p.evidence}
<h2 class="govuk-heading-l">Timeline</h2>
${table({
  head: ['When', 'What', 'Who'],
  rows: p.events.map((event) => [at(event.at, tz), eventText(event), actorText(event.actor)]),
})}`;
  return consolePage(p, `Breach ${state.breachId}`, content, false, [COUNTDOWN_SCRIPT]);
};

// ---------------------------------------------------------------------------------------------------------------
// A step's form
// ---------------------------------------------------------------------------------------------------------------

export interface StepPageInput extends ConsolePageBase {
  state: BreachState;
  step: DecisionStep;
  placed: readonly PlacedField[];
  values: URLSearchParams;
  errors: FormErrors;
  ctx: FormContext;
  submit: string;
  /** The role the person acts in, said above the button. */
  actingAs: string;
}

export const renderStepPage = (p: StepPageInput): string => {
  const hasErrors = p.errors.summary.length > 0;
  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${hasErrors ? errorSummary(p.errors.summary) : undefined}
<span class="govuk-caption-l">Breach ${p.state.breachId}</span>
<h1 class="govuk-heading-xl">${STEP_TITLES[p.step]}</h1>
${p.step === 'decide' ? recommendationSection(p.state.assessment) : undefined}
<form method="post" novalidate action="${p.base}/breaches/${p.state.breachId}/decisions/${p.step}">
${hiddenInput(CSRF_FIELD, p.csrfToken)}
${renderFields({ step: p.step, ctx: p.ctx, placed: p.placed, values: p.values, errors: p.errors.byName })}
${insetText(`This decision is recorded as taken by ${p.session.name}, ${p.actingAs}.`)}
${button(p.submit)}
</form>
<p class="govuk-body"><a class="govuk-link" href="${p.base}/breaches/${p.state.breachId}">Back to the breach</a></p>
</div></div>`;
  return page(p, `${STEP_TITLES[p.step]} – breach ${p.state.breachId}`, content, hasErrors);
};

// ---------------------------------------------------------------------------------------------------------------
// Around signing in
// ---------------------------------------------------------------------------------------------------------------

const plainPage = (assetsPath: string, title: string, content: Renderable): string =>
  renderLayout({
    title,
    assetsPath,
    content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds"><h1 class="govuk-heading-l">${title}</h1>${content}</div></div>`,
  });

export const signedOutPage = (assetsPath: string, base: string): string =>
  plainPage(
    assetsPath,
    'You have signed out',
    paragraph(
      html`Your session has ended on this and every other device using it. <a class="govuk-link" href="${base}/sign-in">Sign in again</a>.`,
    ),
  );

export const signInFailedPage = (assetsPath: string, base: string): string =>
  plainPage(
    assetsPath,
    'You could not be signed in',
    html`${paragraph('The sign-in was not finished, took too long, was started in another browser, or your account is not set up in Breachdesk.')}${paragraph(html`<a class="govuk-link" href="${base}/sign-in">Try signing in again</a>. If it keeps failing, ask your Breachdesk administrator to add you.`)}`,
  );

export const signInUnavailablePage = (assetsPath: string, base: string): string =>
  plainPage(
    assetsPath,
    'Sign-in is unavailable',
    html`${paragraph('Breachdesk cannot reach the sign-in service just now. Nothing was changed.')}${paragraph(html`<a class="govuk-link" href="${base}/sign-in">Try signing in again</a> in a few minutes. If it keeps failing, tell your Breachdesk administrator.`)}`,
  );

export const forbiddenPage = (assetsPath: string, message: string): string =>
  plainPage(assetsPath, 'You cannot do this', paragraph(message));

export const consoleNotFoundPage = (assetsPath: string, base: string): string =>
  plainPage(
    assetsPath,
    'Page not found',
    paragraph(
      html`There is no such page or breach for your organisation. <a class="govuk-link" href="${base}/">Go to the dashboard</a>.`,
    ),
  );

export const forgedFormPage = (assetsPath: string): string =>
  plainPage(
    assetsPath,
    'The form could not be accepted',
    paragraph(
      'The form was not sent from this session’s page, or the session has changed since. Nothing was recorded. Go back, reload the page and send it again.',
    ),
  );
