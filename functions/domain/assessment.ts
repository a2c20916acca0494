import {
  assessEnisaSeverity,
  type EnisaBand,
  type EnisaSeverity,
  type Factor,
  INTRINSICALLY_MALICIOUS_CAUSES,
  isMalicious,
  LEGALLY_SPECIAL,
  usability,
} from './enisa';
import type { Duty, SeverityScale } from './policy';
import { seriousnessFloor, severityQuestionsFloor } from './policy-questions';
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
export const ASSESSMENT_METHOD_VERSION =
  'breachdesk-assessment/2.0.0 (ENISA 2013 v1.0; EDPB Guidelines 9/2022 and 01/2021; ICO guidance; Art. 33-34 risk matrix)';

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

/** One group of people exposed differently, assessed on its own facts (EDPB Guidelines 9/2022 §IV: risk to each). */
export interface GroupAssessment {
  label: string;
  subjects: number;
  risk: RiskLevel;
  conclusion: Conclusion;
  /** Art. 34(1) for this group: high risk and no Art. 34(3) exemption. */
  toldDirectly: boolean;
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
  /** Present when the report gives groups of people exposed differently, or says how many the sensitive data concerns. */
  groups?: GroupAssessment[];
  /** How many people Art. 34(1) requires to be told directly, when only some groups are at high risk. */
  subjectsToTellDirectly?: number;
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
  groups?: { label: string; subjects: number; core: Core }[];
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
const isMisuseUnderWay = (report: BreachReport) => report.misuse?.underWay === true;
const isTargeted = (report: BreachReport) => report.misuse?.targetedIndividual === true;
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
    const usable = usability(report);
    const disruption = type === 'availability' ? report.unavailability?.disruption : undefined;
    // What the outage stopped decides whether harm follows (EDPB Guidelines 01/2021 Case 01: restored within hours with
    // no effect on people, no risk; Case 03: operations postponed in a hospital, high risk; Guidelines 9/2022 §IV:
    // a brief call-centre outage is not a risk). Without that fact, the first edition's reading of recovery stands.
    if (disruption === 'none') perType.push('remote');
    else if (disruption === 'critical') perType.push('likely');
    else if (disruption === 'significant') perType.push('possible');
    else if (disruption === 'inconvenience') perType.push(mitigated && usable === 'restored' ? 'remote' : 'possible');
    else if (mitigated && usable === 'restored') perType.push('remote');
    else if (mitigated && usable === 'not-restored') perType.push('likely');
    else perType.push(mitigated ? 'possible' : 'likely');
  }
  let likelihood = highest(LIKELIHOODS, perType, 'remote');
  if (report.unavailability?.disruption === 'none' && report.breachTypes.includes('availability')) {
    reasons.push({
      factor: 'no-disruption',
      effect: 'lowers',
      explanation: `The data was out of reach${hoursText(report)} but nothing people rely on was disrupted, so the outage itself is unlikely to harm them (EDPB Guidelines 01/2021 Case 01; Guidelines 9/2022 on brief outages).`,
    });
  }

  // An attacker wants the data for a reason; an accident has no one behind it. When the report says what an outage
  // disrupted and nobody took a copy, the disruption alone decides how likely harm is: an attacker who only locked the
  // data away holds nothing to misuse (EDPB Guidelines 01/2021 Cases 01-02: ransomware without exfiltration).
  const outageOnly = !report.breachTypes.includes('confidentiality') && report.unavailability !== undefined;
  if (isMalicious(report) && !outageOnly) likelihood = stepUp(LIKELIHOODS, likelihood);
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
  // Harm that is already happening is not a possibility to weigh: the likelihood is at its top (EDPB Guidelines
  // 01/2021 Cases 17 and 18: identity theft and misuse of stolen e-mail; ICO guidance: "likelihood" of harm).
  if (isMisuseUnderWay(report) || isTargeted(report)) {
    likelihood = 'likely';
    reasons.push({
      factor: isMisuseUnderWay(report) ? 'misuse-under-way' : 'targeted-individual',
      effect: 'raises',
      explanation: isMisuseUnderWay(report)
        ? `The data is already being misused${misuseKindsText(report)}, so harm is not merely possible: it is happening (EDPB Guidelines 01/2021 Cases 17-18).`
        : 'Someone deliberately targeted a particular person, so harm to them is to be expected (EDPB Guidelines 01/2021 Case 17).',
    });
  }
  return { likelihood, reasons };
}

