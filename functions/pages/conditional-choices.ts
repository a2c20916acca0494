import type { LegendSize } from './components';
import { type Html, html, type Renderable, tokens } from './html';

/**
 * Two GOV.UK choice patterns that components.ts does not cover, in the same markup conventions (govuk-frontend 5):
 *
 * - radios with conditionally revealed questions: the follow-up question sits under the answer it belongs to, indented
 *   with the grey rule. The Design System's script would hide the ones under unchosen answers; these pages run no
 *   script, so they are always shown, which the Design System allows as long as the server ignores the follow-ups of
 *   answers not chosen (report-form-fields.ts does). The `--hidden` class is never set, so nothing depends on script.
 * - one list of checkboxes split under sub-headings, for a long list (the kinds of personal data) that reads better
 *   in groups. It stays one question: one fieldset, one name, one error, the first box the error summary's target.
 */

export interface ConditionalItem {
  value: string;
  text: Renderable;
  hint?: Renderable;
  /** Questions that only matter after this answer, shown beneath it. */
  conditional?: Renderable;
}

interface QuestionOptions {
  /** The first input's id; later ones get `-2`, `-3`… */
  id: string;
  name: string;
  legend: Renderable;
  legendSize?: LegendSize;
  hint?: Renderable;
  error?: string | undefined;
  small?: boolean;
}

const itemId = (id: string, index: number) => (index === 0 ? id : `${id}-${index + 1}`);

const hasContent = (value: Renderable): boolean =>
  Array.isArray(value)
    ? value.some(hasContent)
    : value !== undefined && value !== null && value !== '' && value !== false;

/** The fieldset, legend, hint and error message that every choice question shares. */
const question = (o: QuestionOptions, list: Html): Html => {
  const described = tokens(hasContent(o.hint) && `${o.id}-hint`, o.error !== undefined && `${o.id}-error`);
  return html`<div class="${tokens('govuk-form-group', o.error !== undefined && 'govuk-form-group--error')}"><fieldset class="govuk-fieldset"${described ? html` aria-describedby="${described}"` : undefined}><legend class="${tokens('govuk-fieldset__legend', o.legendSize && `govuk-fieldset__legend--${o.legendSize}`)}">${o.legend}</legend>${hasContent(o.hint) ? html`<div id="${o.id}-hint" class="govuk-hint">${o.hint}</div>` : undefined}${o.error === undefined ? undefined : html`<p id="${o.id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${o.error}</p>`}${list}</fieldset></div>`;
};

const choiceItem = (
  kind: 'radios' | 'checkboxes',
  id: string,
  name: string,
  item: { value: string; text: Renderable; hint?: Renderable },
  checked: boolean,
): Html => {
  const type = kind === 'radios' ? 'radio' : 'checkbox';
  const hintId = hasContent(item.hint) ? `${id}-item-hint` : undefined;
  return html`<div class="govuk-${kind}__item"><input class="govuk-${kind}__input" id="${id}" name="${name}" type="${type}" value="${item.value}"${checked ? html` checked` : undefined}${hintId ? html` aria-describedby="${hintId}"` : undefined}><label class="govuk-label govuk-${kind}__label" for="${id}">${item.text}</label>${hintId ? html`<div id="${hintId}" class="govuk-hint govuk-${kind}__hint">${item.hint}</div>` : undefined}</div>`;
};

export const conditionalRadios = (
  o: QuestionOptions & { items: readonly ConditionalItem[]; value?: string | undefined },
): Html =>
  question(
    o,
    html`<div class="${tokens('govuk-radios', o.small && 'govuk-radios--small')}" data-module="govuk-radios">${o.items.map(
      (item, index) => {
        const id = itemId(o.id, index);
        return html`${choiceItem('radios', id, o.name, item, item.value === o.value)}${
          hasContent(item.conditional)
            ? html`<div class="govuk-radios__conditional" id="conditional-${id}">${item.conditional}</div>`
            : undefined
        }`;
      },
    )}</div>`,
  );

export interface CheckboxGroup {
  heading: Renderable;
  items: readonly { value: string; text: Renderable; hint?: Renderable }[];
}

export const groupedCheckboxes = (
  o: QuestionOptions & { groups: readonly CheckboxGroup[]; values: readonly string[] },
): Html => {
  let index = 0;
  const groups = o.groups.map(
    (group) =>
      html`<h3 class="govuk-heading-s govuk-!-margin-top-4 govuk-!-margin-bottom-2">${group.heading}</h3><div class="${tokens('govuk-checkboxes', o.small && 'govuk-checkboxes--small')}" data-module="govuk-checkboxes">${group.items.map(
        (item) => choiceItem('checkboxes', itemId(o.id, index++), o.name, item, o.values.includes(item.value)),
      )}</div>`,
  );
  return question(o, html`${groups}`);
};
