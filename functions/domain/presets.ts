import type * as z from 'zod/mini';
import {
  type Clock,
  DEFAULT_CLOCKS,
  ICO,
  type OrganisationPolicy,
  type OrganisationPolicyInput,
  organisationPolicySchema,
} from './policy';

/**
 * The five real procedures of shared/policies as ready presets. Each duty and other party is taken from what the
 * policy says (cited per preset); where a policy is silent the product default applies and the comment says so.
 *
 * Contacts are placeholders on example.org except RCOT's DPO, whose name and contact details its published policy
 * gives (section 4). An organisation replaces them through `presetPolicy(id, overrides)`.
 */

export const PRESET_IDS = ['social-care', 'elite-care', 'rcot', 'generic', 'generic-processor', 'school'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export const isPresetId = (value: unknown): value is PresetId =>
  typeof value === 'string' && (PRESET_IDS as readonly string[]).includes(value);

/** Every field an organisation may override; arrays are replaced whole (see `deepMerge`). */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;
/** `preset` is left out: it names the preset the overrides apply to, so overriding it would misrecord the procedure. */
export type PolicyOverrides = DeepPartial<Omit<OrganisationPolicyInput, 'preset'>>;

export interface PolicyIssue {
  path: string;
  message: string;
}

/** A policy (a preset with overrides, or an unknown preset id) that does not validate; `cause` is zod's error. */
export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';
  /** Field-level problems, ready for an RFC 9457 problem's details. */
  readonly issues: PolicyIssue[];

  constructor(message: string, options: { cause?: unknown; issues?: PolicyIssue[] } = {}) {
    super(message, { cause: options.cause });
    this.issues = options.issues ?? [];
  }
}

/** The policies are silent on these 24 h and 48 h internal clocks; the product defaults keep the 72 h achievable. */
const defaultClocks = (labels: Partial<Record<Clock['id'], string>> = {}): Clock[] =>
  DEFAULT_CLOCKS.map((clock) => ({
    ...clock,
    label: labels[clock.id] ?? clock.label,
    warnBeforeHours: [...clock.warnBeforeHours],
  }));

const placeholderDpo = (domain: string) => ({
  name: 'Data Protection Officer',
  email: `dpo@${domain}.example.org`,
  role: 'Data Protection Officer',
});