const hoursText = (report: BreachReport): string => {
  const hours = report.unavailability?.hours;
  if (hours === undefined) return '';
  return hours < 1
    ? ' for less than an hour'
    : ` for about ${grouped(Math.round(hours))} hour${Math.round(hours) === 1 ? '' : 's'}`;
};

const MISUSE_WORDS: Record<NonNullable<NonNullable<BreachReport['misuse']>['kinds']>[number], string> = {
  'identity-theft': 'identity theft',
  fraud: 'fraud',
  extortion: 'extortion',
  harassment: 'harassment',
  publication: 'publication',
  other: 'other misuse',
};
const misuseKindsText = (report: BreachReport): string => {
  const kinds = report.misuse?.kinds ?? [];
  return kinds.length > 0 ? ` (${kinds.map((k) => MISUSE_WORDS[k]).join(', ')})` : '';
};

/**
 * Identity with contact details and a career or schooling history (a CV) is a ready-made profile for targeted
 * phishing and identity fraud. In a malicious actor's hands it is more than "simple data": the EDPB found a high risk
 * for 213 job applicants whose CVs were exfiltrated from a website (Guidelines 01/2021, Case 05).
 */
const PROFILE_DETAIL: readonly BreachReport['dataCategories'][number][] = [
  'employment',
  'education',
  'national-identifiers',
  'identity-documents',
];
const isProfileInHostileHands = (report: BreachReport, enisa: EnisaSeverity): boolean =>
  !enisa.ei.unintelligible &&
  isMalicious(report) &&
  report.breachTypes.includes('confidentiality') &&
  ['unknown', 'untrusted', 'public'].includes(report.recipient) &&
  report.dataCategories.includes('basic-identifiers') &&
  report.dataCategories.includes('contact-details') &&
  report.dataCategories.some((c) => PROFILE_DETAIL.includes(c));

