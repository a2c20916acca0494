import * as z from 'zod/mini';
import './zod-english';
import { placeCode, REGULATED_SECTORS } from './jurisdiction-facts';
import dora from './rules/dora.json' with { type: 'json' };
import euGdpr from './rules/eu-gdpr.json' with { type: 'json' };
import nis2 from './rules/nis2.json' with { type: 'json' };
import switzerland from './rules/switzerland.json' with { type: 'json' };
import unitedKingdom from './rules/united-kingdom.json' with { type: 'json' };

export { placeCode, REGULATED_SECTORS, type RegulatedSector } from './jurisdiction-facts';

/**
 * What the law requires after a breach, as data: which authority is told, what is sent at each stage, by when.
 *
 * One file per body of law in `rules/`, each a list of authorities and rules. Every rule and every authority carries
 * the legal source it was taken from and the date someone last checked it against that source, and the schema refuses
 * one without: a deadline nobody can trace to a law is not one a DPO can rely on. A new regime (a US state's breach
 * law with its own threshold) is a new file here, not new code: places, sectors, thresholds and stages are all data.
 *
 * A source several items share (the EDPB's list of members, behind 29 authorities) is declared once in the file's
 * `sources` table and named by its key (`"source": "edpb-members"`), so a corrected link is corrected once; a source
 * only one item cites is written beside it (`"source": {"citation": ..., "url": ...}`). The checked date stays on
 * each item, never inherited from the file: it says that this rule or authority was compared with the source, and a
 * new one added without a check is refused, not silently dated. The loader resolves every key, so the rest of the
 * code sees each `source` as its citation and link, as documents, the API and pages print it.
 */

const slug = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'));
const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
/** The day a person last compared the rule with its source. */
const checkedAt = z.iso.date();

export const sourceSchema = z.strictObject({
  /** The provision, as a lawyer would cite it: "UK GDPR Art. 33(1)", "Directive (EU) 2022/2555 Art. 23(4)". */
  citation: text(300),
  url: z.url(),
});
export type Source = z.infer<typeof sourceSchema>;

/** How a file writes an item's source: the key of one in its `sources` table, or the source itself. */
const sourceReference = z.union([slug, sourceSchema], {
  error: (issue) =>
    issue.input === undefined ? undefined : "must be the key of one of the file's sources, or a citation and url",
});

/** What must have been found for the rule to apply: the assessment's risk, or an incident regime's classification. */
export const THRESHOLDS = ['any-breach', 'risk', 'high-risk', 'significant-incident', 'major-incident'] as const;
export type Threshold = (typeof THRESHOLDS)[number];

export const RECIPIENT_KINDS = ['authority', 'people'] as const;
export const AUTHORITY_KINDS = ['data-protection', 'csirt', 'financial-supervisor'] as const;

export const authoritySchema = z.strictObject({
  id: slug,
  kind: z.enum(AUTHORITY_KINDS),
  /** Where it is competent: a country, or a German Land ('DE-BY'). */
  place: placeCode,
  name: text(300),
  /** The notification portal or form, or the authority's breach page when it has no form of its own. */
  reportUrl: z.url(),
  /** ISO 639-1 codes of the languages it accepts a notification in, the first being its own. */
  languages: z.array(z.string().check(z.regex(/^[a-z]{2}$/))).check(z.minLength(1)),
  email: z.optional(z.email()),
  /** Bodies it supervises when the place alone does not decide (Germany's federal/state split). */
  scope: z.optional(z.enum(['private-sector', 'public-sector', 'federal', 'all'])),
  source: sourceSchema,
  checkedAt,
});
export type Authority = z.infer<typeof authoritySchema>;

/** An elapsed time: hours are real hours; days are 24 h; months are calendar months (the same day next month). */
const durationShape = {
  hours: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 366))),
  days: z.optional(z.number().check(z.minimum(0), z.maximum(366))),
  months: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(12))),
};

export const dueSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('after'),
    /** The moment the time runs from: awareness, the incident's classification (DORA), or the previous stage's mark. */
    from: z.enum(['awareness', 'classification', 'previous-stage']),
    ...durationShape,
    /** A second limit that may come first (DORA: 4 h after classification, but within 24 h of awareness). */
    notLaterThan: z.optional(z.strictObject({ from: z.literal('awareness'), ...durationShape })),
  }),
  z.strictObject({
    /** The law fixes no hours ("without undue delay", "as soon as possible"). */
    kind: z.literal('without-undue-delay'),
    /** The product's own aim for the clock, which is not the law's: shown as such. */
    targetHours: z.number().check(z.positive(), z.maximum(24 * 30)),
  }),
]);

export const stageSchema = z.strictObject({
  id: slug,
  label: text(200),
  /** What must be sent at this stage, item by item, as the law lists it. */
  contents: z.array(text(500)).check(z.minLength(1)),
  due: dueSchema,
  /** Alerts this many hours before the mark. */
  warnBeforeHours: z.array(z.number().check(z.positive(), z.maximum(24 * 30))).check(z.maxLength(5)),
  /** The report's structure for this stage (documents render it); defaults to the Art. 33(3) items. */
  form: z.optional(z.enum(['ico-breach-form', 'art-33-3', 'nis2', 'dora', 'fadp-art-24', 'people-notice'])),
});
export type Stage = z.infer<typeof stageSchema>;

