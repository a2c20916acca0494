/**
 * What a browser would submit from a page's form: every named text, e-mail and hidden input with its value, each
 * checked radio or checkbox, and each textarea's text, in document order. Written for the markup of functions/pages,
 * which this repository controls; not a general HTML parser.
 */

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decodeEntities = (text: string) =>
  text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

const attributes = (tag: string): Map<string, string> => {
  const out = new Map<string, string>();
  for (const match of tag.matchAll(/\s([a-zA-Z][\w-]*)(?:="([^"]*)")?/g)) {
    if (match[1]) out.set(match[1], decodeEntities(match[2] ?? ''));
  }
  return out;
};

export const formOf = (page: string): string => {
  const match = /<form\b[^>]*>([\s\S]*?)<\/form>/.exec(page);
  if (!match?.[1]) throw new Error('no form on the page');
  return match[1];
};

export const submittedFields = (page: string): URLSearchParams => {
  const fields = new URLSearchParams();
  for (const match of formOf(page).matchAll(/<input\b[^>]*>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    if (match[0].startsWith('<textarea')) {
      const name = attributes(match[1] ?? '').get('name');
      // The parser drops one newline straight after <textarea>.
      if (name) fields.append(name, decodeEntities((match[2] ?? '').replace(/^\r?\n/, '')));
      continue;
    }
    const input = attributes(match[0]);
    const name = input.get('name');
    const type = input.get('type') ?? 'text';
    if (!name) continue;
    if ((type === 'radio' || type === 'checkbox') && !input.has('checked')) continue;
    fields.append(name, input.get('value') ?? (type === 'radio' || type === 'checkbox' ? 'on' : ''));
  }
  return fields;
};

/** Every id on the page. */
export const idsOf = (page: string): string[] => [...page.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1] ?? '');

/** The error summary's links, in order. */
export const errorSummaryLinks = (page: string): { href: string; text: string }[] => {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(page)?.[0] ?? '';
  return [...summary.matchAll(/<li>(?:<a href="([^"]*)">([^<]*)<\/a>|([^<]*))<\/li>/g)].map((m) => ({
    href: m[1] ?? '',
    text: decodeEntities(m[2] ?? m[3] ?? ''),
  }));
};

/** The inline error message shown for a field id, if any. */
export const inlineError = (page: string, id: string): string | undefined => {
  const match = new RegExp(
    `<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ([^<]*)</p>`,
  ).exec(page);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
};