/** Severity of the consequences: the nature of the data in its context (ENISA's DPC), then the number of people. */
function impactOf(report: BreachReport, enisa: EnisaSeverity): { impact: Impact; reasons: Factor[] } {
  const dpc = enisa.dpc.score;
  let impact: Impact = dpc >= 4 ? 'severe' : dpc >= 2 ? 'significant' : 'minimal';
  const reasons: Factor[] = [];
  if (impact === 'minimal' && isProfileInHostileHands(report, enisa)) {
    impact = 'significant';
    reasons.push({
      factor: 'profile-in-hostile-hands',
      effect: 'raises',
      explanation:
        'An attacker took names and contact details together with career, schooling or identity details: a ready-made profile for targeted phishing and identity fraud, so the consequences are significant even for a small number of people (EDPB Guidelines 01/2021 Case 05).',
    });
  }
  if (
    impact !== 'severe' &&
    !enisa.ei.unintelligible &&
    report.dataCategories.includes('national-identifiers') &&
    report.dataCategories.includes('basic-identifiers')
  ) {
    impact = 'severe';
    reasons.push({
      factor: 'identity-fraud-kit',
      effect: 'raises',
      explanation:
        'Names went with national identifiers (such as National Insurance or passport numbers), which is what identity fraud needs, and a person cannot easily change the number; so the consequences are severe (ICO guidance on identity fraud; Polish UODO decisions on PESEL numbers, e.g. DKN.5131.3.2021).',
    });
  }
  const disruption = report.breachTypes.includes('availability') ? report.unavailability?.disruption : undefined;
  if (disruption === 'critical' && impact !== 'severe') {
    impact = 'severe';
    reasons.push({
      factor: 'critical-disruption',
      effect: 'raises',
      explanation: `The data was out of reach${hoursText(report)} and that stopped or delayed something people depend on for their health, safety or livelihood (such as treatment or care), so the consequences are severe (EDPB Guidelines 01/2021 Case 03; Guidelines 9/2022 on unavailable medical records).`,
    });
  } else if (disruption === 'significant' && impact === 'minimal') {
    impact = 'significant';
    reasons.push({
      factor: 'significant-disruption',
      effect: 'raises',
      explanation: `The data was out of reach${hoursText(report)} and that disrupted services people rely on (such as deliveries, payments or appointments), so the consequences are significant (EDPB Guidelines 9/2022: ransomware with no backup delaying deliveries; 01/2021 Case 02).`,
    });
  }
  // Misuse under way, or one person singled out, makes the consequences worse as well as likelier: ENISA §3 leaves
  // intent to CB, but the EDPB weighs harm that has materialised as more severe (Guidelines 01/2021 Case 17).
  if (isMisuseUnderWay(report) || isTargeted(report)) {
    const before = impact;
    impact = stepUp(IMPACTS, impact);
    if (impact !== before) {
      reasons.push({
        factor: 'harm-materialising',
        effect: 'raises',
        explanation: isMisuseUnderWay(report)
          ? 'Because the misuse has begun, the consequences are raised a step: people face them now, not in theory.'
          : 'Because one person was singled out, the consequences for them are raised a step: the harm is aimed, not random.',
      });
    }
  }
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

/**
 * The people split into groups exposed differently, or undefined when the report treats them as one. Two facts make
 * groups: `groups` itself, and `sensitiveData.subjects` below the number affected (the sensitive data concerns a few,
 * the rest lost only their other details). The EDPB asks for the risk to the individuals affected (Guidelines 9/2022
 * §IV.B), and only those at high risk must be told (01/2021 Case 07: only the customers whose accounts were entered).
 */
function groupsOf(report: BreachReport): { label: string; report: BreachReport }[] | undefined {
  const perPerson = report.approximateSubjects > 0 ? report.approximateRecords / report.approximateSubjects : 1;
  const sub = (
    label: string,
    subjects: number,
    overrides: Partial<BreachReport>,
  ): { label: string; report: BreachReport } => {
    const categories = overrides.dataCategories ?? report.dataCategories;
    const special = categories.some((c) => SPLIT_SENSITIVE.includes(c));
    const { groups: _groups, sensitiveData, ...rest } = report;
    return {
      label,
      report: {
        ...rest,
        ...overrides,
        approximateSubjects: subjects,
        approximateRecords: Math.round(perPerson * subjects),
        ...(special && sensitiveData ? { sensitiveData: { subjects, nature: sensitiveData.nature } } : {}),
      },
    };
  };
  if (report.groups) {
    const listed = report.groups.map((g) =>
      sub(g.label, g.subjects, {
        dataCategories: g.dataCategories,
        ...(g.subjectCategories && g.subjectCategories.length > 0 ? { subjectCategories: g.subjectCategories } : {}),
        ...(g.recipient ? { recipient: g.recipient } : {}),
        ...(g.misuseUnderWay !== undefined ? { misuse: { ...(report.misuse ?? {}), underWay: g.misuseUnderWay } } : {}),
      }),
    );
    const rest = report.approximateSubjects - report.groups.reduce((sum, g) => sum + g.subjects, 0);
    return [...listed, ...(rest > 0 ? [sub('everyone else affected', rest, {})] : [])].filter(
      (g) => g.report.approximateSubjects > 0,
    );
  }
  const sensitive = report.sensitiveData;
  if (!sensitive || sensitive.subjects >= report.approximateSubjects) return undefined;
  const others = report.dataCategories.filter((c) => !SPLIT_SENSITIVE.includes(c));
  if (others.length === 0 || others.length === report.dataCategories.length) return undefined;
  return [
    sub('the people the sensitive data concerns', sensitive.subjects, {}),
    sub('the others affected', report.approximateSubjects - sensitive.subjects, { dataCategories: others }),
  ].filter((g) => g.report.approximateSubjects > 0);
}

/** What `sensitiveData` speaks of: the categories that are sensitive by law or by their safeguarding context. */
const SPLIT_SENSITIVE: readonly BreachReport['dataCategories'][number][] = [
  ...LEGALLY_SPECIAL,
  'safeguarding',
  'social-care-records',
];

const RISK_RANK: Record<RiskLevel, number> = { 'no-risk': 0, risk: 1, 'high-risk': 2 };

function evaluate(report: BreachReport): Core {
  const groups = groupsOf(report);
  if (!groups) return evaluateWhole(report);
  const whole = evaluateWhole(report);
  const cores = groups.map((g) => ({
    label: g.label,
    subjects: g.report.approximateSubjects,
    core: evaluateWhole(g.report),
  }));
  const leading = cores.reduce((a, b) => (RISK_RANK[b.core.risk] > RISK_RANK[a.core.risk] ? b : a));
  const summary = cores
    .map((g) => `${g.label} (about ${grouped(g.subjects)}): ${RISK_WORDS_SHORT[g.core.risk]}`)
    .join('; ');
  return {
    ...leading.core,
    // ENISA's score describes the breach as a whole; the risk and the duties follow the group most at risk.
    enisa: whole.enisa,
    publicCommunication: cores.some((g) => g.core.publicCommunication),
    groups: cores,
    reasons: [
      ...leading.core.reasons,
      {
        factor: 'groups-assessed-separately',
        effect: 'lowers',
        explanation: `The people were exposed differently, so each group is assessed on its own facts (EDPB Guidelines 9/2022; 01/2021 Case 07): ${summary}. The recommendation follows the group most at risk; only those at high risk must be told directly.`,
      },
    ],
  };
}

const RISK_WORDS_SHORT: Record<RiskLevel, string> = {
  'no-risk': 'unlikely to be at risk',
  risk: 'at risk, but not high risk',
  'high-risk': 'at high risk',
};

function evaluateWhole(report: BreachReport): Core {
  const enisa = assessEnisaSeverity(report);
  const lossOfControl = hadLossOfControl(report, enisa.ei.unintelligible);
  const now = likelihoodOf(report, enisa, true);
  const { impact, reasons: impactReasons } = impactOf(report, enisa);
  // Elite Care's own questions raise the risk where control was lost (policy-questions.ts cites each).
  const floor = lossOfControl ? seriousnessFloor(report.seriousness) : undefined;
  const computed = riskOf(lossOfControl, now.likelihood, impact);
  const risk = floor && RISK_RANK[floor.atLeast] > RISK_RANK[computed] ? floor.atLeast : computed;

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
      ...(floor && risk === floor.atLeast && risk !== computed ? [floor.reason] : []),
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

  const held = report.contactDetailsHeld;
  const contactsInData = report.dataCategories.includes('contact-details');
  const onlyPublic = report.subjectCategories.every((c) => c === 'public');
  // Art. 34(3)(c) turns on whether the organisation can reach the people, which the report may now say outright
  // (EDPB Guidelines 9/2022 §III.D.4: contact details lost in the breach or never known). Without that fact, contact
  // details among the breached data stand in for it, as in the first edition.
  if (held === 'some') {
    return {
      exemption: {
        applies: false,
        explanation:
          'Art. 34(3)(c) applies only in part: the people the organisation holds contact details for are told directly, and a public communication (for example a prominent website notice) informs the others as effectively.',
      },
      publicCommunication: true,
    };
  }
  if (
    held === 'none' ||
    (held === undefined &&
      !contactsInData &&
      (report.approximateSubjects >= DISPROPORTIONATE_EFFORT_SUBJECTS || onlyPublic))
  ) {
    if (held === 'none') {
      return {
        exemption: {
          applies: true,
          ground: 'disproportionate-effort',
          explanation:
            'Art. 34(3)(c): the organisation holds no contact details for the people affected, so it cannot tell them one by one. A public communication that informs them as effectively (for example a prominent website notice and press release) is needed instead.',
        },
        publicCommunication: true,
      };
    }
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
      explanation: `No Art. 34(3) exemption applies: not (a), because ${whyNotA}; not (b), because no subsequent measure has removed the high risk; not (c), because the people can be reached directly${held === 'all' ? ' (the organisation holds contact details for all of them)' : ''}.`,
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
  const computed = computedSchoolLevel(report, core);
  // The Appendix 3 questions, answered, raise the level (policy-questions.ts cites each).
  const floor = severityQuestionsFloor(report.severityQuestions);
  if (!floor || floor.atLeast <= computed.level) return computed;
  return { level: floor.atLeast, label: SCHOOL_LEVEL_LABELS[floor.atLeast], reasons: [floor.reason] };
}

const SCHOOL_LEVEL_LABELS: Record<2 | 3, string> = { 2: 'Level 2: medium risk', 3: 'Level 3: high risk' };

function computedSchoolLevel(report: BreachReport, core: Core): { level: number; label: string; reasons: Factor[] } {
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

  const toldDirectly = (c: Core) => c.risk === 'high-risk' && c.exemption?.applies !== true;
  const subjectsLegallyRequired = core.groups ? core.groups.some((g) => toldDirectly(g.core)) : toldDirectly(core);
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
    ...(core.groups
      ? {
          groups: core.groups.map((g) => ({
            label: g.label,
            subjects: g.subjects,
            risk: g.core.risk,
            conclusion: g.core.conclusion,
            toldDirectly: toldDirectly(g.core),
          })),
          subjectsToTellDirectly: core.groups.filter((g) => toldDirectly(g.core)).reduce((n, g) => n + g.subjects, 0),
        }
      : {}),
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
