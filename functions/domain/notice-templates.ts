import * as z from 'zod/mini';
import { placeCode } from './jurisdiction-facts';
import { type NoticeTemplateOverride, TEMPLATE_FIELDS, type TemplateField } from './notice-template-override';
import type { OrganisationPolicy } from './policy';
import { CAUSES, DATA_CATEGORIES } from './report';
import euGdpr from './rules/notice-templates/eu-gdpr.en.json' with { type: 'json' };
import germany from './rules/notice-templates/eu-gdpr-germany.de.json' with { type: 'json' };
import ireland from './rules/notice-templates/eu-gdpr-ireland.en-IE.json' with { type: 'json' };
import unitedKingdom from './rules/notice-templates/uk-gdpr.en-GB.json' with { type: 'json' };
import { RELATIONSHIPS } from './subjects';
import './zod-english';

/**
 * The words of the notice to the people affected (subject-notice.ts), per jurisdiction and language, as data: one file
 * in rules/notice-templates/ each, with its legal source and the date it was checked. Every template carries every
 * field, and so every element Art. 34(2) requires (with Art. 33(3)(b)–(d)): the nature of the breach, the contact
 * point, the likely consequences and the measures taken. Placeholders in braces ({organisation}, {date}, …) are
 * filled from the record.
 *
 * A template in the same words as another but for a few may say so: `basedOn` names the file whose words it takes,
 * and each list gives only the words it changes (the UK GDPR's English notice is the EU GDPR's, naming "the UK GDPR").
 * Its regime, places, language, source and checked date are always its own: they are never taken from the other file.
 *
 * An organisation may override named fields in its policy (`noticeTemplates`): reword anything, drop an optional
 * piece of advice (null), never remove a required element.
 */

const words = z.string().check(z.trim(), z.minLength(1), z.maxLength(2000));
const every = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, words])) as Record<K, typeof words>);
const some = <K extends string>(keys: readonly K[]) =>
  z.strictObject(
    Object.fromEntries(keys.map((k) => [k, z.optional(words)])) as Record<K, z.ZodMiniOptional<typeof words>>,
  );

export const noticeTemplateSchema = z.strictObject({
  /** The regime it is written for, e.g. "UK GDPR", "EU GDPR (Germany)". */
  jurisdiction: words,
  /** The countries (ISO 3166) whose people or organisations it is for; empty: the fallback of its regime. */
  places: z.array(placeCode),
  /** BCP 47: en-GB, en-IE, de. */
  language: z.string().check(z.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language tag such as en-GB or de')),
  source: z.strictObject({ title: words, url: z.url() }),
  checkedAt: z.iso.date(),
  fields: every(TEMPLATE_FIELDS),
  causes: every(CAUSES),
  data: every(DATA_CATEGORIES),
  consequences: some(DATA_CATEGORIES),
  advice: some(DATA_CATEGORIES),
  relationships: every(RELATIONSHIPS),
});
export type NoticeTemplate = z.output<typeof noticeTemplateSchema>;

const TEMPLATE_FILES: Record<string, unknown> = {
  'uk-gdpr.en-GB': unitedKingdom,
  'eu-gdpr-ireland.en-IE': ireland,
  'eu-gdpr-germany.de': germany,
  'eu-gdpr.en': euGdpr,
};

/** The lists of words of a template, which a file `basedOn` another takes from it and may change entry by entry. */
const WORD_LISTS = ['fields', 'causes', 'data', 'consequences', 'advice', 'relationships'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A file as written, or (`basedOn`) its own entries over the words of the file it names, which must be written out. */
function withBase(name: string, file: unknown, files: Record<string, unknown>): unknown {
  if (!isRecord(file) || file.basedOn === undefined) return file;
  const { basedOn, ...own } = file;
  const base = typeof basedOn === 'string' ? files[basedOn] : undefined;
  if (!isRecord(base) || base.basedOn !== undefined) {
    throw new Error(
      `rules/notice-templates/${name}.json: basedOn: ${JSON.stringify(basedOn)} is not a template file written out in full`,
    );
  }
  const words = WORD_LISTS.map((list) => [list, { ...(base[list] as object), ...(own[list] as object) }]);
  return { ...own, ...Object.fromEntries(words) };
}

export function loadNoticeTemplates(files: Record<string, unknown> = TEMPLATE_FILES): NoticeTemplate[] {
  return Object.entries(files).map(([name, file]) => {
    const result = noticeTemplateSchema.safeParse(withBase(name, file, files));
    if (!result.success) {
      const first = result.error.issues[0];
      throw new Error(
        `rules/notice-templates/${name}.json: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`,
      );
    }
    return result.data;
  });
}

export const NOTICE_TEMPLATES: readonly NoticeTemplate[] = loadNoticeTemplates();
const UK = NOTICE_TEMPLATES.find((t) => t.language === 'en-GB') as NoticeTemplate;
const EU = NOTICE_TEMPLATES.find((t) => t.places.length === 0) as NoticeTemplate;

/**
 * The template a breach's notice is written from: the language of the people affected when the report says they all
 * live in one country that has a template (German people get the German notice), else the organisation's: where it is
 * established, or (no jurisdiction in the policy) the UK when the ICO supervises it, the EU's otherwise. Then the
 * organisation's overrides for that language.
 */
export function noticeTemplateFor(input: {
  peopleIn?: readonly { place: string }[];
  policy: Pick<OrganisationPolicy, 'jurisdiction' | 'noticeTemplates'>;
  supervisedByIco: boolean;
}): NoticeTemplate {
  const byCountry = (place: string | undefined) =>
    place ? NOTICE_TEMPLATES.find((t) => t.places.includes(place.slice(0, 2))) : undefined;
  const countries = [...new Set((input.peopleIn ?? []).map((p) => p.place.slice(0, 2)))];
  const base =
    (countries.length === 1 ? byCountry(countries[0]) : undefined) ??
    byCountry(input.policy.jurisdiction?.establishments[0]) ??
    (input.policy.jurisdiction || !input.supervisedByIco ? EU : UK);
  const override = input.policy.noticeTemplates?.find((o) => o.language === base.language);
  return override ? applyOverride(base, override) : base;
}

export function applyOverride(template: NoticeTemplate, override: NoticeTemplateOverride): NoticeTemplate {
  const out: NoticeTemplate = {
    ...template,
    fields: { ...template.fields },
    causes: { ...template.causes },
    data: { ...template.data },
    consequences: { ...template.consequences },
    advice: { ...template.advice },
    relationships: { ...template.relationships },
  };
  for (const [name, value] of Object.entries(override.fields)) {
    if ((TEMPLATE_FIELDS as readonly string[]).includes(name)) {
      if (value) out.fields[name as TemplateField] = value;
      continue;
    }
    const [list, entry] = name.split('.', 2) as [keyof NoticeTemplate, string];
    const words = out[list] as Record<string, string | undefined>;
    if (value === null) delete words[entry];
    else words[entry] = value;
  }
  return out;
}

/** A field with its placeholders filled: `{name}` from the values, `{Name}` the same with a capital first letter. */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) => {
    const value = values[key] ?? values[key.charAt(0).toLowerCase() + key.slice(1)];
    if (value === undefined) return whole;
    return key.charAt(0) === key.charAt(0).toUpperCase() ? value.charAt(0).toUpperCase() + value.slice(1) : value;
  });
}
