import * as z from 'zod/mini';
import { contactSchema } from './report';
import './zod-english';
import { organisationJurisdictionSchema } from './jurisdiction-facts';
import { noticeTemplateOverrideSchema } from './notice-template-override';

/**
 * An organisation's breach policy: who decides, who is told, how long each clock runs, which sector duties apply.
 * The five real procedures of shared/policies ship as presets (presets.ts); an organisation may override any part.
 */

export const CLOCK_IDS = ['initial-assessment', 'internal-report', 'authority'] as const;
export type ClockId = (typeof CLOCK_IDS)[number];

/** enisa: ENISA 2013 bands (low / medium / high / very high); levels-0-4: the school's internal levels 0–4. */
export const SEVERITY_SCALES = ['enisa', 'levels-0-4'] as const;
export type SeverityScale = (typeof SEVERITY_SCALES)[number];

/**
 * Duties that change the procedure. Each one is named after what it makes the system do, and each comes from a
 * policy in shared/policies (noted beside it).
 */
export const DUTIES = [
  /** social care: CQC-registered providers report through the DSPT incident tool, then e-mail the ICO to confirm. */
  'dspt-report',
  /** school: the DPO (or deputy) is consulted before any report to the ICO. */
  'dpo-consulted-before-authority',
  /** school: SLT quality-checks the ICO report before it is sent. */
  'slt-quality-check',
  /** Elite Care: decide ICO or police (criminal act). */
  'police-route',
  /** Elite Care: affected people are told in all cases, reportable or not. */
  'inform-subjects-always',
  /** Elite Care, school, generic: a decision not to report must be documented with its evidence. */
  'document-decision-not-to-report',
  /** RCOT: the conclusion is signed off by senior management. */
  'senior-management-sign-off',
  /** RCOT: written confirmation of receipt (date and time) obtained from the authority. */
  'authority-acknowledgement',
  /** Elite Care, school: a final report to the board / SLT with recommendations and training needs. */
  'final-report-to-board',
  /** school: closure waits for the ICO's remedial actions to be implemented. */
  'closure-after-authority-actions',
  /** generic (processor): notify the controller without delay, log every communication. */
  'notify-controller',
  /** social care: vulnerable people are told through a representative (next of kin, LPA, care professional). */
  'notify-through-representative',
  /** social care: access codes to service users' properties at risk must be changed. */
  'change-property-access-codes',
  /** school: lost or stolen ICT assets are reported to the ICT service provider. */
  'ict-provider-for-lost-devices',
  /**
   * NHS or social care data: the Information Governance team and the Caldicott Guardian take part (school 5: "For
   * NHS or social care data in Children and Families – Information Governance Team and Caldicott Guardian"; the
   * social care guide's "local incident reporting procedure" and IG Portal). Suggested as a party for such data.
   */
  'ig-caldicott-for-care-data',
] as const;
export type Duty = (typeof DUTIES)[number];

/** Other parties a preset prompts the DPO to consider; each becomes a tracked item (notifications issue). */
export const OTHER_PARTIES = [
  'police',
  'controller',
  'dspt',
  'local-authority',
  'insurer',
  'legal-adviser',
  'data-sharing-partners',
  'court',
  'ict-provider',
  'board',
  'governors',
  'affected-companies',
  'ig-team-caldicott-guardian',
] as const;
export type OtherParty = (typeof OTHER_PARTIES)[number];

/** When an escalation contact is alerted. */
export const ESCALATION_WHEN = ['always', 'head-responsible', 'severity-high', 'deadline-missed'] as const;

export const escalationContactSchema = z.extend(contactSchema, {
  /** e.g. 'slt', 'governors', 'board', 'senior-management'. */
  group: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  when: z.enum(ESCALATION_WHEN),
  /**
   * Escalation by severity level (0–4, the school's Appendix 3 scale): once the breach has a level, the contact is
   * told only at these levels (school 1: "escalating any level 1 and 2 breaches to the Senior Leadership Team (SLT)
   * and any level 3 and 4 breaches within 48 hours"). Before the level is known the contact's rule alone decides, so
   * nobody misses the first alerts. Absent: every level.
   */
  severityLevels: z.optional(
    z.array(z.number().check(z.int(), z.minimum(0), z.maximum(4))).check(z.minLength(1), z.maxLength(5)),
  ),
});