const PRESET_INPUTS: Record<PresetId, OrganisationPolicyInput> = {
  // 000, social care sector guide. "Report to the ICO immediately and within 72 hours"; CQC-registered providers also
  // report through the DSPT incident tool, then e-mail the ICO to confirm (dspt-report: drop it if not registered).
  // "Do I need to inform staff and the people we support": senior management advise on how to tell people.
  // Vulnerable people: next of kin, LPA or care professional (notify-through-representative); access codes to
  // service users' properties changed (change-property-access-codes). "What other actions": the commissioning Local
  // Authority, the insurer, legal advice.
  'social-care': {
    preset: 'social-care',
    sector: 'social-care',
    role: 'controller',
    timeZone: 'Europe/London',
    dpo: placeholderDpo('social-care'),
    escalation: [
      {
        name: 'Registered Manager',
        email: 'manager@social-care.example.org',
        role: 'Registered Manager',
        group: 'senior-management',
        when: 'always',
      },
    ],
    supervisoryAuthority: { ...ICO },
    clocks: defaultClocks({ authority: 'Report to the ICO (and the DSPT incident tool)' }),
    severityScale: 'enisa',
    duties: ['dspt-report', 'notify-through-representative', 'change-property-access-codes'],
    // A social care provider's records are care data: its IG lead and Caldicott Guardian are a party to every breach.
    otherParties: ['dspt', 'local-authority', 'insurer', 'legal-adviser', 'ig-team-caldicott-guardian'],
  },
  // 001, Elite Care Homes. Initial assessment of harm "within the first 24 hours (if possible)" (Risk Assessment);
  // investigation decided "in consultation with management"; ICO or police for a criminal act (police-route);
  // a decision not to report is documented with its evidence; initial ICO contact inside 72 h even if incomplete
  // (Information to be Supplied); the persons affected are informed "in all cases" (Levels of Seriousness, note);
  // a final report "considered at the highest level (board...)" with recommendations and training (Further Action).
  'elite-care': {
    preset: 'elite-care',
    sector: 'care-home',
    role: 'controller',
    timeZone: 'Europe/London',
    dpo: placeholderDpo('elite-care'),
    escalation: [
      {
        name: 'Home Manager',
        email: 'management@elite-care.example.org',
        role: 'Management',
        group: 'senior-management',
        when: 'always',
      },
    ],
    supervisoryAuthority: { ...ICO },
    clocks: defaultClocks({
      'initial-assessment': 'Initial assessment of the extent of potential harm',
      authority: 'Initial contact with the ICO (explain any delay)',
    }),
    severityScale: 'enisa',
    // Care homes hold health and social care records: the IG team and Caldicott Guardian are a party for them.
    duties: [
      'police-route',
      'inform-subjects-always',
      'document-decision-not-to-report',
      'final-report-to-board',
      'ig-caldicott-for-care-data',
    ],
    otherParties: ['police', 'board'],
  },
  // 002, Royal College of Occupational Therapists. DPO named in section 4 (a placeholder here, see dpo below). Section 6.1.1: risk assessment,
  // its reasoning and conclusion (one of three) "fully documented and signed off by senior management", all decision
  // making documented (so a decision not to notify is too). Section 6.1.2: written confirmation of receipt with date
  // and time from the authority. The policy names only the authority and the subjects as parties to inform (6).
  rcot: {
    preset: 'rcot',
    sector: 'professional-body',
    role: 'controller',
    timeZone: 'Europe/London',
    // The policy names its DPO with a personal mobile number: a preset must not, or every deployment and demo with it
    // would mail and print a real person. A reserved example domain, and an Ofcom drama number (07700 900xxx).
    dpo: { ...placeholderDpo('rcot'), phone: '07700 900077' },
    escalation: [
      {
        name: 'Senior Management Team',
        email: 'senior-management@rcot.example.org',
        role: 'Senior management',
        group: 'senior-management',
        when: 'always',
      },
    ],
    supervisoryAuthority: { ...ICO },
    clocks: defaultClocks(),
    severityScale: 'enisa',
    duties: ['senior-management-sign-off', 'document-decision-not-to-report', 'authority-acknowledgement'],
    otherParties: [],
  },
  // 003, generic GDPR procedure, as controller. "Overview": log date, time and nature; document who is notified
  // "along with supporting rationale"; "High Risk": "If we decide not to notify Data Subjects, the rationale needs to
  // be captured". No escalation contacts or other parties are named.
  generic: {
    preset: 'generic',
    sector: 'generic',
    role: 'controller',
    timeZone: 'Europe/London',
    dpo: placeholderDpo('generic'),
    escalation: [],
    supervisoryAuthority: { ...ICO },
    clocks: defaultClocks(),
    severityScale: 'enisa',
    duties: ['document-decision-not-to-report'],
    otherParties: [],
  },
  // 003, the same procedure's "Where we are the Data Processor" route: notify the controller "as quickly as
  // possible", by telephone first, then agreed secure transfer, every communication logged (notify-controller).
  // The authority clock stays because the schema requires it: it is the controller's 72 h, which ours must beat.
  'generic-processor': {
    preset: 'generic-processor',
    sector: 'generic',
    role: 'processor',
    timeZone: 'Europe/London',
    dpo: placeholderDpo('generic-processor'),
    escalation: [],
    controllers: [{ name: 'Client Organisation', email: 'dpo@client.example.org', role: 'Controller' }],
    supervisoryAuthority: { ...ICO },
    clocks: defaultClocks({ authority: "The controller's 72 h to notify the authority (tell the controller first)" }),
    severityScale: 'enisa',
    duties: ['notify-controller', 'document-decision-not-to-report'],
    otherParties: ['controller'],
  },
  // 004, St Clare's RC Primary School. Section 1: investigation report with severity level within 48 h, escalated to
  // SLT; breaches by the head go to governors; the DPO consulted in all cases before the ICO. Section 3: lost or
  // stolen ICT assets to the ICT service provider. Section 6: SLT quality-checks every ICO report; a decision not to
  // report is justified and documented; other people: data-sharing partners, the court, affected companies.
  // Sections 7–8: evaluation reported to SLT; no closure until the ICO's remedial actions are implemented.
  // Appendix 3: severity levels 0–4, internal only.
  school: {
    preset: 'school',
    sector: 'school',
    role: 'controller',
    timeZone: 'Europe/London',
    dpo: placeholderDpo('school'),
    escalation: [
      {
        name: 'Senior Leadership Team',
        email: 'slt@school.example.org',
        role: 'SLT',
        group: 'slt',
        when: 'always',
        // Section 1: "escalating any level 1 and 2 breaches to the Senior Leadership Team (SLT) and any level 3 and 4
        // breaches within 48 hours" (the sentence names no other body for 3–4, so the SLT has them too). Level 0
        // ("No loss of control", Appendix 3) is not escalated.
        severityLevels: [1, 2, 3, 4],
      },
      {
        name: 'Chair of Governors',
        email: 'governors@school.example.org',
        role: 'Chair of Governors',
        group: 'governors',
        when: 'head-responsible',
      },
    ],
    supervisoryAuthority: { ...ICO },
    clocks: defaultClocks({
      'initial-assessment': 'Alert a senior manager and assess',
      'internal-report': 'Investigation report with severity level (0–4)',
      authority: 'Report to the ICO (after consulting the DPO and SLT quality check)',
    }),
    severityScale: 'levels-0-4',
    duties: [
      'dpo-consulted-before-authority',
      'slt-quality-check',
      'closure-after-authority-actions',
      'document-decision-not-to-report',
      'final-report-to-board',
      'ict-provider-for-lost-devices',
      'ig-caldicott-for-care-data',
    ],
    otherParties: ['data-sharing-partners', 'court', 'affected-companies', 'ict-provider', 'governors'],
  },
};

