import { type Deadline, formatInTimeZone } from '../domain/clocks';
import type { OrganisationPolicy } from '../domain/policy';
import {
  bulletList,
  button,
  errorSummary,
  hiddenInput,
  insetText,
  panel,
  paragraph,
  type SummaryRow,
  summaryList,
  warningText,
} from './components';
import { CSRF_FIELD, flattenPlaced, NO_ERRORS, type PlacedField, type RenderContext, renderField } from './forms';
import { type Html, html, type Renderable } from './html';
import { renderLayout } from './layout';
import { FIRST_MINUTES_FIELDS } from './report-first-minutes';
import { defaultReportFormValues, placeReportFields, type ReportFormErrors } from './report-form-fields';

/**
 * The hosted report form (GET and POST /report/{organisation}) and every page a submission can end on. Rendering
 * only: the handler read the organisation and the form, and nothing here reads or writes anything.
 *
 * One page. First what a member of staff knows in the first minutes — what happened, when they found out, what data,
 * whose and roughly how many — the only questions an empty form is sent back for; then, folded under “Tell us more now,
 * if you know it”, the rest of the story in numbered parts, every answer optional: what is left out is recorded as not
 * yet known (report-first-minutes.ts) and the DPO completes it in the case. Without JavaScript the fold is a native
 * `<details>`, so the page a frightened member of staff first sees is short.
 */

export { CSRF_FIELD };

/** The hidden field with the form's key, minted when the page was shown: a double submit records one breach. */
export const FORM_KEY_FIELD = 'formKey';

export interface ReportFormOrganisation {
  id: string;
  name: string;
  policy: Pick<OrganisationPolicy, 'timeZone' | 'dpo' | 'supervisoryAuthority' | 'role'>;
}

interface PageOptions {
  /** @default '/assets' */
  assetsPath?: string;
}

export interface ReportFormPageInput extends PageOptions {
  organisation: ReportFormOrganisation;
  csrfToken: string;
  formKey: string;
  /** What the inputs hold: the defaults on a fresh page, everything that was typed when it comes back. */
  values: URLSearchParams;
  errors?: ReportFormErrors;
  /** A problem with the form as a whole, listed first in the error summary (it could not be accepted). */
  formProblem?: string;
}

interface Section {
  id: string;
  heading: string;
  hint?: string;
  /** The questions at the top of the part; follow-ups are placed under the radio answer they belong to. */
  fields: readonly string[];
}

/** The first part: what a member of staff knows in the first minutes. The only one shown open on a fresh form. */
export const FIRST_MINUTES_SECTION: Section = {
  id: 'first-minutes',
  heading: 'What you know now',
  hint: 'Answer these now, even roughly. Your data protection officer completes the rest with you.',
  fields: FIRST_MINUTES_FIELDS,
};

/** The rest of the story, under “Tell us more now, if you know it”: every answer optional. */
export const MORE_SECTIONS: readonly Section[] = [
  {
    id: 'what-happened',
    heading: 'More about what happened',
    fields: [
      'cause.category',
      'cause.detail',
      'location',
      'malicious',
      'recipient',
      'responsibleRole',
      'staffTraining.completed',
      'staffTraining.detail',
      'cyberImpact.impact',
      'cyberImpact.recoveryTime',
    ],
  },
  {
    id: 'when',
    heading: 'When it happened and how you found out',
    fields: ['occurred.kind', 'suspected', 'discovery.channel', 'discovery.detail'],
  },
  {
    id: 'what-data',
    heading: 'More about the data',
    fields: ['protection.kind', 'approximateRecords'],
  },
  {
    id: 'whose-data',
    heading: 'More about the people',
    fields: [
      'sensitiveData.subjects',
      'sensitiveData.nature',
      'contactDetailsHeld',
      'organisationRole.role',
      'thirdPartyData.involved',
      'likelyConsequences',
    ],
  },
  {
    id: 'what-done',
    heading: 'What has been done',
    fields: [
      'containment.contained',
      'containment.how',
      'recovery',
      'restoration',
      'unavailability.disruption',
      'unavailability.hours',
      'passwordStorage',
      'misuse.underWay',
      'misuse.targetedIndividual',
      'incident.nis2Significant',
      'incident.doraMajor',
      'police.informed',
      'actionsTaken',
    ],
  },
  {
    id: 'about-you',
    heading: 'About you',
    hint: 'You can stay anonymous.',
    fields: ['reporter.anonymised', 'reporter.role'],
  },
];

