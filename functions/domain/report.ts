import * as z from 'zod/mini';
import { seriousnessSchema, severityQuestionsSchema } from './policy-questions';
import './zod-english';
import { incidentSchema, peopleInSchema } from './jurisdiction-facts';

/**
 * The breach report: every fact the five policies and the ICO's personal data breach report form ask for.
 *
 * Strict everywhere: an unknown field or enum value is an error, never silently dropped, so a caller learns at once
 * that a fact they sent was not recorded. Optional facts may be unknown at intake and amended later.
 */

/** Tolerated clock skew between a caller's clock and ours when refusing awareness times in the future. */
export const FUTURE_SKEW_MS = 5 * 60 * 1000;

/**
 * The earliest awareness a report may give: the day the GDPR began to apply (Art. 99(2) GDPR, 25 May 2018; the UK
 * GDPR carries it over). Art. 33 and 34 bind no breach the organisation knew of before: an earlier awareness is a
 * mistyped year ("1926" for "2026"), and it would start clocks that passed decades ago.
 */
export const EARLIEST_AWARENESS = '2018-05-25T00:00:00Z';

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const timestamp = z.iso.datetime({ offset: true });
const count = z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000_000));

export const BREACH_TYPES = ['confidentiality', 'integrity', 'availability'] as const;

/** Causes, grouped as on the ICO form: cyber incidents first (the ICO asks cyber-specific questions for these). */
export const CYBER_CAUSES = ['ransomware', 'phishing', 'hacking', 'malware', 'other-cyber'] as const;
export const CAUSES = [
  ...CYBER_CAUSES,
  'lost-device',
  'stolen-device',
  'lost-paper',
  'stolen-paper',
  'misdirected-email',
  'misdirected-post',
  'unauthorised-access',
  'unauthorised-disclosure',
  'alteration',
  'destruction',
  'equipment-failure',
  'environmental',
  'human-error',
  'other',
] as const;

/** Art. 9(1) special categories of personal data. */
export const SPECIAL_CATEGORIES = [
  'racial-or-ethnic-origin',
  'political-opinions',
  'religious-or-philosophical-beliefs',
  'trade-union-membership',
  'genetic',
  'biometric',
  'health',
  'sex-life',
  'sexual-orientation',
] as const;

/** Art. 10 data relating to criminal convictions and offences. */
export const CRIMINAL_CATEGORIES = ['criminal-offences'] as const;

/** Categories that are sensitive because of context or misuse rather than by law (ICO form, school and care policies). */
export const CONTEXT_SENSITIVE_CATEGORIES = [
  'childrens-records',
  'social-care-records',
  'safeguarding',
  'financial',
  'credentials',
  'property-access-codes',
  'identity-documents',
  'location',
  /** National Insurance number, passport or ID-card number, PESEL, PPSN: the key to identity fraud (ICO, UODO). */
  'national-identifiers',
  /** Browsing, purchases, habits or profiles: ENISA 2013 Annex A1's behavioural data. */
  'behavioural',
  /** Who called or messaged whom and when, with cell location: PECR and ePrivacy traffic data. */
  'communications-traffic',
] as const;

export const BASIC_CATEGORIES = ['basic-identifiers', 'contact-details', 'employment', 'education', 'other'] as const;

export const DATA_CATEGORIES = [
  ...BASIC_CATEGORIES,
  ...CONTEXT_SENSITIVE_CATEGORIES,
  ...SPECIAL_CATEGORIES,
  ...CRIMINAL_CATEGORIES,
] as const;

export const SUBJECT_CATEGORIES = [
  'employees',
  'pupils-or-students',
  'children',
  'parents-or-carers',
  'patients',
  'service-users',
  'vulnerable-adults',
  'customers',
  'members',
  'volunteers',
  'job-applicants',
  'public',
  'other',
] as const;

export const DISCOVERY_CHANNELS = [
  'staff',
  'data-subject',
  'unintended-recipient',
  'processor',
  'third-party',
  'monitoring',
  'audit',
  'police',
  'media',
  'other',
] as const;

