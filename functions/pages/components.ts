import { Html, html, type Renderable, tokens } from './html';

/**
 * GOV.UK Design System components (govuk-frontend 5) as typed functions returning Html, written out as the
 * components' Nunjucks templates render them, without the JavaScript: every page here works with none, as the
 * Content-Security-Policy allows none. Values are escaped by `html`; ids are made by the caller with `fieldId`.
 */

/** An id for a field name: `decidedBy.name` → `decidedBy-name`, `parties[0].party` → `parties-0-party`. */
export const fieldId = (name: string): string =>
  name
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(?=\d)/, 'f-');

export type LegendSize = 'xl' | 'l' | 'm' | 's';

const errorMessage = (id: string, error: string | undefined): Html | undefined =>
  error === undefined
    ? undefined
    : html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${error}</p>`;

const hintFor = (id: string, hint: Renderable): Html | undefined =>
  hint === undefined || hint === '' ? undefined : html`<div id="${id}-hint" class="govuk-hint">${hint}</div>`;

const describedBy = (id: string, hint: Renderable, error: string | undefined): string =>
  tokens(hint !== undefined && hint !== '' && `${id}-hint`, error !== undefined && `${id}-error`);

const ariaDescribedBy = (ids: string): Html | undefined => (ids === '' ? undefined : html` aria-describedby="${ids}"`);

const formGroup = (error: string | undefined, content: Renderable, extra?: string): Html =>
  html`<div class="${tokens('govuk-form-group', error !== undefined && 'govuk-form-group--error', extra)}">${content}</div>`;

export interface SummaryRow {
  key: Renderable;
  value: Renderable;
}

export const summaryList = (rows: readonly SummaryRow[], options: { noBorder?: boolean } = {}): Html =>
  html`<dl class="${tokens('govuk-summary-list', options.noBorder && 'govuk-summary-list--no-border')}">${rows.map(
    (row) =>
      html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${row.key}</dt><dd class="govuk-summary-list__value">${row.value}</dd></div>`,
  )}</dl>`;

export const insetText = (content: Renderable): Html => html`<div class="govuk-inset-text">${content}</div>`;

export const warningText = (content: Renderable): Html =>
  html`<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> ${content}</strong></div>`;

export interface ErrorSummaryItem {
  text: string;
  /** The field to jump to, `#<id of its first input>`; without one the item is plain text. */
  href?: string;
}

/** Listed in the order of the fields on the page; each links to its field, as the Design System asks. */
export const errorSummary = (items: readonly ErrorSummaryItem[], title = 'There is a problem'): Html =>
  html`<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert"><h2 class="govuk-error-summary__title">${title}</h2><div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">${items.map(
    (item) => html`<li>${item.href ? html`<a href="${item.href}">${item.text}</a>` : item.text}</li>`,
  )}</ul></div></div></div>`;

interface FieldOptions {
  id: string;
  name: string;
  label: Renderable;
  hint?: Renderable;
  error?: string | undefined;
  /** Shows the label as a page heading size, for a one-question page or a prominent field. */
  labelClass?: string;
}

export interface TextInputOptions extends FieldOptions {
  value?: string | undefined;
  type?: 'text' | 'email';
  /** A GOV.UK width class suffix: 'width-2', 'width-10', 'one-half'… (fixed widths hint at the expected length). */
  width?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'email' | 'text';
  spellcheck?: boolean;
}

export const textInput = (o: TextInputOptions): Html => {
  const ids = describedBy(o.id, o.hint, o.error);
  const widthClass = o.width
    ? o.width.startsWith('width-')
      ? `govuk-input--${o.width}`
      : `govuk-!-width-${o.width}`
    : '';
  return formGroup(
    o.error,
    html`<label class="${tokens('govuk-label', o.labelClass)}" for="${o.id}">${o.label}</label>${hintFor(o.id, o.hint)}${errorMessage(o.id, o.error)}<input class="${tokens('govuk-input', widthClass, o.error !== undefined && 'govuk-input--error')}" id="${o.id}" name="${o.name}" type="${o.type ?? 'text'}"${o.value !== undefined && o.value !== '' ? html` value="${o.value}"` : undefined}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : undefined}${o.inputmode ? html` inputmode="${o.inputmode}"` : undefined}${o.spellcheck === false ? html` spellcheck="false"` : undefined}${ariaDescribedBy(ids)}>`,
  );
};

export interface TextareaOptions extends FieldOptions {
  value?: string | undefined;
  rows?: number;
}

export const textarea = (o: TextareaOptions): Html => {
  const ids = describedBy(o.id, o.hint, o.error);
  // The leading newline is swallowed by the HTML parser, so a value that starts with one keeps it.
  return formGroup(
    o.error,
    html`<label class="${tokens('govuk-label', o.labelClass)}" for="${o.id}">${o.label}</label>${hintFor(o.id, o.hint)}${errorMessage(o.id, o.error)}<textarea class="${tokens('govuk-textarea', o.error !== undefined && 'govuk-textarea--error')}" id="${o.id}" name="${o.name}" rows="${o.rows ?? 5}"${ariaDescribedBy(ids)}>\n${o.value ?? ''}</textarea>`,
  );
};

export interface ChoiceItem {
  value: string;
  text: Renderable;
  hint?: Renderable;
}

interface ChoiceOptions {
  /** The first input's id; later ones get `-2`, `-3`… (the first is where an error summary link lands). */
  id: string;
  name: string;
  legend: Renderable;
  legendSize?: LegendSize;
  hint?: Renderable;
  error?: string | undefined;
  items: readonly ChoiceItem[];
  inline?: boolean;
  small?: boolean;
}

const choiceId = (id: string, index: number) => (index === 0 ? id : `${id}-${index + 1}`);

const legendFor = (legend: Renderable, size: LegendSize | undefined): Html =>
  html`<legend class="${tokens('govuk-fieldset__legend', size && `govuk-fieldset__legend--${size}`)}">${legend}</legend>`;

const choices = (kind: 'radios' | 'checkboxes', o: ChoiceOptions, isChecked: (value: string) => boolean): Html => {
  const type = kind === 'radios' ? 'radio' : 'checkbox';
  const ids = describedBy(o.id, o.hint, o.error);
  const list = html`<div class="${tokens(`govuk-${kind}`, o.inline && `govuk-${kind}--inline`, o.small && `govuk-${kind}--small`)}" data-module="govuk-${kind}">${o.items.map(
    (item, index) => {
      const id = choiceId(o.id, index);
      const itemHint = item.hint === undefined ? undefined : `${id}-item-hint`;
      return html`<div class="govuk-${kind}__item"><input class="govuk-${kind}__input" id="${id}" name="${o.name}" type="${type}" value="${item.value}"${isChecked(item.value) ? html` checked` : undefined}${itemHint ? html` aria-describedby="${itemHint}"` : undefined}><label class="govuk-label govuk-${kind}__label" for="${id}">${item.text}</label>${itemHint ? html`<div id="${itemHint}" class="govuk-hint govuk-${kind}__hint">${item.hint}</div>` : undefined}</div>`;
    },
  )}</div>`;
  return formGroup(
    o.error,
    html`<fieldset class="govuk-fieldset"${ariaDescribedBy(ids)}>${legendFor(o.legend, o.legendSize)}${hintFor(o.id, o.hint)}${errorMessage(o.id, o.error)}${list}</fieldset>`,
  );
};

export const radios = (o: ChoiceOptions & { value?: string | undefined }): Html =>
  choices('radios', o, (value) => value === o.value);

export const checkboxes = (o: ChoiceOptions & { values?: readonly string[] }): Html =>
  choices('checkboxes', o, (value) => o.values?.includes(value) ?? false);

export const DATE_TIME_PARTS = ['day', 'month', 'year', 'hour', 'minute'] as const;
export type DateTimePart = (typeof DATE_TIME_PARTS)[number];

const PART_LABELS: Record<DateTimePart, string> = {
  day: 'Day',
  month: 'Month',
  year: 'Year',
  hour: 'Hour',
  minute: 'Minute',
};

export interface DateTimeInputOptions {
  /** The group's id; inputs are `<id>-day`, `<id>-month`… */
  id: string;
  /** Input names are `<name>.day`, `<name>.month`… */
  name: string;
  legend: Renderable;
  legendSize?: LegendSize;
  hint?: Renderable;
  error?: string | undefined;
  /** The parts to mark as wrong; all of them when the error names none. */
  errorParts?: readonly DateTimePart[];
  values: Partial<Record<DateTimePart, string>>;
}

/**
 * The Design System's date input with hour and minute beside it (24-hour clock): five short boxes rather than a
 * browser date picker, which the Design System found people struggle with, and which some browsers lack.
 */
export const dateTimeInput = (o: DateTimeInputOptions): Html => {
  const ids = describedBy(o.id, o.hint, o.error);
  const inError = (part: DateTimePart) =>
    o.error !== undefined && (o.errorParts === undefined || o.errorParts.length === 0 || o.errorParts.includes(part));
  const items = DATE_TIME_PARTS.map((part) => {
    const value = o.values[part];
    const width = part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2';
    return html`<div class="govuk-date-input__item"><div class="govuk-form-group"><label class="govuk-label govuk-date-input__label" for="${o.id}-${part}">${PART_LABELS[part]}</label><input class="${tokens('govuk-input', 'govuk-date-input__input', width, inError(part) && 'govuk-input--error')}" id="${o.id}-${part}" name="${o.name}.${part}" type="text" inputmode="numeric"${value ? html` value="${value}"` : undefined}></div></div>`;
  });
  return formGroup(
    o.error,
    html`<fieldset class="govuk-fieldset" role="group"${ariaDescribedBy(ids)}>${legendFor(o.legend, o.legendSize ?? 's')}${hintFor(o.id, o.hint)}${errorMessage(o.id, o.error)}<div class="govuk-date-input" id="${o.id}">${items}</div></fieldset>`,
  );
};

export interface FieldsetOptions {
  id: string;
  legend: Renderable;
  legendSize?: LegendSize;
  hint?: Renderable;
  /** A problem with the group as a whole (e.g. the policy requires it), shown above its fields. */
  error?: string | undefined;
  content: Renderable;
}

/** Related fields under one legend (the person signing off: name, role, e-mail). */
export const fieldset = (o: FieldsetOptions): Html => {
  const ids = describedBy(o.id, o.hint, o.error);
  return formGroup(
    o.error,
    html`<fieldset class="govuk-fieldset" id="${o.id}"${ariaDescribedBy(ids)}>${legendFor(o.legend, o.legendSize ?? 'm')}${hintFor(o.id, o.hint)}${errorMessage(o.id, o.error)}${o.content}</fieldset>`,
  );
};

export const hiddenInput = (name: string, value: string): Html =>
  html`<input type="hidden" name="${name}" value="${value}">`;

export const button = (text: Renderable, options: { secondary?: boolean } = {}): Html =>
  html`<button type="submit" class="${tokens('govuk-button', options.secondary && 'govuk-button--secondary')}" data-module="govuk-button">${text}</button>`;

/** The confirmation panel: the one thing a person must see when they are done. */
export const panel = (title: Renderable, body?: Renderable): Html =>
  html`<div class="govuk-panel govuk-panel--confirmation"><h1 class="govuk-panel__title">${title}</h1>${body === undefined ? undefined : html`<div class="govuk-panel__body">${body}</div>`}</div>`;

export type TagColour =
  | 'grey'
  | 'green'
  | 'turquoise'
  | 'blue'
  | 'light-blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow';

export const tag = (text: Renderable, colour?: TagColour): Html =>
  html`<strong class="${tokens('govuk-tag', colour && `govuk-tag--${colour}`)}">${text}</strong>`;

export interface TableOptions {
  caption?: Renderable;
  head: readonly Renderable[];
  rows: readonly (readonly Renderable[])[];
}

export const table = (o: TableOptions): Html =>
  html`<table class="govuk-table">${o.caption === undefined ? undefined : html`<caption class="govuk-table__caption govuk-table__caption--m">${o.caption}</caption>`}<thead class="govuk-table__head"><tr class="govuk-table__row">${o.head.map((cell) => html`<th scope="col" class="govuk-table__header">${cell}</th>`)}</tr></thead><tbody class="govuk-table__body">${o.rows.map(
    (row) =>
      html`<tr class="govuk-table__row">${row.map((cell, index) => (index === 0 ? html`<th scope="row" class="govuk-table__header">${cell}</th>` : html`<td class="govuk-table__cell">${cell}</td>`))}</tr>`,
  )}</tbody></table>`;

export const details = (summary: Renderable, content: Renderable): Html =>
  html`<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">${summary}</span></summary><div class="govuk-details__text">${content}</div></details>`;

export const paragraph = (content: Renderable, className = 'govuk-body'): Html =>
  html`<p class="${className}">${content}</p>`;

export const bulletList = (items: readonly Renderable[]): Html =>
  html`<ul class="govuk-list govuk-list--bullet">${items.map((item) => html`<li>${item}</li>`)}</ul>`;

export { Html };
