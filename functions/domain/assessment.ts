import {
  assessEnisaSeverity,
  type EnisaBand,
  type EnisaSeverity,
  type Factor,
  INTRINSICALLY_MALICIOUS_CAUSES,
  isMalicious,
  LEGALLY_SPECIAL,
} from './enisa';
import type { Duty, SeverityScale } from './policy';
import type { BreachReport, SubjectCategory } from './report';

export type { EnisaBand, EnisaSeverity, Factor } from './enisa';

/**
 * The recommended assessment of a breach: ENISA severity, the organisation's severity level, the risk to people's
 * rights and freedoms, and which of the three conclusions follows (Art. 33 / Art. 34 UK GDPR and EU GDPR).
 *
 * The system recommends; a named person decides (DOMAIN.md). So the output carries every factor and a rationale in
 * plain English, and never anything taken from the report's free text: only categories and numbers, so the stored
 * assessment holds no personal data.
 *
 * Deterministic: no clock, no randomness. The same report and policy always give the same assessment, and
 * ASSESSMENT_METHOD_VERSION is stored with it so an auditor knows which rules produced it.
 */

/** Bump when any rule, threshold or score below changes: stored assessments keep the version that produced them. */
export const ASSESSMENT_METHOD_VERSION = 'breachdesk-assessment/1.0.0 (ENISA 2013 v1.0; Art. 33-34 risk matrix)';

