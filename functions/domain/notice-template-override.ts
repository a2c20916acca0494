import * as z from 'zod/mini';
import { CAUSES, DATA_CATEGORIES, type DataCategory } from './report';
import { RELATIONSHIPS } from './subjects';
import './zod-english';

/**
 * The fields of a notice template (notice-templates.ts) and an organisation's override of them, kept apart from the
 * templates themselves: an organisation's policy (policy.ts) validates its overrides, and every function reads
 * policies, while only the functions that write notices need the four templates (about 37 KiB of words, each
 * checked against its schema at load).
 */

export const TEMPLATE_FIELDS = [
  'subject',
  'heading',
  'masthead',
  'footer',
  'law',
  'and',
  'whatHappened.heading',
  'whatHappened.at',
  'whatHappened.between',
  'whatHappened.undated',
  'whatHappened.foundOut',
  'consequences.heading',
  'consequences.high-risk',
  'consequences.risk',
  'consequences.no-risk',
  'consequences.sensitive',
  'consequences.integrity',
  'consequences.none',
  'measures.heading',
  'measures.stopped',
  'measures.stoppedOn',
  'measures.notStopped',
  'measures.recovered',
  'measures.deletedConfirmed',
  'measures.partlyRecovered',
  'measures.encrypted',
  'measures.police',
  'measures.reported',
  'measures.reporting',
  'measures.accessCodes',
  'measures.investigating',
  'advice.heading',
  'advice.sensitive',
  'advice.none',
  'complaints.heading',
  'complaints.intro',
  'complaints.website',
  'complaints.email',
  'complaints.phone',
  'complaints.post',
  'contact.heading',
  'contact.dpo',
  'contact.email',
  'contact.phone',
  'contact.post',
  'contact.reference',
  'greeting.dear',
  'greeting.self',
  'greeting.parental',
  'greeting.parentalYou',
  'greeting.supported',
  'greeting.supportedYou',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/**
 * The elements Art. 34(2) requires of a communication to the people affected, and the fields that carry each: these
 * may be reworded, never removed.
 */
export const REQUIRED_ELEMENTS = {
  'the nature of the breach (Art. 34(2))': ['whatHappened.heading', 'whatHappened.foundOut'],
  'the contact point (Art. 33(3)(b))': ['contact.heading', 'contact.dpo'],
  'the likely consequences (Art. 33(3)(c))': [
    'consequences.heading',
    'consequences.high-risk',
    'consequences.risk',
    'consequences.no-risk',
    'consequences.none',
  ],
  'the measures taken or proposed (Art. 33(3)(d))': ['measures.heading', 'measures.investigating'],
} as const satisfies Record<string, readonly TemplateField[]>;

const requiredElementOf = (field: string): string | undefined =>
  Object.entries(REQUIRED_ELEMENTS).find(([, fields]) => (fields as readonly string[]).includes(field))?.[0];

/**
 * An organisation's override of named fields of one language's template. A key is a field (`whatHappened.heading`)
 * or a word list's entry (`advice.financial`, `causes.phishing`); null removes an optional piece of advice or
 * consequence. A required element cannot be removed (REQUIRED_ELEMENTS), and no field is emptied.
 */
export const noticeTemplateOverrideSchema = z
  .strictObject({
    language: z.string().check(z.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language tag such as en-GB or de')),
    fields: z.record(z.string().check(z.maxLength(100)), z.nullable(z.string().check(z.maxLength(2000)))),
  })
  .check(
    z.superRefine((override, ctx) => {
      for (const [name, value] of Object.entries(override.fields)) {
        const [list, entry] = name.split('.', 2) as [string, string | undefined];
        const isField = (TEMPLATE_FIELDS as readonly string[]).includes(name);
        const isEntry =
          !isField &&
          entry !== undefined &&
          ((['causes', 'data', 'relationships'].includes(list) &&
            [...CAUSES, ...DATA_CATEGORIES, ...RELATIONSHIPS].includes(entry as never)) ||
            (['consequences', 'advice'].includes(list) && DATA_CATEGORIES.includes(entry as DataCategory)));
        if (!isField && !isEntry) {
          ctx.addIssue({
            code: 'custom',
            path: ['fields', name],
            message: `'${name}' is not a field of the notice template`,
          });
          continue;
        }
        const removed = value === null || value.trim() === '';
        if (!removed) continue;
        const element = requiredElementOf(name);
        if (element) {
          ctx.addIssue({
            code: 'custom',
            path: ['fields', name],
            message: `'${name}' carries ${element}, which Art. 34(2) requires in every notice: reword it, do not remove it`,
          });
        } else if (!(isEntry && ['consequences', 'advice'].includes(list) && value === null)) {
          ctx.addIssue({
            code: 'custom',
            path: ['fields', name],
            message: `'${name}' cannot be left empty: reword it (only a piece of advice or a consequence can be removed, with null)`,
          });
        }
      }
    }),
  );
export type NoticeTemplateOverride = z.output<typeof noticeTemplateOverrideSchema>;