export const RECOVERY = ['recovered', 'deleted-confirmed', 'partly', 'not-recovered', 'unknown'] as const;
/** Whether the data is usable again (availability, integrity): kept apart from whether a leaked copy was retrieved. */
export const RESTORATION = ['restored', 'partly', 'not-restored', 'unknown'] as const;
/** How long the data was out of reach mattered less than what that stopped (EDPB 01/2021 Cases 01-03). */
export const DISRUPTION = ['none', 'inconvenience', 'significant', 'critical'] as const;
/** How leaked passwords were stored (EDPB 01/2021 Case 06; ICO guidance on passwords). */
export const PASSWORD_STORAGE = ['plaintext', 'encrypted-reversible', 'hashed-weak', 'hashed-strong'] as const;
/** Harm already happening, not only possible (EDPB 01/2021 Cases 17-18). */
export const MISUSE_KINDS = ['identity-theft', 'fraud', 'extortion', 'harassment', 'publication', 'other'] as const;
/** Whether the organisation can write to each affected person itself: Art. 34(3)(c) turns on it. */
export const CONTACT_HELD = ['all', 'some', 'none'] as const;
/** incidental: mentions, not revelations (a dietary need, a sick day); revealing: diagnoses, beliefs, convictions. */
export const SENSITIVE_NATURE = ['incidental', 'revealing'] as const;
export const RECIPIENTS = ['none', 'trusted', 'untrusted', 'unknown', 'public'] as const;
export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
export const RESPONSIBLE_ROLES = ['staff', 'senior-manager', 'head', 'contractor', 'processor', 'unknown'] as const;

export const contactSchema = z.strictObject({
  name: text(200),
  email: z.optional(z.email().check(z.maxLength(254))),
  phone: z.optional(text(40)),
  role: z.optional(text(200)),
});

/** Reporter: named, or anonymised (the school policy asks for anonymised reports; staff may prefer it). */
export const reporterSchema = z.discriminatedUnion('anonymised', [
  z.strictObject({ anonymised: z.literal(true), role: z.optional(text(200)) }),
  z.strictObject({
    anonymised: z.literal(false),
    name: text(200),
    email: z.optional(z.email().check(z.maxLength(254))),
    phone: z.optional(text(40)),
    role: z.optional(text(200)),
  }),
]);

/** As processor the duty is to tell the controller without undue delay, so the controller must be named. */
export const organisationRoleSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('controller') }),
  z.strictObject({ role: z.literal('processor'), controller: contactSchema }),
]);

export const occurredSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('unknown') }),
    z.strictObject({ kind: z.literal('at'), at: timestamp }),
    z.strictObject({ kind: z.literal('between'), from: timestamp, to: timestamp }),
  ])
  .check(
    z.refine((o) => o.kind !== 'between' || Date.parse(o.from) <= Date.parse(o.to), {
      message: 'the start of the range must not be after its end',
      path: ['to'],
    }),
  );

export const protectionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('password') }),
  z.strictObject({
    kind: z.literal('encrypted'),
    /** strong: current algorithm and key length (e.g. AES-256 full-disk); weak: outdated or short keys. */
    strength: z.enum(['strong', 'weak', 'unknown']),
    /** The key or passphrase went with the data (e.g. written on the laptop) or is otherwise compromised. */
    keyCompromised: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('pseudonymised'), reidentificationKeyCompromised: z.boolean() }),
]);

const uniqueArray = <T extends z.ZodMiniType>(item: T, max: number) =>
  z.array(item).check(
    z.maxLength(max),
    z.refine((a) => new Set(a).size === a.length, { message: 'each value may appear only once' }),
  );