/** The RCOT policy's three conclusions, and nothing else: a decision always picks exactly one. */
export const CONCLUSIONS = ['no-notification', 'authority-only', 'authority-and-subjects'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

export const CONCLUSION_LABELS: Record<Conclusion, string> = {
  'no-notification': 'no notification is required',
  'authority-only': 'notify the supervisory authority only',
  'authority-and-subjects': 'notify the supervisory authority and the affected people',
};

export const RISK_LEVELS = ['no-risk', 'risk', 'high-risk'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** How likely harm to people is (ICO / EDPB: risk = likelihood × severity of the consequences). */
export const LIKELIHOODS = ['remote', 'possible', 'likely'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

/** How bad the consequences for people would be if the harm happened. */
export const IMPACTS = ['minimal', 'significant', 'severe'] as const;
export type Impact = (typeof IMPACTS)[number];

export const ART34_GROUNDS = ['data-unintelligible', 'subsequent-measures', 'disproportionate-effort'] as const;
export type Art34Ground = (typeof ART34_GROUNDS)[number];

export type Art34Exemption =
  | { applies: true; ground: Art34Ground; explanation: string }
  | { applies: false; explanation: string };

export interface SeverityLevel {
  scale: SeverityScale;
  level: number;
  label: string;
}

export interface RiskAssessment {
  likelihood: Likelihood;
  severity: Impact;
  level: RiskLevel;
}

/** A plausible change in the facts that would change the recommendation: what the DPO should keep an eye on. */
export interface WhatWouldChange {
  if: string;
  conclusion: Conclusion;
}

export interface AssessmentPolicy {
  severityScale: SeverityScale;
  duties: readonly Duty[];
}

export interface Assessment {
  method: string;
  enisa: EnisaSeverity;
  severityLevel: SeverityLevel;
  risk: RiskAssessment;
  /** The legal recommendation, before any extra duty of the organisation's policy. */
  conclusion: Conclusion;
  notifyAuthority: boolean;
  /** Art. 34(1) requires telling the affected people directly (high risk and no Art. 34(3) exemption). */
  subjectsLegallyRequired: boolean;
  /** Set when an Art. 34(3) exemption was in question: it applies, or the risk is high and none does. */
  exemption?: Art34Exemption;
  /** Art. 34(3)(c): people cannot reasonably be reached one by one, so a public communication informs them. */
  publicCommunication: boolean;
  /** Whether affected people are told directly: the law's duty or the organisation's own policy duty. */
  subjectsToBeTold: boolean;
  subjectsToBeToldReason: string;
  /** What the organisation's policy duties add on top of the law for this breach. */
  policyNotes: string[];
  factors: Factor[];
  whatWouldChange: WhatWouldChange[];
  rationale: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Thresholds, each with the reason for its value
// ---------------------------------------------------------------------------------------------------------------

/**
 * From this many people the consequences are raised a step: the EDPB counts the number affected towards the
 * severity of a breach, and ENISA leaves it out of SE to be weighed afterwards. A thousand is where writing to
 * everyone stops being a phone round and becomes a campaign, i.e. where harm stops being individual and contained.
 */
export const LARGE_SCALE_SUBJECTS = 1_000;

/**
 * The school's level 4 needs "a significant number" of people; ENISA flags breaches of more than 100 individuals
 * for separate attention, so we use the same line.
 */
export const SIGNIFICANT_NUMBER_OF_SUBJECTS = 100;

/**
 * Art. 34(3)(c), disproportionate effort: when the breached data holds no contact details and this many people are
 * affected, tracing each one cannot be done "without undue delay", so a public communication is needed instead.
 * Also when every affected person is a member of the public, whom an organisation rarely has any way to reach.
 */
export const DISPROPORTIONATE_EFFORT_SUBJECTS = 100_000;

/** People who may not understand a notice themselves: the social-care guide tells them through a representative. */
const NEEDS_REPRESENTATIVE: readonly SubjectCategory[] = ['vulnerable-adults', 'children', 'service-users'];

// ---------------------------------------------------------------------------------------------------------------
// The legal core: policy-independent, so counterfactuals can re-run it cheaply
// ---------------------------------------------------------------------------------------------------------------

interface Core {
  enisa: EnisaSeverity;
  lossOfControl: boolean;
  likelihood: Likelihood;
  impact: Impact;
  risk: RiskLevel;
  conclusion: Conclusion;
  exemption?: Art34Exemption;
  publicCommunication: boolean;
  reasons: Factor[];
}

const stepUp = <T>(scale: readonly T[], value: T): T =>
  scale[Math.min(scale.length - 1, scale.indexOf(value) + 1)] ?? value;
const stepDown = <T>(scale: readonly T[], value: T): T => scale[Math.max(0, scale.indexOf(value) - 1)] ?? value;
const highest = <T>(scale: readonly T[], values: readonly T[], floor: T): T =>
  values.reduce((a, b) => (scale.indexOf(b) > scale.indexOf(a) ? b : a), floor);

/** Thousands separated by commas, without Intl: the wording must not depend on the runtime's locale data. */
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const isRestored = (report: BreachReport) => report.recovery === 'recovered' || report.recovery === 'deleted-confirmed';
const LOSS_CAUSES: readonly string[] = ['lost-device', 'lost-paper'];

/**
 * The school's "loss of control": access by an unauthorised party, alteration or loss of availability. Nobody lost
 * control when the data is unreadable, or when only confidentiality was at stake, nobody received it and it is back.
 */
function hadLossOfControl(report: BreachReport, unintelligible: boolean): boolean {
  if (unintelligible) return false;
  const confidentialityOnly = report.breachTypes.every((t) => t === 'confidentiality');
  return !(confidentialityOnly && report.recipient === 'none' && isRestored(report));
}

/**
 * Likelihood that people come to harm. `mitigated: false` ignores recovery and deletion, giving the risk as it stood
 * before the subsequent measures: what Art. 34(3)(b) compares against.
 */
function likelihoodOf(
  report: BreachReport,
  enisa: EnisaSeverity,
  mitigated: boolean,
): { likelihood: Likelihood; reasons: Factor[] } {
  const reasons: Factor[] = [];
  if (enisa.ei.unintelligible) return { likelihood: 'remote', reasons };

  const restored = mitigated && isRestored(report);
  const perType: Likelihood[] = [];
  if (report.breachTypes.includes('confidentiality')) {
    const byRecipient: Record<BreachReport['recipient'], Likelihood> = {
      public: 'likely',
      unknown: LOSS_CAUSES.includes(report.cause.category) ? 'possible' : 'likely',
      untrusted: 'possible',
      trusted: restored ? 'remote' : 'possible',
      none: 'remote',
    };
    perType.push(byRecipient[report.recipient]);
    if (report.recipient === 'untrusted' && restored) {
      reasons.push({
        factor: 'deletion-not-relied-on',
        effect: 'raises',
        explanation:
          'The recipient says the data was returned or deleted, but cannot be relied on, so the risk is treated as remaining.',
      });
    }
  }
  for (const type of ['integrity', 'availability'] as const) {
    if (!report.breachTypes.includes(type)) continue;
    if (mitigated && report.recovery === 'recovered') perType.push('remote');
    else if (mitigated && report.recovery === 'not-recovered') perType.push('likely');
    else perType.push(mitigated ? 'possible' : 'likely');
  }
  let likelihood = highest(LIKELIHOODS, perType, 'remote');

  // An attacker wants the data for a reason; an accident has no one behind it.
  if (isMalicious(report)) likelihood = stepUp(LIKELIHOODS, likelihood);
  if (!report.containment.contained) {
    likelihood = stepUp(LIKELIHOODS, likelihood);
    reasons.push({
      factor: 'not-contained',
      effect: 'raises',
      explanation: 'The breach is not yet contained, so more data or more people may still be affected.',
    });
  }
  if (report.protection.kind === 'pseudonymised' && !report.protection.reidentificationKeyCompromised) {
    likelihood = stepDown(LIKELIHOODS, likelihood);
  }
  return { likelihood, reasons };
}

/** Severity of the consequences: the nature of the data in its context (ENISA's DPC), then the number of people. */
function impactOf(report: BreachReport, enisa: EnisaSeverity): { impact: Impact; reasons: Factor[] } {
  const dpc = enisa.dpc.score;
  let impact: Impact = dpc >= 4 ? 'severe' : dpc >= 2 ? 'significant' : 'minimal';
  const reasons: Factor[] = [];
  if (report.approximateSubjects >= LARGE_SCALE_SUBJECTS) {
    impact = stepUp(IMPACTS, impact);
    reasons.push({
      factor: 'large-number-of-subjects',
      effect: 'raises',
      explanation: `About ${grouped(report.approximateSubjects)} people are affected, at least ${grouped(LARGE_SCALE_SUBJECTS)}, which ENISA's formula leaves out and which raises the consequences a step.`,
    });
  }
  return { impact, reasons };
}

/**
 * Risk = likelihood × severity. Remote but severe stays a risk: the trusted recipient still saw the data, and the
 * authority should hear of it even though Art. 34(3)(b) spares the people a notice.
 */
const RISK_MATRIX: Record<Likelihood, Record<Impact, RiskLevel>> = {
  remote: { minimal: 'no-risk', significant: 'no-risk', severe: 'risk' },
  possible: { minimal: 'no-risk', significant: 'risk', severe: 'high-risk' },
  likely: { minimal: 'risk', significant: 'high-risk', severe: 'high-risk' },
};

const riskOf = (lossOfControl: boolean, likelihood: Likelihood, impact: Impact): RiskLevel =>
  lossOfControl ? RISK_MATRIX[likelihood][impact] : 'no-risk';

/** Art. 33: tell the authority unless unlikely to result in a risk; Art. 34: tell the people when the risk is high. */
const CONCLUSION_FOR: Record<RiskLevel, Conclusion> = {
  'no-risk': 'no-notification',
  risk: 'authority-only',
  'high-risk': 'authority-and-subjects',
};

function evaluate(report: BreachReport): Core {
  const enisa = assessEnisaSeverity(report);
  const lossOfControl = hadLossOfControl(report, enisa.ei.unintelligible);
  const now = likelihoodOf(report, enisa, true);
  const { impact, reasons: impactReasons } = impactOf(report, enisa);
  const risk = riskOf(lossOfControl, now.likelihood, impact);

  const before = likelihoodOf(report, enisa, false);
  // Before any recovery, control was lost unless the data was unreadable all along.
  const riskBeforeMeasures = riskOf(!enisa.ei.unintelligible, before.likelihood, impact);

  const { exemption, publicCommunication } = exemptionFor(report, enisa, risk, riskBeforeMeasures);
  return {
    enisa,
    lossOfControl,
    likelihood: now.likelihood,
    impact,
    risk,
    conclusion: CONCLUSION_FOR[risk],
    ...(exemption ? { exemption } : {}),
    publicCommunication,
    reasons: [
      ...enisa.dpc.reasons,
      ...enisa.ei.reasons,
      ...enisa.cb.reasons,
      ...now.reasons,
      ...impactReasons,
      ...(lossOfControl || enisa.ei.unintelligible
        ? []
        : [
            {
              factor: 'no-loss-of-control',
              effect: 'lowers' as const,
              explanation: 'Nobody outside received the data and it is back under control, so control was never lost.',
            },
          ]),
    ],
  };
}

function exemptionFor(
  report: BreachReport,
  enisa: EnisaSeverity,
  risk: RiskLevel,
  riskBeforeMeasures: RiskLevel,
): { exemption?: Art34Exemption; publicCommunication: boolean } {
  if (enisa.ei.unintelligible) {
    return {
      exemption: {
        applies: true,
        ground: 'data-unintelligible',
        explanation:
          'Art. 34(3)(a): the data was strongly encrypted and the key is safe, so it is unintelligible to anyone not authorised to read it. Even if the risk were high, the affected people would not have to be told. This is also why the ICO lists the loss of an encrypted laptop as a breach that need not be reported.',
      },
      publicCommunication: false,
    };
  }
  if (riskBeforeMeasures === 'high-risk' && risk !== 'high-risk') {
    return {
      exemption: {
        applies: true,
        ground: 'subsequent-measures',
        explanation: `Art. 34(3)(b): without the recovery the risk would be high, but the data was ${report.recovery === 'deleted-confirmed' ? 'confirmed deleted' : 'recovered'}${report.recipient === 'trusted' ? ' by a trusted recipient' : ''}, so the high risk is no longer likely to materialise and the affected people need not be told.`,
      },
      publicCommunication: false,
    };
  }
  if (risk !== 'high-risk') return { publicCommunication: false };

  const contactsInData = report.dataCategories.includes('contact-details');
  const onlyPublic = report.subjectCategories.every((c) => c === 'public');
  if (!contactsInData && (report.approximateSubjects >= DISPROPORTIONATE_EFFORT_SUBJECTS || onlyPublic)) {
    return {
      exemption: {
        applies: true,
        ground: 'disproportionate-effort',
        explanation: `Art. 34(3)(c): ${onlyPublic ? 'the people affected are members of the public' : `about ${grouped(report.approximateSubjects)} people are affected`} and the breached data holds no contact details for them, so telling each one directly would involve disproportionate effort. A public communication that informs them as effectively (for example a prominent website notice and press release) is needed instead. If the organisation does hold contact details for them, it should write to them directly.`,
      },
      publicCommunication: true,
    };
  }
  const protection = report.protection;
  const whyNotA =
    protection.kind === 'encrypted'
      ? protection.keyCompromised
        ? 'the encryption key is compromised'
        : protection.strength === 'weak'
          ? 'weak encryption does not make the data unintelligible'
          : 'the strength of the encryption is not confirmed'
      : protection.kind === 'pseudonymised'
        ? 'pseudonymised data can still be re-identified'
        : 'the data was readable';
  return {
    exemption: {
      applies: false,
      explanation: `No Art. 34(3) exemption applies: not (a), because ${whyNotA}; not (b), because no subsequent measure has removed the high risk; not (c), because the people can be reached directly.`,
    },
    publicCommunication: false,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The organisation's severity scale
// ---------------------------------------------------------------------------------------------------------------

const ENISA_LEVELS: Record<EnisaBand, { level: number; label: string }> = {
  low: { level: 1, label: 'Low' },
  medium: { level: 2, label: 'Medium' },
  high: { level: 3, label: 'High' },
  'very-high': { level: 4, label: 'Very high' },
};

/** The school's Appendix 3: internal only, never part of the report to the ICO. */
function schoolLevel(report: BreachReport, core: Core): { level: number; label: string; reasons: Factor[] } {
  if (!core.lossOfControl) return { level: 0, label: 'Level 0: no loss of control', reasons: [] };
  if (core.risk === 'no-risk') return { level: 1, label: 'Level 1: low risk', reasons: [] };
  if (core.risk === 'risk') return { level: 2, label: 'Level 2: medium risk', reasons: [] };
  const special = report.dataCategories.some((c) => LEGALLY_SPECIAL.includes(c));
  const many = report.approximateSubjects >= SIGNIFICANT_NUMBER_OF_SUBJECTS;
  // Level 4 needs all of Appendix 3's conditions: many people, special category data, harm likely.
  if (special && many && core.likelihood === 'likely') {
    return {
      level: 4,
      label: 'Level 4: very high risk',
      reasons: [
        {
          factor: 'significant-number-of-subjects',
          effect: 'raises',
          explanation: `About ${grouped(report.approximateSubjects)} people are affected, a significant number (${SIGNIFICANT_NUMBER_OF_SUBJECTS} or more), with special category data and harm likely.`,
        },
      ],
    };
  }
  return { level: 3, label: 'Level 3: high risk', reasons: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// What would change the recommendation
// ---------------------------------------------------------------------------------------------------------------

interface Hypothesis {
  if: string;
  applies: (r: BreachReport) => boolean;
  apply: (r: BreachReport) => BreachReport;
}

/**
 * Facts an investigation commonly revises, tried one at a time. Only those that would move the conclusion are
 * reported, so the DPO learns what to confirm before signing off.
 */
const HYPOTHESES: readonly Hypothesis[] = [
  {
    if: 'the recipient were trusted and confirmed the data deleted',
    applies: (r) =>
      r.breachTypes.includes('confidentiality') &&
      (r.recipient === 'untrusted' || (r.recipient === 'trusted' && !isRestored(r))),
    apply: (r) => ({ ...r, recipient: 'trusted', recovery: 'deleted-confirmed' }),
  },
  {
    if: 'the data were fully restored',
    applies: (r) =>
      (r.breachTypes.includes('integrity') || r.breachTypes.includes('availability')) && r.recovery !== 'recovered',
    apply: (r) => ({ ...r, recovery: 'recovered' }),
  },
  {
    if: 'the breach were contained',
    applies: (r) => !r.containment.contained,
    apply: (r) => ({ ...r, containment: { ...r.containment, contained: true } }),
  },
  {
    if: 'the encryption were confirmed strong',
    applies: (r) =>
      r.protection.kind === 'encrypted' && r.protection.strength === 'unknown' && !r.protection.keyCompromised,
    apply: (r) => ({ ...r, protection: { kind: 'encrypted', strength: 'strong', keyCompromised: false } }),
  },
  {
    if: 'the encryption key turned out to be compromised',
    applies: (r) => r.protection.kind === 'encrypted' && !r.protection.keyCompromised,
    apply: (r) =>
      r.protection.kind === 'encrypted' ? { ...r, protection: { ...r.protection, keyCompromised: true } } : r,
  },
  {
    if: 'the trusted recipient had not confirmed deletion',
    applies: (r) => r.breachTypes.includes('confidentiality') && r.recipient === 'trusted' && isRestored(r),
    apply: (r) => ({ ...r, recovery: 'unknown' }),
  },
  {
    if: 'the data turned out to have been published',
    applies: (r) => r.breachTypes.includes('confidentiality') && r.recipient !== 'public',
    apply: (r) => ({ ...r, recipient: 'public' }),
  },
  {
    if: 'the breach turned out to be deliberate',
    applies: (r) => !isMalicious(r),
    apply: (r) => ({ ...r, malicious: 'yes' }),
  },
  {
    if: 'special category data (such as health) turned out to be involved',
    applies: (r) => !r.dataCategories.some((c) => LEGALLY_SPECIAL.includes(c)),
    apply: (r) => ({ ...r, dataCategories: [...r.dataCategories, 'health'] }),
  },
  {
    if: `${grouped(LARGE_SCALE_SUBJECTS)} or more people turned out to be affected`,
    applies: (r) => r.approximateSubjects < LARGE_SCALE_SUBJECTS,
    apply: (r) => ({
      ...r,
      approximateSubjects: LARGE_SCALE_SUBJECTS,
      // Keep records per person as reported, so only the number of people changes.
      approximateRecords:
        r.approximateSubjects > 0
          ? Math.ceil((r.approximateRecords * LARGE_SCALE_SUBJECTS) / r.approximateSubjects)
          : r.approximateRecords,
    }),
  },
];

function whatWouldChange(report: BreachReport, conclusion: Conclusion): WhatWouldChange[] {
  return HYPOTHESES.filter((h) => h.applies(report)).flatMap((h) => {
    const alternative = evaluate(h.apply(report)).conclusion;
    return alternative === conclusion ? [] : [{ if: h.if, conclusion: alternative }];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The assessment
// ---------------------------------------------------------------------------------------------------------------

export function assessBreach(report: BreachReport, policy: AssessmentPolicy): Assessment {
  const core = evaluate(report);
  const school = schoolLevel(report, core);
  const severityLevel: SeverityLevel =
    policy.severityScale === 'levels-0-4'
      ? { scale: 'levels-0-4', level: school.level, label: school.label }
      : { scale: 'enisa', ...ENISA_LEVELS[core.enisa.band] };

  const factors = uniqueFactors([...core.reasons, ...(policy.severityScale === 'levels-0-4' ? school.reasons : [])]);

  const subjectsLegallyRequired = core.risk === 'high-risk' && core.exemption?.applies !== true;
  const informAlways = policy.duties.includes('inform-subjects-always');
  const subjectsToBeTold = subjectsLegallyRequired || informAlways;
  const subjectsToBeToldReason = subjectsReason(core, subjectsLegallyRequired, informAlways);
  const policyNotes = notesFor(report, policy, core, subjectsToBeTold, subjectsLegallyRequired);
  const changes = whatWouldChange(report, core.conclusion);

  return {
    method: ASSESSMENT_METHOD_VERSION,
    enisa: core.enisa,
    severityLevel,
    risk: { likelihood: core.likelihood, severity: core.impact, level: core.risk },
    conclusion: core.conclusion,
    notifyAuthority: core.conclusion !== 'no-notification',
    subjectsLegallyRequired,
    ...(core.exemption ? { exemption: core.exemption } : {}),
    publicCommunication: core.publicCommunication,
    subjectsToBeTold,
    subjectsToBeToldReason,
    policyNotes,
    factors,
    whatWouldChange: changes,
    rationale: rationaleFor(core, severityLevel, factors, subjectsToBeToldReason, policyNotes, changes),
  };
}

function uniqueFactors(factors: readonly Factor[]): Factor[] {
  // The same fact can move two components (e.g. ENISA and the likelihood); the DPC reads it once, first mention kept.
  const byId = new Map<string, Factor>();
  for (const f of factors) if (!byId.has(f.factor)) byId.set(f.factor, f);
  return [...byId.values()];
}

const GROUND_ARTICLE: Record<Art34Ground, string> = {
  'data-unintelligible': 'Art. 34(3)(a)',
  'subsequent-measures': 'Art. 34(3)(b)',
  'disproportionate-effort': 'Art. 34(3)(c)',
};

function subjectsReason(core: Core, legallyRequired: boolean, informAlways: boolean): string {
  if (legallyRequired) {
    return "Art. 34(1): the breach is likely to result in a high risk to people's rights and freedoms, so the affected people are told directly, without undue delay.";
  }
  const whyNot =
    core.exemption?.applies === true
      ? `the law does not require it (${GROUND_ARTICLE[core.exemption.ground]} exemption)`
      : core.risk === 'risk'
        ? 'the law does not require it, as the risk is not high (Art. 34(1))'
        : 'the law does not require it, as the breach is unlikely to result in a risk';
  if (informAlways) {
    return `The affected people are told because the organisation's policy tells them in all cases, although ${whyNot}.`;
  }
  if (core.publicCommunication) {
    return `The affected people are not written to one by one: ${whyNot}, and a public communication informs them instead.`;
  }
  return `The affected people are not told: ${whyNot}.`;
}

function notesFor(
  report: BreachReport,
  policy: AssessmentPolicy,
  core: Core,
  subjectsToBeTold: boolean,
  legallyRequired: boolean,
): string[] {
  const has = (duty: Duty) => policy.duties.includes(duty);
  const notes: string[] = [];
  if (has('inform-subjects-always') && !legallyRequired) {
    notes.push(
      'Policy: affected people are told in all cases, reportable or not (how and when it happened, what has been done, what they can do, and a contact). This is the policy’s duty, not the law’s.',
    );
  }
  if (has('document-decision-not-to-report') && core.conclusion === 'no-notification') {
    notes.push('Policy: a decision not to report must be documented with the evidence that justifies it.');
  }
  if (report.organisationRole.role === 'processor') {
    notes.push(
      'As processor, the duty is to tell the controller without undue delay; this recommendation is for the controller to weigh, as the Art. 33 and Art. 34 duties are theirs.',
    );
  }
  if (
    has('notify-through-representative') &&
    subjectsToBeTold &&
    report.subjectCategories.some((c) => NEEDS_REPRESENTATIVE.includes(c))
  ) {
    notes.push(
      'Policy: people who may not understand the notice are told through a representative (next of kin, lasting power of attorney, or care professional).',
    );
  }
  if (has('change-property-access-codes') && report.dataCategories.includes('property-access-codes')) {
    notes.push('Policy: access codes to service users’ properties that were at risk must be changed.');
  }
  if (has('police-route') && isMalicious(report) && !report.police.informed) {
    notes.push(
      `Policy: the breach ${INTRINSICALLY_MALICIOUS_CAUSES.includes(report.cause.category) ? 'was an attack' : 'was deliberate'}, so decide whether to report it to the police as a criminal act.`,
    );
  }
  return notes;
}

const RISK_WORDS: Record<RiskLevel, string> = {
  'no-risk': 'unlikely to result in a risk to people’s rights and freedoms',
  risk: 'likely to result in a risk, but not a high risk, to people’s rights and freedoms',
  'high-risk': 'likely to result in a high risk to people’s rights and freedoms',
};

function rationaleFor(
  core: Core,
  level: SeverityLevel,
  factors: readonly Factor[],
  subjectsToBeToldReason: string,
  policyNotes: readonly string[],
  changes: readonly WhatWouldChange[],
): string {
  const { dpc, ei, cb } = core.enisa;
  const sentences: string[] = [];
  sentences.push(
    core.lossOfControl
      ? `Recommendation: ${CONCLUSION_LABELS[core.conclusion]} (${core.conclusion}), because the breach is ${RISK_WORDS[core.risk]}: harm is ${core.likelihood} and its consequences would be ${core.impact}.`
      : `Recommendation: ${CONCLUSION_LABELS[core.conclusion]} (${core.conclusion}), because control of the data was not lost: whatever its consequences could have been (${core.impact}), the breach is ${RISK_WORDS[core.risk]}.`,
  );
  sentences.push(
    `ENISA severity: SE = DPC ${dpc.score} × EI ${ei.score} + CB ${cb.score} = ${core.enisa.score} (${core.enisa.band.replace('-', ' ')})${dpc.capped ? '; the data context score was capped at 4, so the excess counts only in this narrative' : ''}. Severity level on the organisation's scale: ${level.label}.`,
  );
  const raising = factors.filter((f) => f.effect === 'raises');
  const lowering = factors.filter((f) => f.effect === 'lowers');
  if (raising.length > 0) sentences.push(`What raises the risk: ${raising.map((f) => f.explanation).join(' ')}`);
  if (lowering.length > 0) sentences.push(`What lowers it: ${lowering.map((f) => f.explanation).join(' ')}`);
  sentences.push(
    'Art. 33 requires the supervisory authority to be told unless the breach is unlikely to result in a risk; Art. 34 requires the people to be told when the risk is high.',
  );
  if (core.exemption) sentences.push(core.exemption.explanation);
  sentences.push(subjectsToBeToldReason);
  sentences.push(...policyNotes);
  sentences.push(
    changes.length > 0
      ? `What would change it: ${changes.map((c) => `if ${c.if}, the recommendation would be to ${CONCLUSION_LABELS[c.conclusion]}`).join('; ')}.`
      : 'No single likely change in the facts would alter the recommendation.',
  );
  sentences.push(
    'Not assessed from the report: whether the data was already public, known to be out of date, or less revealing than its category; the DPO may lower the data context score if one of these applies. The system recommends; a named person decides.',
  );
  return sentences.join(' ');
}
