import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import './zod-english';

/**
 * The people affected by a breach, as an organisation uploads them (POST /breaches/{id}/subjects): who they are, how
 * to reach them, and who speaks for those who cannot act on a notice themselves (social care: next of kin, a lasting
 * power of attorney, a care professional).
 *
 * Everything here is personal data: it is stored on the subject's own item and never logged or put in an event.
 */

/**
 * Who speaks for a person: a parent, carer or guardian for a child (a school writes to the parents), next of kin,
 * an attorney or a care professional for a vulnerable adult (social care), or someone else.
 */
export const RELATIONSHIPS = [
  'parent',
  'carer',
  'guardian',
  'next-of-kin',
  'attorney',
  'care-professional',
  'other',
] as const;
/** Those who act for a child in their own right: their letter is about their child, not a person they support. */
export const PARENTAL_RELATIONSHIPS: readonly Relationship[] = ['parent', 'carer', 'guardian'];
export type Relationship = (typeof RELATIONSHIPS)[number];

/** The CSV upload's columns, in the order a template spreadsheet lists them. */
export const SUBJECT_CSV_COLUMNS = [
  'name',
  'email',
  'postal_address',
  'representative_name',
  'representative_email',
  'representative_relationship',
  'representative_postal_address',
] as const;
export type SubjectCsvColumn = (typeof SUBJECT_CSV_COLUMNS)[number];

/** At most this many people in one JSON request; larger lists go as CSV or in several requests. */
export const MAX_SUBJECTS_PER_JSON_REQUEST = 1_000;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const representativeSchema = z.strictObject({
  name: text(200),
  email: z.optional(z.email().check(z.maxLength(254))),
  relationship: z.enum(RELATIONSHIPS, { message: `must be one of ${RELATIONSHIPS.join(', ')}` }),
  /** Where the representative's own letter goes (an attorney's office, a relative's home); else the person's address. */
  postalAddress: z.optional(text(1000)),
});

export const subjectSchema = z
  .strictObject({
    name: text(200),
    email: z.optional(z.email().check(z.maxLength(254))),
    postalAddress: z.optional(text(1000)),
    representative: z.optional(representativeSchema),
  })
  .check(
    z.superRefine((subject, ctx) => {
      if (subject.representative) {
        // Whoever speaks for the person receives the notice: by e-mail, or by letter to the representative's own
        // postal address or, failing that, the person's.
        if (!subject.representative.email && !letterAddressOf(subject)) {
          ctx.addIssue({
            code: 'custom',
            path: ['representative', 'email'],
            message:
              "give the representative's e-mail address, or a postal address (theirs or the person's) for a letter",
          });
        }
      } else if (!subject.email && !subject.postalAddress) {
        ctx.addIssue({ code: 'custom', path: ['email'], message: 'an e-mail address or a postal address is required' });
      }
    }),
  );

export type Subject = z.output<typeof subjectSchema>;
export type Representative = z.output<typeof representativeSchema>;

/** How a person is told: an e-mail to them (or their representative), or a printed letter. */
export type Delivery = { channel: 'email'; to: string } | { channel: 'letter' };

/**
 * Where a printed letter goes: to the representative's own postal address when one is given, else to the person's
 * (the representative is written to there, about the person). Undefined when there is no address to print.
 */
export function letterAddressOf(subject: Pick<Subject, 'postalAddress' | 'representative'>): string | undefined {
  return subject.representative?.postalAddress ?? subject.postalAddress;
}

/** A representative's address wins: they were named because the person cannot act on the notice themselves. */
export const deliveryOf = (subject: Subject): Delivery => {
  const to = subject.representative ? subject.representative.email : subject.email;
  return to ? { channel: 'email', to } : { channel: 'letter' };
};

const normalise = (value: string | undefined): string =>
  (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The subject's key within the breach: SHA-256 over the breach id and the person's normalised name, e-mail and postal
 * address. Re-uploading the same person (a retried request, the same spreadsheet twice, different capitalisation)
 * lands on the same item, which a conditional put then leaves alone, so a person is on the list — and mailed — once.
 * A sequence number would have needed a counter and would have listed them twice. The breach id is hashed in so the
 * same person's keys in two breaches cannot be linked.
 */
export const subjectKey = (breachId: string, subject: Pick<Subject, 'name' | 'email' | 'postalAddress'>): string =>
  createHash('sha256')
    .update(
      JSON.stringify([breachId, normalise(subject.name), normalise(subject.email), normalise(subject.postalAddress)]),
    )
    .digest('hex');

/** One problem with one field of one row, named as the caller named it (a CSV column or a JSON path). */
export interface RowError {
  field: string;
  message: string;
}

export type RowResult = { ok: true; subject: Subject } | { ok: false; errors: RowError[] };

const pathOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** The schema's verdict as a row result, each problem named by `field` (a CSV column or a JSON path). */
export const toRowResult = (
  parsed: ReturnType<typeof subjectSchema.safeParse>,
  field: (path: string) => string,
): RowResult =>
  parsed.success
    ? { ok: true, subject: parsed.data }
    : {
        ok: false,
        errors: parsed.error.issues.flatMap((issue) =>
          issue.code === 'unrecognized_keys'
            ? issue.keys.map((key) => ({ field: field(pathOf([...issue.path, key])), message: 'unknown field' }))
            : [{ field: field(pathOf(issue.path)), message: issue.message }],
        ),
      };

/** A JSON entry: the schema's own field names. */
export const validateSubject = (input: unknown): RowResult => toRowResult(subjectSchema.safeParse(input), (p) => p);