export const ruleSchema = z.strictObject({
  id: slug,
  /** The body of law, in words: "UK GDPR", "EU GDPR", "NIS2". */
  law: text(100),
  recipient: z.enum(RECIPIENT_KINDS),
  appliesWhen: z.strictObject({
    /** Any of these places of establishment (ISO 3166; a Land counts for its country). */
    establishedIn: z.optional(z.array(placeCode)),
    /** Or any of these places where affected people live. Both absent: the rule applies everywhere. */
    peopleIn: z.optional(z.array(placeCode)),
    /** Any one of these sectors must be the organisation's. */
    sectors: z.optional(z.array(z.enum(REGULATED_SECTORS))),
    /** Only when at least this many people in the places above are affected (US states' thresholds). */
    minimumSubjects: z.optional(z.number().check(z.int(), z.positive())),
    threshold: z.enum(THRESHOLDS),
  }),
  /** How the competent authority is found; absent for a duty to people. */
  authority: z.optional(
    z.discriminatedUnion('by', [
      z.strictObject({ by: z.literal('fixed'), id: slug }),
      /** The authority of this kind where the organisation is established (main establishment first). */
      z.strictObject({ by: z.literal('establishment'), kind: z.enum(AUTHORITY_KINDS) }),
      /**
       * GDPR Art. 55-56: with an establishment in the EEA, the lead authority of the main establishment (one-stop shop);
       * without one, every authority where affected people live (EDPB Guidelines 9/2022 §C.4.b).
       */
      z.strictObject({ by: z.literal('one-stop-shop') }),
    ]),
  ),
  stages: z.array(stageSchema).check(z.minLength(1), z.maxLength(6)),
  source: sourceSchema,
  checkedAt,
  note: z.optional(text(1000)),
});
export type Rule = z.infer<typeof ruleSchema>;

/** A rule file as written, sources by key or in place; `loadRules` gives the code each source itself. */
export const ruleFileSchema = z
  .strictObject({
    law: text(100),
    /** The sources several items cite, by key; an item names one as `"source": "<key>"`. */
    sources: z.optional(z.record(slug, sourceSchema)),
    authorities: z.array(z.extend(authoritySchema, { source: sourceReference })),
    rules: z.array(z.extend(ruleSchema, { source: sourceReference })).check(z.minLength(1)),
  })
  .check(
    z.superRefine((file, ctx) => {
      const sources = file.sources ?? {};
      const cited = new Set<string>();
      for (const list of ['authorities', 'rules'] as const) {
        file[list].forEach((item, index) => {
          if (typeof item.source !== 'string') return;
          cited.add(item.source);
          if (!Object.hasOwn(sources, item.source)) {
            ctx.addIssue({
              code: 'custom',
              path: [list, index, 'source'],
              message: `no source '${item.source}' in this file's sources`,
            });
          }
        });
      }
      for (const key of Object.keys(sources)) {
        if (!cited.has(key)) {
          ctx.addIssue({ code: 'custom', path: ['sources', key], message: `source '${key}' is cited by nothing here` });
        }
      }
      const ids = new Set(file.authorities.map((a) => a.id));
      file.rules.forEach((rule, index) => {
        if (rule.authority?.by === 'fixed' && !ids.has(rule.authority.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', index, 'authority', 'id'],
            message: `no authority '${rule.authority.id}' in this file`,
          });
        }
        if (rule.recipient === 'authority' && !rule.authority) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', index, 'authority'],
            message: 'a duty to an authority names how it is found',
          });
        }
        if (rule.stages[0]?.due.kind === 'after' && rule.stages[0].due.from === 'previous-stage') {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', index, 'stages', 0],
            message: 'the first stage has no previous stage',
          });
        }
      });
    }),
  );
export type RuleFile = z.infer<typeof ruleFileSchema>;

/** The file's items with every source key replaced by the source it names (the schema has checked that it exists). */
function citeSources({ sources = {}, authorities, rules }: RuleFile): { rules: Rule[]; authorities: Authority[] } {
  const cite = <T extends { source: string | Source }>(item: T): T & { source: Source } => ({
    ...item,
    source: typeof item.source === 'string' ? (sources[item.source] as Source) : item.source,
  });
  return { authorities: authorities.map(cite), rules: rules.map(cite) };
}

/** The rule files the product ships, validated when first used: a broken file fails loudly, never silently. */
export const RULE_FILES: Record<string, unknown> = {
  'united-kingdom': unitedKingdom,
  'eu-gdpr': euGdpr,
  nis2,
  dora,
  switzerland,
};

let loaded: { rules: Rule[]; authorities: Authority[] } | undefined;

export function loadRules(files: Record<string, unknown> = RULE_FILES): { rules: Rule[]; authorities: Authority[] } {
  if (files === RULE_FILES && loaded) return loaded;
  const parsed = Object.entries(files).map(([name, file]) => {
    const result = ruleFileSchema.safeParse(file);
    if (!result.success) {
      const first = result.error.issues[0];
      throw new Error(`rules/${name}.json: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
    }
    return citeSources(result.data);
  });
  const all = { rules: parsed.flatMap((f) => f.rules), authorities: parsed.flatMap((f) => f.authorities) };
  if (files === RULE_FILES) loaded = all;
  return all;
}
