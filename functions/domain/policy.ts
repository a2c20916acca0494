import { z } from 'zod';
import { contactSchema } from './report';

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
] as const;
export type OtherParty = (typeof OTHER_PARTIES)[number];

/** When an escalation contact is alerted. */
export const ESCALATION_WHEN = ['always', 'head-responsible', 'severity-high', 'deadline-missed'] as const;

export const escalationContactSchema = contactSchema.extend({
  /** e.g. 'slt', 'governors', 'board', 'senior-management'. */
  group: z.string().trim().min(1).max(100),
  when: z.enum(ESCALATION_WHEN),
});

export const clockSchema = z.strictObject({
  id: z.enum(CLOCK_IDS),
  label: z.string().trim().min(1).max(200),
  hours: z.number().positive().max(24 * 30),
  /** Warnings this many hours before the mark (e.g. [6, 1]). */
  warnBeforeHours: z.array(z.number().positive().max(24 * 30)).max(5),
});

export const supervisoryAuthoritySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().optional(),
  phone: z.string().trim().max(40).optional(),
  address: z.string().trim().max(500).optional(),
  reportUrl: z.url().optional(),
});

export type EscalationContact = z.infer<typeof escalationContactSchema>;
export type Clock = z.infer<typeof clockSchema>;
export type SupervisoryAuthority = z.infer<typeof supervisoryAuthoritySchema>;
export type Contact = z.infer<typeof contactSchema>;