export const REPORT_SECTIONS: readonly Section[] = [FIRST_MINUTES_SECTION, ...MORE_SECTIONS];

/**
 * Whether “tell us more” opens: when one of its answers has a problem, or holds something the person typed or chose
 * (a form sent back keeps it in view). The organisation's usual role, chosen for them, does not count.
 */
const moreIsOpen = (
  placed: ReadonlyMap<string, PlacedField<undefined>>,
  values: URLSearchParams,
  errors: ReadonlyMap<string, unknown>,
  defaults: URLSearchParams,
): boolean => {
  const names = flattenPlaced(
    MORE_SECTIONS.flatMap((part) => part.fields.flatMap((name) => placed.get(name) ?? [])),
  ).map((field) => field.name);
  const inMore = (key: string) => names.some((name) => key === name || key.startsWith(`${name}.`));
  if ([...errors.keys()].some(inMore)) return true;
  return [...values.entries()].some(
    ([key, value]) => inMore(key) && value.trim() !== '' && defaults.get(key) !== value,
  );
};

const section = (
  index: number,
  part: Section,
  placed: ReadonlyMap<string, PlacedField<undefined>>,
  r: RenderContext<undefined>,
): Html => {
  const hintId = `${part.id}-hint`;
  return html`<fieldset class="govuk-fieldset govuk-!-margin-bottom-8" id="${part.id}"${part.hint ? html` aria-describedby="${hintId}"` : undefined}><legend class="govuk-fieldset__legend govuk-fieldset__legend--l"><h2 class="govuk-fieldset__heading">${index + 1}. ${part.heading}</h2></legend>${part.hint ? html`<div id="${hintId}" class="govuk-hint">${part.hint}</div>` : undefined}${part.fields.map(
    (name) => {
      const field = placed.get(name);
      return field ? renderField(field, r) : undefined;
    },
  )}</fieldset>`;
};

const layoutOptions = (options: PageOptions) => (options.assetsPath ? { assetsPath: options.assetsPath } : {});

