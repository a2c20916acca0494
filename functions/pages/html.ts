import { escapeHtml } from '../domain/mail/message';

/**
 * Markup that is safe to put in a page as it stands. Only `html` and the components make one, so a value that reaches
 * a page without passing through them is a plain string, and plain strings are always escaped: a report's description
 * holding `<script>` is shown as text, whoever forgets what.
 */
export class Html {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What a template accepts: markup as it is, text escaped, nothing for null, undefined and false, lists joined. */
export type Renderable = Html | string | number | null | undefined | false | readonly Renderable[];

const render = (value: Renderable): string => {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
};

/** A template tag that escapes every interpolated value that is not already Html. Attribute values are quoted. */
export const html = (strings: TemplateStringsArray, ...values: Renderable[]): Html =>
  new Html(
    strings.reduce((out, text, i) => out + text + (i < values.length ? render(values[i] as Renderable) : ''), ''),
  );

/** Free text as people typed it: escaped, with its line breaks kept. */
export const multiline = (text: string): Html =>
  new Html(
    text
      .split(/\r?\n/)
      .map((line) => escapeHtml(line))
      .join('<br>'),
  );

/** Space-separated class or id lists without empty entries. */
export const tokens = (...values: (string | false | null | undefined)[]): string =>
  values.filter((value): value is string => typeof value === 'string' && value !== '').join(' ');

export { escapeHtml };