export const clockSchema = z.strictObject({
  id: z.enum(CLOCK_IDS),
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  hours: z.number().check(z.positive(), z.maximum(24 * 30)),
  /** Warnings this many hours before the mark (e.g. [6, 1]). */
  warnBeforeHours: z.array(z.number().check(z.positive(), z.maximum(24 * 30))).check(z.maxLength(5)),
});

export const supervisoryAuthoritySchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: z.optional(z.email()),
  phone: z.optional(z.string().check(z.trim(), z.maxLength(40))),
  address: z.optional(z.string().check(z.trim(), z.maxLength(500))),
  reportUrl: z.optional(z.url()),
});

export type EscalationContact = z.infer<typeof escalationContactSchema>;
export type Clock = z.infer<typeof clockSchema>;
export type SupervisoryAuthority = z.infer<typeof supervisoryAuthoritySchema>;
export type Contact = z.infer<typeof contactSchema>;

export const SECTORS = ['school', 'social-care', 'care-home', 'professional-body', 'generic'] as const;
export type Sector = (typeof SECTORS)[number];

export const ORGANISATION_ROLES = ['controller', 'processor'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

/**
 * Art. 33(1)'s 72 hours: the default authority clock. Not a cap: other regimes run longer or shorter (NIS2's final
 * report, the Swiss FADP's "as soon as possible"), and each obligation brings its own marks (obligations.ts).
 */
export const AUTHORITY_MAX_HOURS = 72;

export const DEFAULT_DECISION_LINK_HOURS = 72;

/**
 * Each of these duties makes the system track a party, so a policy naming the duty without the party would leave the
 * duty with nobody to discharge it to.
 */
export const DUTY_PARTIES: Partial<Record<Duty, OtherParty>> = {
  'dspt-report': 'dspt',
  'notify-controller': 'controller',
  'police-route': 'police',
  'ict-provider-for-lost-devices': 'ict-provider',
};

/**
 * The product defaults, taken from the policies themselves: Elite Care's 24 h initial assessment of harm, the school's
 * 48 h investigation report with its severity level, and the 72 h of Art. 33(1). Two warnings each: 6 h leaves a
 * working day's afternoon to act, 1 h is the last call. Frozen because presets and callers share these objects.
 */
export const DEFAULT_CLOCKS: readonly Clock[] = Object.freeze(
  (
    [
      { id: 'initial-assessment', label: 'Initial assessment of harm', hours: 24, warnBeforeHours: [6, 1] },
      {
        id: 'internal-report',
        label: 'Internal investigation report with severity',
        hours: 48,
        warnBeforeHours: [6, 1],
      },
      {
        id: 'authority',
        label: 'Notification to the supervisory authority',
        hours: AUTHORITY_MAX_HOURS,
        warnBeforeHours: [6, 1],
      },
    ] satisfies Clock[]
  ).map((clock) => Object.freeze({ ...clock, warnBeforeHours: Object.freeze([...clock.warnBeforeHours]) as number[] })),
);

/** The UK supervisory authority, as RCOT's policy (section 6.1) and the ICO's own breach-reporting page give it. */
export const ICO: SupervisoryAuthority = Object.freeze({
  name: "Information Commissioner's Office",
  email: 'casework@ico.org.uk',
  phone: '0303 123 1113',
  address: 'Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF',
  reportUrl: 'https://ico.org.uk/for-organisations/report-a-breach/personal-data-breach/',
});

/**
 * An IANA zone name that this runtime's Intl knows. Offsets such as '+01:00' are refused although Intl accepts them:
 * a fixed offset has no summer time, so deadlines shown in it would be an hour out for half the year.
 */
export const isTimeZone = (value: string): boolean => {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

const uniqueList = <T extends z.ZodMiniType>(item: T, max: number) =>
  z.array(item).check(
    z.maxLength(max),
    z.refine((a) => new Set(a).size === a.length, { message: 'each value may appear only once' }),
  );

/**
 * The DPO receives every alert and decision link by e-mail, so an address is not optional for them. The postal address
 * is where people affected by a breach can write back: a printed letter goes to people without e-mail, so it gives
 * this address (as the sender's and in its contact block) beside the phone number. Optional, as it always was; lines
 * are separated by commas or line breaks.
 */
export const dpoContactSchema = z.extend(contactSchema, {
  email: z.email().check(z.maxLength(254)),
  postalAddress: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
});

export const organisationPolicySchema = z
  .strictObject({
    /** The preset this policy started from (presets.ts), kept so a breach records which procedure it ran under. */
    preset: z
      .string()
      .check(
        z.trim(),
        z.minLength(1),
        z.maxLength(100),
        z.regex(/^[a-z0-9][a-z0-9-]*$/, 'a preset id is lower-case letters, digits and hyphens'),
      ),
    sector: z.enum(SECTORS),
    /** The organisation's usual role; a report may still say otherwise for one breach (report.organisationRole). */
    role: z.enum(ORGANISATION_ROLES),
    /** Where deadlines are shown to people; the clocks themselves run in elapsed time and ignore it. */
    timeZone: z.string().check(z.refine(isTimeZone, { message: 'must be an IANA time zone name, e.g. Europe/London' })),
    dpo: dpoContactSchema,
    escalation: z.array(escalationContactSchema).check(z.maxLength(20)),
    /**
     * The controllers this organisation processes data for, as its administrators registered them. A report from the
     * hosted form (which anyone may fill in) may make the organisation processor only for one of these, and a
     * controller notice for such a report goes only to their address (registered-controllers.ts).
     */
    controllers: z.optional(z.array(contactSchema).check(z.maxLength(100))),
    supervisoryAuthority: supervisoryAuthoritySchema,
    clocks: z.array(clockSchema).check(z.minLength(1), z.maxLength(20)),
    severityScale: z.enum(SEVERITY_SCALES),
    duties: uniqueList(z.enum(DUTIES), DUTIES.length),
    otherParties: uniqueList(z.enum(OTHER_PARTIES), OTHER_PARTIES.length),
    /**
     * Where the organisation is established and its regulated sectors: with where the people live, decides which
     * authorities are told (obligations.ts). Absent: a UK organisation under UK GDPR only, as every preset is.
     */
    jurisdiction: z.optional(organisationJurisdictionSchema),
    /**
     * The organisation's own wording of the notice to people, per language: named fields of the template
     * (notice-templates.ts) reworded; a required Art. 34(2) element can never be removed.
     */
    noticeTemplates: z.optional(z.array(noticeTemplateOverrideSchema).check(z.maxLength(10))),
    /** Hours a decision link stays valid after it is mailed. */
    decisionLinkHours: z._default(z.number().check(z.positive(), z.maximum(24 * 30)), DEFAULT_DECISION_LINK_HOURS),
  })
  .check(
    z.superRefine((policy, ctx) => {
      const ids = policy.clocks.map((clock) => clock.id);
      ids.forEach((id, index) => {
        if (ids.indexOf(id) !== index) {
          ctx.addIssue({ code: 'custom', path: ['clocks', index, 'id'], message: `clock '${id}' appears twice` });
        }
      });
      const authority = policy.clocks.findIndex((clock) => clock.id === 'authority');
      if (authority < 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['clocks'],
          message: 'an authority clock is required: Art. 33(1) runs whatever the policy says',
        });
      }
      policy.escalation.forEach((contact, index) => {
        if (!contact.email) {
          ctx.addIssue({
            code: 'custom',
            path: ['escalation', index, 'email'],
            message: 'an escalation contact is alerted by e-mail and needs an address',
          });
        }
      });
      if (policy.role === 'processor' && !policy.duties.includes('notify-controller')) {
        ctx.addIssue({
          code: 'custom',
          path: ['duties'],
          message: "a processor's duty is to notify the controller (Art. 33(2)): add 'notify-controller'",
        });
      }
      for (const duty of policy.duties) {
        const party = DUTY_PARTIES[duty];
        if (party && !policy.otherParties.includes(party)) {
          ctx.addIssue({
            code: 'custom',
            path: ['otherParties'],
            message: `the '${duty}' duty needs '${party}' among the other parties`,
          });
        }
      }
    }),
  );

export type OrganisationPolicy = z.infer<typeof organisationPolicySchema>;
/** What a caller may send: defaults (decisionLinkHours) not yet applied. */
export type OrganisationPolicyInput = z.input<typeof organisationPolicySchema>;
export type DpoContact = z.infer<typeof dpoContactSchema>;

export const hasDuty = (policy: Pick<OrganisationPolicy, 'duties'>, duty: Duty): boolean =>
  policy.duties.includes(duty);

export const clockFor = (policy: Pick<OrganisationPolicy, 'clocks'>, id: ClockId): Clock | undefined =>
  policy.clocks.find((clock) => clock.id === id);