/** The form, fresh or with the problems of a submission that did not hold; every answer is kept as it was typed. */
export const renderReportForm = (input: ReportFormPageInput): string => {
  const { organisation, values } = input;
  const errors = input.errors ?? NO_ERRORS;
  const placed = new Map(placeReportFields(values).map((field) => [field.name, field]));
  const render: RenderContext<undefined> = { ctx: undefined, values, errors: errors.byName };
  const summary = [...(input.formProblem ? [{ text: input.formProblem }] : []), ...errors.summary];
  const hasErrors = summary.length > 0;
  const authority = organisation.policy.supervisoryAuthority.name;
  const dpo = organisation.policy.dpo;

  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${hasErrors ? errorSummary(summary) : undefined}
<span class="govuk-caption-l">${organisation.name}</span>
<h1 class="govuk-heading-xl">Report a personal data breach</h1>
${paragraph(
  'Use this form to tell your data protection officer about personal information that has been lost, stolen, seen by someone who should not have seen it, changed without permission, or made unavailable.',
  'govuk-body-l',
)}
${paragraph(`Report it now, even if you do not know everything yet: your organisation may have to tell the ${authority} within 72 hours of finding out. The first questions are all you need to answer; add more if you know it.`)}
${warningText('If it is still happening and you can safely stop it, do that first: for example recall the e-mail, or ask the person who received it to delete it.')}
${insetText('Do not put the personal data itself in this form, such as the names of the people affected. Describe it instead, for example “the names and addresses of 30 pupils”.')}
<form method="post" novalidate id="report-form">
${hiddenInput(CSRF_FIELD, input.csrfToken)}
${hiddenInput(FORM_KEY_FIELD, input.formKey)}
${section(0, FIRST_MINUTES_SECTION, placed, render)}
<details class="govuk-details" id="more"${moreIsOpen(placed, values, errors.byName, defaultReportFormValues(organisation.policy)) ? html` open` : undefined}><summary class="govuk-details__summary"><span class="govuk-details__summary-text">Tell us more now, if you know it (optional)</span></summary><div class="govuk-details__text">
${paragraph('Anything you leave out, your data protection officer finds out and adds to the case.')}
${MORE_SECTIONS.map((part, index) => section(index + 1, part, placed, render))}
</div></details>
<h2 class="govuk-heading-m">Send your report</h2>
${paragraph(`When you send it, your data protection officer, ${dpo.name}, is told straight away by e-mail.`)}
${button('Send report')}
</form>
</div></div>`;

  return renderLayout({
    title: `Report a personal data breach – ${organisation.name}`,
    hasErrors,
    ...layoutOptions(input),
    content,
  });
};

// ---------------------------------------------------------------------------------------------------------------
// After sending
// ---------------------------------------------------------------------------------------------------------------

export interface ReportConfirmationInput extends PageOptions {
  organisation: ReportFormOrganisation;
  breachId: string;
  awareAt: string;
  deadlines: readonly Deadline[];
  /** 'pending' when the procedure could not be started yet: the report is recorded, the DPO not yet mailed. */
  workflow: 'started' | 'pending';
  /** Whether the reporter stayed anonymous: then nobody can come back to them with questions. */
  anonymous: boolean;
  now: Date;
  /** Where the form is, for "report another breach". */
  formPath: string;
}

const deadlineSection = (input: ReportConfirmationInput): Html => {
  const { timeZone, supervisoryAuthority } = input.organisation.policy;
  const authority = input.deadlines.find((deadline) => deadline.clockId === 'authority');
  const passed = authority !== undefined && Date.parse(authority.dueAt) < input.now.getTime();
  const rows: SummaryRow[] = [
    { key: 'You found out', value: formatInTimeZone(input.awareAt, timeZone) },
    ...input.deadlines.map((deadline) => ({ key: deadline.label, value: formatInTimeZone(deadline.dueAt, timeZone) })),
  ];
  return html`<h2 class="govuk-heading-m">The 72-hour deadline</h2>
${
  authority
    ? html`${paragraph(html`If the breach must be reported to the ${supervisoryAuthority.name}, that must happen by <strong>${formatInTimeZone(authority.dueAt, timeZone)}</strong>. Your data protection officer decides whether it must.`)}${
        passed
          ? warningText(
              'This deadline has already passed, so the report will have to say why it is late. Tell your data protection officer anything you know straight away.',
            )
          : undefined
      }`
    : undefined
}
${summaryList(rows)}`;
};

/** 200: the report is recorded. The reference is the one thing to keep; then what happens next, in order. */
export const renderReportConfirmation = (input: ReportConfirmationInput): string => {
  const { dpo } = input.organisation.policy;
  // A placeholder DPO may be named by their role ("Data Protection Officer"): the role is not said twice.
  const dpoContact = html`${dpo.name}${dpo.role && dpo.role !== dpo.name ? `, ${dpo.role}` : ''} (<a class="govuk-link" href="mailto:${dpo.email}">${dpo.email}</a>)`;
  const next: Renderable[] = [
    input.workflow === 'started'
      ? html`Your data protection officer, ${dpoContact}, has been told by e-mail and will decide what needs to be done.`
      : html`Your report is saved, and your data protection officer, ${dpoContact}, will be told by e-mail shortly. If it is urgent, contact them now as well.`,
    input.anonymous
      ? 'You stayed anonymous, so nobody can contact you about this report. If you remember or find out anything more, tell your data protection officer and quote the reference.'
      : 'They may contact you to ask about what happened. If you find out anything more, tell them and quote the reference.',
    'Do not try to investigate it yourself, and do not delete anything that shows what happened.',
  ];
  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${panel('Report sent', html`Your reference<br><strong>${input.breachId}</strong>`)}
${paragraph('Keep this reference: quote it if you are asked about the breach or find out more.')}
${deadlineSection(input)}
<h2 class="govuk-heading-m">What happens next</h2>
${bulletList(next)}
${paragraph(html`<a class="govuk-link" href="${input.formPath}">Report another breach</a>`)}
</div></div>`;
  return renderLayout({ title: 'Report sent', ...layoutOptions(input), content });
};

