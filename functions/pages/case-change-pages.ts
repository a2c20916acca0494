import { formatInTimeZone } from '../domain/clocks';
import { otherPartiesFor } from '../domain/other-parties';
import type { BreachState } from '../domain/state';
import {
  AMENDABLE_FACTS,
  AUTHORITY_OUTCOME_TEXT,
  CASE_CHANGE_FORMS,
  type CaseChange,
  type CaseChangeContext,
  CHANNEL_TEXT,
  factLabel,
  otherStages,
} from './case-change-forms';
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
import { type ConsolePageBase, consolePage } from './console-pages';
import { CSRF_FIELD, type FormErrors, type PlacedField, renderFields } from './forms';
import { type Html, html, multiline, type Renderable } from './html';
import { CONCLUSION_TEXT, PARTY_TEXT, sentenceCase, words } from './labels';

/**
 * The case changes on the console: the case page's section listing the tracked actions, the other parties and the
 * authority's side, with a link to each change that applies now and that this person may make; and the page of one
 * change's form. Rendering only: console/case-change-routes.ts reads, checks and records.
 */

const at = (iso: string, timeZone: string): Html =>
  html`<time datetime="${iso}">${formatInTimeZone(iso, timeZone)}</time>`;

/** The address of a change's form for this breach, with its item (an action's id, a party). */
export const caseChangePath = (base: string, breachId: string, change: CaseChange, item?: string): string =>
  `${base}/breaches/${breachId}/${change}${item ? `/${item}` : ''}`;

/** The changes of the whole case (not item by item) that the case page links, in the order of what matters most. */
const CASE_WIDE: readonly CaseChange[] = [
  'amendments',
  'authority-outcome',
  'authority-exchanges',
  'not-a-breach',
  'revisions',
  'investigator',
  'access-codes',
  'receipts',
  'links',
];

const ACTION_STATUS: Record<NonNullable<BreachState['actions']>[number]['status'], Html> = {
  open: tag('Open', 'blue'),
  complete: tag('Complete', 'green'),
  accepted: tag('Not done, accepted', 'grey'),
};

export interface CaseChangesSectionInput extends ConsolePageBase {
  ctx: CaseChangeContext;
  /** Which changes this person may make now (their roles, and the step's authority for not-a-breach). */
  may: (change: CaseChange) => boolean;
}

/** The case page's section: what can be recorded now, and where the actions, parties and authority stand. */
export const caseChangesSection = (p: CaseChangesSectionInput): Html => {
  const { state, policy } = p.ctx;
  const tz = policy.timeZone;
  const path = (change: CaseChange, item?: string) => caseChangePath(p.base, state.breachId, change, item);
  const offered = CASE_WIDE.filter((change) => p.may(change) && CASE_CHANGE_FORMS[change].applies(p.ctx));
  const actions = state.actions ?? [];
  const parties = state.decisions.decide ? otherPartiesFor(state, policy) : [];
  const authority = state.authorityCase;
  const stages = otherStages(p.ctx);
  const mayRecordStages = p.may('obligation-stages') && state.status !== 'closed';
  const mayCloseActions = p.may('actions') && state.status !== 'closed';
  const mayDecideParties = p.may('other-parties') && state.status !== 'closed';
  const requested = state.status === 'closed' ? undefined : state.revisionRequested;
  return html`${
    requested
      ? warningText(
          html`A reassessment now recommends “${CONCLUSION_TEXT[requested.recommendedConclusion]}” against the decision “${CONCLUSION_TEXT[requested.decidedConclusion]}”: revise the decision, or confirm it with reasons, before the case closes.${p.may('revisions') ? html` <a class="govuk-link" href="${path('revisions')}">Revise the decision</a>` : undefined}`,
        )
      : undefined
  }${
    offered.length > 0
      ? html`<h2 class="govuk-heading-m">Record what happened since</h2><ul class="govuk-list">${offered.map(
          (change) =>
            html`<li><a class="govuk-link" href="${path(change)}">${CASE_CHANGE_FORMS[change].title(p.ctx)}</a></li>`,
        )}</ul>`
      : undefined
  }
<h2 class="govuk-heading-l" id="actions">Actions</h2>
${
  actions.length === 0
    ? paragraph(
        'No action is tracked yet. The authority’s required actions and the evaluation’s recommendations are listed here.',
      )
    : table({
        caption: 'Each must be complete, or not done with reasons accepted, before the case closes',
        head: ['Action', 'Owner', 'Due', 'Status'],
        rows: actions.map((action) => [
          html`<strong>${action.actionId}</strong> ${action.title}`,
          html`${action.owner.name}${action.owner.role ? html`, ${action.owner.role}` : undefined}`,
          action.dueAt ? at(action.dueAt, tz) : '—',
          action.status === 'open'
            ? html`${ACTION_STATUS.open}${mayCloseActions ? html`<br><a class="govuk-link" href="${path('actions', action.actionId)}">Complete or accept<span class="govuk-visually-hidden"> action ${action.actionId}</span></a>` : undefined}`
            : html`${ACTION_STATUS[action.status]}${action.closed ? html`<br><span class="govuk-body-s">${action.closed.by.name}, ${action.closed.by.role}, ${at(action.closed.at, tz)}: ${action.closed.note}</span>` : undefined}`,
        ]),
      })
}
${
  parties.length > 0
    ? html`<h2 class="govuk-heading-l" id="other-parties">Other parties</h2>${table({
        head: ['Party', 'Status'],
        rows: parties.map((item) => [
          PARTY_TEXT[item.party],
          html`${
            item.status === 'told'
              ? tag('Told', 'green')
              : item.status === 'not-told'
                ? tag('Not told', 'grey')
                : tag('To decide', 'yellow')
          }${'note' in item && item.note ? html`<br><span class="govuk-body-s">${item.note}</span>` : undefined}${
            mayDecideParties
              ? html`<br><a class="govuk-link" href="${path('other-parties', item.party)}">${item.status === 'pending' ? 'Record whether told' : 'Change'}<span class="govuk-visually-hidden">: ${PARTY_TEXT[item.party]}</span></a>`
              : undefined
          }`,
        ]),
      })}`
    : undefined
}
${
  stages.length > 0
    ? html`<h2 class="govuk-heading-l" id="obligations">Other obligations</h2>${table({
        head: ['To', 'What', 'Due', 'Sent'],
        rows: stages.map((stage, index) => {
          const sentAt = state.obligationsSent?.[stage.key];
          return [
            stage.to,
            stage.label,
            at(stage.dueAt, tz),
            sentAt
              ? at(sentAt, tz)
              : mayRecordStages
                ? html`<a class="govuk-link" href="${path('obligation-stages', String(index))}">Record as sent<span class="govuk-visually-hidden">: ${stage.label}, ${stage.to}</span></a>`
                : 'Not yet',
          ];
        }),
      })}`
    : undefined
}
${
  authority
    ? html`<h2 class="govuk-heading-l" id="authority">The authority</h2>${summaryList([
        { key: 'Case reference', value: authority.caseReference ?? 'None given yet' },
        {
          key: 'Outcome',
          value: authority.outcome
            ? html`${AUTHORITY_OUTCOME_TEXT[authority.outcome.outcome]}, ${at(authority.outcome.at, tz)}<br>${multiline(authority.outcome.summary)}`
            : 'Not recorded yet',
        },
      ])}${
        authority.exchanges.length > 0
          ? table({
              caption: 'Exchanges with the authority',
              head: ['When', 'Direction', 'How', 'What was said'],
              rows: authority.exchanges.map((exchange) => [
                at(exchange.at, tz),
                exchange.direction === 'in' ? 'From the authority' : 'To the authority',
                CHANNEL_TEXT[exchange.channel],
                html`${multiline(exchange.summary)}`,
              ]),
            })
          : undefined
      }`
    : undefined
}`;
};