export const PRESET_DESCRIPTIONS: Record<PresetId, string> = {
  'social-care':
    'Social care provider: ICO within 72 h plus the DSPT incident tool, vulnerable people told through a representative.',
  'elite-care':
    'Care home (Elite Care Homes): 24 h harm assessment, ICO or police, affected people told in all cases, board report.',
  rcot: 'Professional body (RCOT): three conclusions signed off by senior management, written ICO acknowledgement.',
  generic:
    'Generic GDPR procedure as controller: ICO within 72 h, subjects when high risk, rationale for not telling them.',
  'generic-processor':
    'Generic GDPR procedure as processor: notify the controller without delay and log every communication.',
  school: "School (St Clare's): severity 0–4 report within 48 h, SLT or governors, DPO consulted before the ICO.",
};

const issuesOf = (error: z.core.$ZodError): PolicyIssue[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));

const parsePolicy = (input: unknown, what: string): OrganisationPolicy => {
  const result = organisationPolicySchema.safeParse(input);
  if (!result.success) {
    const issues = issuesOf(result.error);
    const first = issues[0];
    throw new InvalidPolicyError(`${what} is not a valid policy${first ? `: ${first.path} ${first.message}` : ''}`, {
      cause: result.error,
      issues,
    });
  }
  return result.data;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.getPrototypeOf(value) === Object.prototype;

/**
 * Plain objects merge key by key; arrays and scalars replace. Arrays replace because merging lists by index would
 * splice one clock's warnings onto another's, or keep a duty the organisation meant to drop. `undefined` means "not
 * overridden", so an optional field cannot be cleared this way; the schema then sees the preset's value.
 */
export const deepMerge = <T>(base: T, overrides: unknown): T => {
  if (!isPlainObject(base) || !isPlainObject(overrides)) {
    return (overrides === undefined ? structuredClone(base) : structuredClone(overrides)) as T;
  }
  const merged: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    merged[key] = key in merged ? deepMerge(merged[key], value) : structuredClone(value);
  }
  return merged as T;
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

/** Validated at load, so a broken preset fails every test at once rather than one organisation at run time. */
export const PRESETS: Record<PresetId, OrganisationPolicy> = deepFreeze(
  Object.fromEntries(PRESET_IDS.map((id) => [id, parsePolicy(PRESET_INPUTS[id], `preset '${id}'`)])) as Record<
    PresetId,
    OrganisationPolicy
  >,
);

/**
 * The preset with an organisation's overrides deep-merged in, validated. Always a fresh object: the caller may change
 * it without touching the shared preset. Throws InvalidPolicyError for an unknown id or an invalid result.
 */
export const presetPolicy = (id: PresetId, overrides?: PolicyOverrides): OrganisationPolicy => {
  if (!isPresetId(id)) {
    throw new InvalidPolicyError(`unknown preset '${String(id)}'`, {
      issues: [{ path: 'preset', message: `must be one of ${PRESET_IDS.join(', ')}` }],
    });
  }
  const requested = (overrides as { preset?: unknown } | undefined)?.preset;
  if (requested !== undefined && requested !== id) {
    throw new InvalidPolicyError(`overrides for preset '${id}' may not change the preset to '${String(requested)}'`, {
      issues: [{ path: 'preset', message: `must be '${id}' or left out` }],
    });
  }
  return parsePolicy(deepMerge(PRESET_INPUTS[id], overrides), `preset '${id}' with overrides`);
};