// ---------------------------------------------------------------------------------------------------------------
// Pages for what went wrong
// ---------------------------------------------------------------------------------------------------------------

export interface ReportPage {
  statusCode: number;
  body: string;
}

const simplePage = (statusCode: number, title: string, content: Renderable, options: PageOptions): ReportPage => ({
  statusCode,
  body: renderLayout({
    title,
    ...layoutOptions(options),
    content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds"><h1 class="govuk-heading-l">${title}</h1>${content}</div></div>`,
  }),
});

const ASK_DPO =
  'If you need to report a breach now, tell your organisation’s data protection officer (DPO) directly, by phone or e-mail.';

/** 404: no organisation has this form. Malformed and unknown ids get the same page, so guessing learns nothing. */
export const formNotFoundPage = (options: PageOptions = {}): ReportPage =>
  simplePage(
    404,
    'Page not found',
    html`${paragraph('If you typed the web address, check it is correct. If you followed a link, it may be out of date: ask your data protection officer for the right link to report a breach.')}${paragraph(ASK_DPO)}`,
    options,
  );

/** 422: the form's key was already used for a different report (sent, then changed and sent again). */
export const alreadySentPage = (breachId: string, options: PageOptions = {}): ReportPage =>
  simplePage(
    422,
    'This form has already been sent',
    html`${paragraph(html`The report from this form was recorded with the reference <strong>${breachId}</strong>. The changes you made afterwards were not recorded.`)}${paragraph('To add to or correct the report, tell your data protection officer and quote the reference. If this is a different breach, open the form again and start a new report.')}`,
    options,
  );

/** 413 and 415: the request is not what the form sends. */
export const unreadableReportPage = (statusCode: 413 | 415, options: PageOptions = {}): ReportPage =>
  simplePage(
    statusCode,
    'The form could not be read',
    html`${paragraph(statusCode === 413 ? 'The answers were too long to accept. Go back, shorten the longest answers, and send the form again.' : 'The form was not sent in the way this page sends it.')}${paragraph('Nothing has been recorded. Use your browser’s back button: your answers should still be there.')}`,
    options,
  );

/** 405: a method the form does not answer. */
export const reportMethodNotAllowedPage = (options: PageOptions = {}): ReportPage =>
  simplePage(405, 'This page cannot do that', paragraph('Open the form’s link in a web browser.'), options);

/**
 * 500 and other failures. The report may or may not be recorded, so the page says how to make sure: sending the same
 * form again cannot make a second report, because its key says which report it is.
 */
export const reportErrorPage = (options: PageOptions & { requestId?: string } = {}): ReportPage =>
  simplePage(
    500,
    'Sorry, there is a problem with the service',
    html`${paragraph('Your report may not have been recorded. Go back in your browser and send the form again: sending the same form twice does not make two reports.')}${paragraph(ASK_DPO)}${options.requestId ? paragraph(`If you report this problem, quote this reference: ${options.requestId}`, 'govuk-body-s') : undefined}`,
    options,
  );

/** Every field placed on the page: at the top of a part, or under an answer. For the tests of completeness. */
export const placedFieldNames = (): string[] => {
  const placed = placeReportFields(new URLSearchParams());
  const inSections = new Set(REPORT_SECTIONS.flatMap((part) => part.fields));
  return flattenPlaced(placed.filter((field) => inSections.has(field.name))).map((field) => field.name);
};