export interface CaseChangePageInput extends ConsolePageBase {
  change: CaseChange;
  ctx: CaseChangeContext;
  /** The form's address (with its item). */
  action: string;
  placed: readonly PlacedField<CaseChangeContext>[];
  values: URLSearchParams;
  errors: FormErrors;
  /** Who the change is recorded as: the signed-in person and the role they act in. */
  actingAs: string;
  /** What the form is about, above it (the action to close, who may close it). */
  intro?: Renderable;
}

export const renderCaseChangePage = (p: CaseChangePageInput): string => {
  const form = CASE_CHANGE_FORMS[p.change];
  const title = form.title(p.ctx);
  const hasErrors = p.errors.summary.length > 0;
  const breachId = p.ctx.state.breachId;
  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${hasErrors ? errorSummary(p.errors.summary) : undefined}
<span class="govuk-caption-l">Breach ${breachId}</span>
<h1 class="govuk-heading-xl">${title}</h1>
${p.intro}
<form method="post" novalidate action="${p.action}">
${hiddenInput(CSRF_FIELD, p.csrfToken)}
${renderFields(p.placed, { ctx: p.ctx, values: p.values, errors: p.errors.byName })}
${insetText(`This is recorded as done by ${p.session.name}, ${p.actingAs}.`)}
${button(form.submit)}
</form>
<p class="govuk-body"><a class="govuk-link" href="${p.base}/breaches/${breachId}">Back to the breach</a></p>
</div></div>`;
  return consolePage(p, `${title} – breach ${breachId}`, content, hasErrors);
};

/** A recorded fact in words: an instant in the organisation's zone, codes through the vocabulary, lists joined. */
const factText = (value: unknown, timeZone: string): string => {
  if (value === undefined || value === null || value === '') return 'Not given';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return formatInTimeZone(value, timeZone);
    return /^[a-z0-9-]+$/.test(value) ? sentenceCase(words(value)) : value;
  }
  if (Array.isArray(value)) return value.length === 0 ? 'None' : value.map((v) => factText(v, timeZone)).join(', ');
  return Object.values(value as Record<string, unknown>)
    .map((v) => factText(v, timeZone))
    .join('; ');
};

/** The facts as they now stand, each with a link to amend it: GOV.UK's "check answers" pattern. */
export const renderFactsPage = (p: ConsolePageBase & { state: BreachState }): string => {
  const { state } = p;
  const tz = p.policy.timeZone;
  const report = new Map<string, unknown>(Object.entries(state.report));
  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<span class="govuk-caption-l">Breach ${state.breachId}</span>
<h1 class="govuk-heading-xl">Amend the facts</h1>
${paragraph('Choose the fact that is wrong or now known. Each amendment is recorded with who made it and why; the report as first received stays in the record, and the risk is assessed again.')}
<dl class="govuk-summary-list">${AMENDABLE_FACTS.map(
    (fact) =>
      html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${factLabel(fact)}</dt><dd class="govuk-summary-list__value">${factText(report.get(fact), tz)}</dd><dd class="govuk-summary-list__actions"><a class="govuk-link" href="${caseChangePath(p.base, state.breachId, 'amendments', fact)}">Change<span class="govuk-visually-hidden"> ${factLabel(fact).toLowerCase()}</span></a></dd></div>`,
  )}</dl>
<p class="govuk-body"><a class="govuk-link" href="${p.base}/breaches/${state.breachId}">Back to the breach</a></p>
</div></div>`;
  return consolePage(p, `Amend the facts – breach ${state.breachId}`, content);
};