export const breachReportShape = {
  reporter: reporterSchema,
  organisationRole: organisationRoleSchema,
  occurred: occurredSchema,
  /** When the organisation became aware: starts every clock. Not when the form was filed. */
  awareAt: timestamp,
  /**
   * Reported as a suspected breach, not yet confirmed (RCOT 3: "data security breaches include both confirmed and
   * suspected incidents"; RCOT 4: staff report a suspected breach to the DPO at once). The clocks run all the same:
   * awareness of a likely breach starts them. The DPO may then find it is not a personal-data breach (not-a-breach.ts).
   */
  suspected: z.optional(z.boolean()),
  discovery: z.strictObject({ channel: z.enum(DISCOVERY_CHANNELS), detail: z.optional(text(2000)) }),
  /** What happened, in the reporter's words. Free text: never logged. */
  description: text(10_000),
  location: z.optional(text(500)),
  breachTypes: uniqueArray(z.enum(BREACH_TYPES), BREACH_TYPES.length).check(
    z.refine((a) => a.length > 0, { message: 'at least one breach type is required' }),
  ),
  cause: z.strictObject({ category: z.enum(CAUSES), detail: z.optional(text(2000)) }),
  dataCategories: uniqueArray(z.enum(DATA_CATEGORIES), DATA_CATEGORIES.length).check(
    z.refine((a) => a.length > 0, { message: 'at least one data category is required' }),
  ),
  subjectCategories: uniqueArray(z.enum(SUBJECT_CATEGORIES), SUBJECT_CATEGORIES.length).check(
    z.refine((a) => a.length > 0, { message: 'at least one data-subject category is required' }),
  ),
  approximateSubjects: count,
  approximateRecords: count,
  protection: protectionSchema,
  containment: z.strictObject({
    contained: z.boolean(),
    how: z.optional(text(5000)),
    containedAt: z.optional(timestamp),
  }),
  recovery: z.enum(RECOVERY),
  recipient: z.enum(RECIPIENTS),
  malicious: z.enum(YES_NO_UNKNOWN),
  police: z.strictObject({ informed: z.boolean(), crimeReference: z.optional(text(100)) }),
  thirdPartyData: z.strictObject({ involved: z.boolean(), detail: z.optional(text(2000)) }),
  /** Who caused it, by role only: decides escalation (the head → governors in the school policy). */
  responsibleRole: z._default(z.enum(RESPONSIBLE_ROLES), 'unknown'),
  staffTraining: z.optional(z.strictObject({ completed: z.enum(YES_NO_UNKNOWN), detail: z.optional(text(2000)) })),
  cyberImpact: z.optional(z.strictObject({ impact: z.optional(text(5000)), recoveryTime: z.optional(text(500)) })),
  likelyConsequences: z.optional(text(5000)),
  actionsTaken: z.optional(text(10_000)),

  // Facts of the assessment's second edition. All optional: a report without them assesses as it always did.
  /** Availability: whether the data is back and usable, apart from `recovery` (a copy retrieved or deleted). */
  restoration: z.optional(z.enum(RESTORATION)),
  /** Availability: how long the data was out of reach, and what that disrupted for people. */
  unavailability: z.optional(
    z.strictObject({
      hours: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 365 * 10))),
      disruption: z.enum(DISRUPTION),
    }),
  ),
  /** Credentials: how the passwords were stored. */
  passwordStorage: z.optional(z.enum(PASSWORD_STORAGE)),
  /** Special category, criminal or safeguarding data: how many of the people it concerns, and how revealing it is. */
  sensitiveData: z.optional(z.strictObject({ subjects: count, nature: z.enum(SENSITIVE_NATURE) })),
  /** Misuse already under way, and whether one person was deliberately targeted. */
  misuse: z.optional(
    z.strictObject({
      underWay: z.boolean(),
      kinds: z.optional(uniqueArray(z.enum(MISUSE_KINDS), MISUSE_KINDS.length)),
      targetedIndividual: z.optional(z.boolean()),
    }),
  ),
  /** Whether the organisation holds contact details to tell each affected person directly. */
  contactDetailsHeld: z.optional(z.enum(CONTACT_HELD)),
  /** Elite Care's "Levels of Seriousness" questions, answered: they raise the recommended risk (policy-questions.ts). */
  seriousness: z.optional(seriousnessSchema),
  /** The school's Appendix 3 questions ("Does the data breach: …"), answered: they raise its severity level. */
  severityQuestions: z.optional(severityQuestionsSchema),
  /**
   * St Clare's Appendix 2: "What School Policies and Guidance are relevant and was the person responsible aware of
   * these policies/guidance" (and 7. Evaluation: "If an employee ought to have been reasonably aware of the school's
   * expectations").
   */
  policiesApplied: z.optional(
    z
      .array(
        z.strictObject({
          policy: text(200),
          personResponsibleAware: z.enum(YES_NO_UNKNOWN),
          note: z.optional(text(2000)),
        }),
      )
      .check(z.maxLength(20)),
  ),
  /** Where the affected people live (ISO 3166, a German Land as 'DE-BE'): decides which authorities are told. */
  peopleIn: z.optional(peopleInSchema),
  /** NIS2 / DORA classification of the incident, when the organisation is under either. */
  incident: z.optional(incidentSchema),
  /** Groups of people exposed differently (e.g. customers whose accounts were entered, and the rest). */
  groups: z.optional(
    z
      .array(
        z.strictObject({
          label: text(200),
          subjects: count,
          dataCategories: uniqueArray(z.enum(DATA_CATEGORIES), DATA_CATEGORIES.length).check(
            z.refine((a) => a.length > 0, { message: 'at least one data category is required' }),
          ),
          subjectCategories: z.optional(uniqueArray(z.enum(SUBJECT_CATEGORIES), SUBJECT_CATEGORIES.length)),
          recipient: z.optional(z.enum(RECIPIENTS)),
          misuseUnderWay: z.optional(z.boolean()),
        }),
      )
      .check(z.minLength(1), z.maxLength(10)),
  ),
};

/**
 * The awareness time checked on its own field, so a report missing other facts still hears that its awareness time
 * cannot be right, field by field, in the same answer.
 */
const awarenessTime = (now: () => Date) =>
  timestamp.check(
    z.superRefine((awareAt, ctx) => {
      const aware = Date.parse(awareAt);
      if (aware > now().getTime() + FUTURE_SKEW_MS) {
        ctx.addIssue({ code: 'custom', input: awareAt, message: 'awareness time must not be in the future' });
      }
      if (aware < Date.parse(EARLIEST_AWARENESS)) {
        ctx.addIssue({
          code: 'custom',
          input: awareAt,
          message: 'awareness time must not be before 25 May 2018, when the GDPR began to apply (Art. 99(2))',
        });
      }
    }),
  );

export const makeBreachReportSchema = (now: () => Date = () => new Date()) =>
  z.strictObject({ ...breachReportShape, awareAt: awarenessTime(now) }).check(
    z.superRefine((report, ctx) => {
      const aware = Date.parse(report.awareAt);
      const occurredStart =
        report.occurred.kind === 'at'
          ? Date.parse(report.occurred.at)
          : report.occurred.kind === 'between'
            ? Date.parse(report.occurred.from)
            : undefined;
      if (occurredStart !== undefined && occurredStart > aware) {
        ctx.addIssue({
          code: 'custom',
          path: ['occurred'],
          message: 'the breach cannot have started after the organisation became aware of it',
        });
      }
      if (report.occurred.kind === 'between') {
        const to = Date.parse(report.occurred.to);
        if (to < Date.parse(report.occurred.from)) {
          ctx.addIssue({
            code: 'custom',
            path: ['occurred', 'to'],
            message: 'the end of the period must not be before its start (occurred.from)',
          });
        } else if (to > now().getTime() + FUTURE_SKEW_MS) {
          ctx.addIssue({
            code: 'custom',
            path: ['occurred', 'to'],
            message: 'the end of the period must not be in the future: give the latest time it is known to have lasted',
          });
        }
      }
      if (report.sensitiveData && report.sensitiveData.subjects > report.approximateSubjects) {
        ctx.addIssue({
          code: 'custom',
          path: ['sensitiveData', 'subjects'],
          message: 'cannot be more than the number of people affected',
        });
      }
      const grouped = report.groups?.reduce((sum, g) => sum + g.subjects, 0);
      if (grouped !== undefined && grouped > report.approximateSubjects) {
        ctx.addIssue({
          code: 'custom',
          path: ['groups'],
          message: 'the groups together cannot hold more people than the number affected',
        });
      }
      if (
        report.containment.containedAt &&
        Date.parse(report.containment.containedAt) > now().getTime() + FUTURE_SKEW_MS
      ) {
        ctx.addIssue({ code: 'custom', path: ['containment', 'containedAt'], message: 'must not be in the future' });
      }
    }),
  );

export const breachReportSchema = makeBreachReportSchema();

export type BreachReport = z.infer<typeof breachReportSchema>;
export type BreachReportInput = z.input<typeof breachReportSchema>;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
export type SubjectCategory = (typeof SUBJECT_CATEGORIES)[number];
export type Cause = (typeof CAUSES)[number];

export const isCyber = (report: Pick<BreachReport, 'cause'>): boolean =>
  (CYBER_CAUSES as readonly string[]).includes(report.cause.category);
