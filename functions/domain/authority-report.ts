import type { Conclusion, RiskLevel } from './assessment';
import { InitialReportMissingError } from './case-errors';
import { deadlinesFor, HOUR_MS, hoursLate, latenessReasonRequired } from './clocks';
import { type DecidedRisk, decidedRisk } from './decided-risk';
import type { DecisionData, NotifySubjectsMethod, Person } from './decisions';
import { otherPartiesFor } from './other-parties';
import type { DpoContact, OrganisationPolicy, OtherParty, Sector, SupervisoryAuthority } from './policy';
import {
  type BreachReport,
  CRIMINAL_CATEGORIES,
  type DataCategory,
  isCyber,
  SPECIAL_CATEGORIES,
  type SubjectCategory,
} from './report';
import type { AuthorityReportRecord, BreachState } from './state';
import { IMPACT_WORDS, LIKELIHOOD_WORDS, RISK_WORDS } from './vocabulary';

/**
 * The report to the supervisory authority, generated from the breach record in the structure of the ICO's personal
 * data breach report form: report type, about the breach, cyber incidents, staff and training, taking action, about
 * you. Art. 33(3)(a)–(d) are mapped explicitly onto what the record holds, with (e) the reasons for a late report.
 *
 * Pure: the same record, policy and time give the same report. What the record does not hold yet is said in
 * `missing`, so an initial report can go in time and the rest follow (Art. 33(4)).
 *
 * Left out on purpose: the organisation's severity level and the ENISA score (internal only: "Severity levels do not
 * form part of the report to the ICO", school policy, Appendix 3), and the reporter's identity ("reports should be
 * anonymised", Appendix 2).
 */

export const AUTHORITY_REPORT_PHASES = ['initial', 'follow-up'] as const;
export type AuthorityReportPhase = (typeof AUTHORITY_REPORT_PHASES)[number];

/** The ICO form's answers to "What is the likelihood that data subjects will experience significant consequences?" */
export const CONSEQUENCE_LIKELIHOODS = [
  'very-likely',
  'likely',
  'neutral',
  'unlikely',
  'very-unlikely',
  'not-yet-known',
] as const;
export type ConsequenceLikelihood = (typeof CONSEQUENCE_LIKELIHOODS)[number];

/** The ICO form's answers to "Have you told data subjects about the breach?" */
export type SubjectsTold =
  | { status: 'told'; method: NotifySubjectsMethod; notifiedAt?: string; count?: number }
  | { status: 'planned' }
  | { status: 'decided-not-to'; reason: string }
  | { status: 'not-decided' };

export interface MissingItem {
  /** Where the item belongs, e.g. 'Art. 33(3)(e)'. */
  item: string;
  detail: string;
}

export interface AuthorityReport {
  format: 'breachdesk-authority-report/1';
  breachId: string;
  generatedAt: string;
  supervisoryAuthority: SupervisoryAuthority;
  reportType: {
    phase: AuthorityReportPhase;
    /** Initial report: complete, or with more to follow (something is missing). */
    complete: boolean;
    /** Follow-up: the authority's case reference for the breach. */
    caseReference?: string;
    previousReports: AuthorityReportRecord[];
    acknowledgement?: { receivedAt: string; reference?: string };
  };
  about: {
    whatHappened: string;
    howItHappened: { cause: BreachReport['cause']['category']; detail?: string };
    breachTypes: BreachReport['breachTypes'];
    location?: string;
    cyberIncident: boolean;
    howDiscovered: BreachReport['discovery'];
    discoveredAt: string;
    occurred: BreachReport['occurred'];
    dataCategories: DataCategory[];
    specialCategories: DataCategory[];
    criminalOffenceData: boolean;
    approximateRecords: number;
    subjectCategories: SubjectCategory[];
    approximateSubjects: number;
    recipient: BreachReport['recipient'];
    recovery: BreachReport['recovery'];
    likelyConsequences: { text: string; source: 'report' | 'assessment' } | undefined;
    seriousConsequences: { likelihood: ConsequenceLikelihood; explanation: string };
  };
  /**
   * The organisation's assessment of the risk as decided by a named person (decided-risk.ts), or, before anyone has
   * decided, the system's recommendation marked as such.
   */
  riskAssessment?: {
    source: DecidedRisk['source'];
    risk: RiskLevel;
    conclusion: Conclusion;
    reasons: string;
    decidedBy?: Person;
    decidedAt?: string;
  };
  /** Only for cyber incidents, as on the ICO form. */
  cyber?: {
    /** Which of confidentiality, integrity and availability of the information systems was affected. */
    systemsAffected: BreachReport['breachTypes'];
    impact?: string;
    recoveryTime?: string;
  };
  staff: {
    involved: BreachReport['responsibleRole'];
    trainingCompleted: 'yes' | 'no' | 'unknown';
    trainingDetail?: string;
  };
  actions: {
    /** Technical and organisational protection in place before the breach. */
    before: BreachReport['protection'];
    containment: {
      contained: boolean;
      measures?: string;
      containedAt?: string;
      recovery: BreachReport['recovery'];
      source: 'decision' | 'report';
    };
    actionsTaken?: string;
    prevention?: {
      rootCauses: string[];
      lessons: string;
      trainingNeeds?: string;
      recommendations: { action: string; owner: string; dueBy?: string }[];
    };
    dataSubjectsTold: SubjectsTold;
    otherOrganisations: { party: OtherParty; told: boolean; at?: string; reference?: string }[];
  };
  aboutYou: {
    organisation: string;
    sector: Sector;
    role: 'controller' | 'processor';
    /** As processor: the controller the data belongs to. */
    controller?: { name: string; email?: string; phone?: string };
    dpo: DpoContact;
    /** Who made the report, as recorded with the notify-authority step. */
    reportedBy?: Person;
  };
  /** Art. 33(3)(a)–(e) mapped onto the record. */
  art33: {
    a: {
      nature: string;
      breachTypes: BreachReport['breachTypes'];
      subjectCategories: SubjectCategory[];
      approximateSubjects: number;
      recordCategories: DataCategory[];
      approximateRecords: number;
    };
    b: DpoContact;
    c: { likelyConsequences?: string; seriousConsequences: ConsequenceLikelihood };
    d: { taken: string[]; proposed: string[] };
    e: { required: boolean; dueAt: string; hoursLate: number; reason?: string };
  };
  missing: MissingItem[];
}

export interface AuthorityReportInput {
  state: BreachState;
  organisationName: string;
  policy: OrganisationPolicy;
  phase: AuthorityReportPhase;
  now: Date;
}

/** Typical harms by data category, for when the reporter has not described the likely consequences themselves. */
const HARMS: Partial<Record<DataCategory, string>> = {
  'contact-details': 'unwanted contact, and phishing that uses the details to appear genuine',
  financial: 'fraud and financial loss',
  credentials: 'access to accounts by someone else',
  'identity-documents': 'identity theft',
  'property-access-codes': "unauthorised entry to people's homes, a risk to their safety and property",
  'childrens-records': "risk to children's safety and wellbeing",
  safeguarding: 'risk to the safety of the people safeguarded',
  'social-care-records': 'distress, and disclosure of care needs',
  location: 'risk to physical safety from someone who learns where people are',
  health: 'distress, and discrimination because of health conditions',
  'criminal-offences': 'reputational damage and discrimination',
  genetic: 'discrimination',
  biometric: 'impersonation that cannot be undone, as biometrics cannot be changed',
  'sex-life': 'distress, embarrassment and discrimination',
  'sexual-orientation': 'distress, discrimination and risk from disclosure',
  'racial-or-ethnic-origin': 'discrimination',
  'religious-or-philosophical-beliefs': 'discrimination',
  'political-opinions': 'discrimination',
  'trade-union-membership': 'discrimination at work',
};

const listed = (values: readonly string[]): string =>
  values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`;

function likelyConsequences(
  report: BreachReport,
  risk: DecidedRisk | undefined,
): AuthorityReport['about']['likelyConsequences'] {
  if (report.likelyConsequences) return { text: report.likelyConsequences, source: 'report' };
  if (!risk) return undefined;
  const harms = [...new Set(report.dataCategories.flatMap((c) => HARMS[c] ?? []))];
  const what =
    harms.length > 0
      ? `The data involved could lead to ${listed(harms)}.`
      : 'Loss of control over their personal data, and the distress that can cause.';
  return { text: `${what} ${riskExplanation(risk)}`, source: 'assessment' };
}

/** The decided risk in the one vocabulary: "We assess a high risk to people: harm is likely, ...". */
const riskExplanation = (risk: DecidedRisk): string =>
  `${risk.source === 'decision' ? 'We assess' : 'Not yet decided; the recommended assessment is'} ${RISK_WORDS[risk.level]}: harm to the people affected is ${LIKELIHOOD_WORDS[risk.likelihood]}, and its consequences would be ${IMPACT_WORDS[risk.severity]}.`;

/** The form's five-point scale from the decided risk: how likely significant consequences are. */
function seriousConsequences(risk: DecidedRisk | undefined): AuthorityReport['about']['seriousConsequences'] {
  if (!risk) return { likelihood: 'not-yet-known', explanation: 'The risk has not been assessed yet.' };
  const { likelihood, level } = risk;
  const scale: ConsequenceLikelihood =
    level === 'high-risk'
      ? likelihood === 'likely'
        ? 'very-likely'
        : 'likely'
      : level === 'risk'
        ? 'neutral'
        : likelihood === 'remote'
          ? 'very-unlikely'
          : 'unlikely';
  return { likelihood: scale, explanation: riskExplanation(risk) };
}

function subjectsTold(state: BreachState): SubjectsTold {
  const told = state.decisions['notify-subjects']?.data;
  if (told) {
    if (told.method === 'not-told') {
      return { status: 'decided-not-to', reason: told.exemption?.explanation ?? told.note ?? 'exemption recorded' };
    }
    return {
      status: 'told',
      method: told.method,
      ...(told.notifiedAt ? { notifiedAt: told.notifiedAt } : {}),
      ...(told.count !== undefined ? { count: told.count } : {}),
    };
  }
  const decided = state.decisions.decide?.data;
  if (state.plan?.subjects) return { status: 'planned' };
  if (decided?.subjectExemption) return { status: 'decided-not-to', reason: decided.subjectExemption.explanation };
  if (decided) return { status: 'decided-not-to', reason: 'The risk to them is not high (Art. 34(1)).' };
  return { status: 'not-decided' };
}

function otherOrganisations(
  state: BreachState,
  policy: OrganisationPolicy,
  authority: DecisionData['notify-authority'] | undefined,
): AuthorityReport['actions']['otherOrganisations'] {
  const items = otherPartiesFor(state, policy)
    .filter((item) => item.status === 'told')
    .map((item) => ({
      party: item.party,
      told: true,
      ...(item.status === 'told' && item.at ? { at: item.at } : {}),
      ...(item.status === 'told' && item.reference ? { reference: item.reference } : {}),
    }));
  // The DSPT report is recorded with the authority step (social care: DSPT first, then the ICO).
  if (authority?.dspt && !items.some((i) => i.party === 'dspt')) {
    items.push({ party: 'dspt', told: true, reference: authority.dspt.reference });
  }
  return items;
}

const recommendationText = (r: { action: string; owner: string; dueBy?: string }) =>
  `${r.action} (owner: ${r.owner}${r.dueBy ? `, by ${r.dueBy.slice(0, 10)}` : ''})`;

/** Generates the report. Throws InitialReportMissingError for a follow-up before the initial report is recorded. */
export function buildAuthorityReport(input: AuthorityReportInput): AuthorityReport {
  const { state, policy, phase, now } = input;
  const { report } = state;
  const risk = decidedRisk(state);
  const reports = state.authorityReports ?? [];
  const initial = reports[0];
  if (phase === 'follow-up' && !initial) throw new InitialReportMissingError(state.breachId);
  const authorityDecision = state.decisions['notify-authority']?.data;
  const contain = state.decisions.contain?.data;
  const evaluation = state.decisions.evaluate?.data;

  const clocks = state.clocks ?? policy.clocks;
  // Art. 33(1) is about the first notification: measured at the initial report, or now while it is still to be made.
  const notifiedAt = initial?.submittedAt ?? now.toISOString();
  const dueAt =
    deadlinesFor(state.awareAt, clocks).find((d) => d.clockId === 'authority')?.dueAt ??
    new Date(Date.parse(state.awareAt) + 72 * HOUR_MS).toISOString();
  const late = latenessReasonRequired(state.awareAt, clocks, notifiedAt);
  const delayReason = authorityDecision?.delayReason;

  const consequences = likelyConsequences(report, risk);
  const serious = seriousConsequences(risk);
  const cyber = isCyber(report);

  const containment: AuthorityReport['actions']['containment'] = contain
    ? {
        contained: contain.contained,
        measures: contain.measures,
        ...(contain.containedAt ? { containedAt: contain.containedAt } : {}),
        recovery: contain.recovery ?? report.recovery,
        source: 'decision',
      }
    : {
        contained: report.containment.contained,
        ...(report.containment.how ? { measures: report.containment.how } : {}),
        ...(report.containment.containedAt ? { containedAt: report.containment.containedAt } : {}),
        recovery: report.recovery,
        source: 'report',
      };
  const prevention = evaluation
    ? {
        rootCauses: evaluation.rootCauses,
        lessons: evaluation.lessons,
        ...(evaluation.trainingNeeds ? { trainingNeeds: evaluation.trainingNeeds } : {}),
        recommendations: evaluation.recommendations.map((r) => ({
          action: r.action,
          owner: r.owner,
          ...(r.dueBy ? { dueBy: r.dueBy } : {}),
        })),
      }
    : undefined;

  const missing: MissingItem[] = [];
  if (late && !delayReason) {
    missing.push({
      item: 'Art. 33(3)(e)',
      detail: `The report is made ${Math.ceil(hoursLate(state.awareAt, clocks, notifiedAt))} h after the deadline: the reasons for the delay must be given (Art. 33(1)). Record them with the report to the authority.`,
    });
  }
  if (!consequences) {
    missing.push({
      item: 'Art. 33(3)(c)',
      detail: 'The likely consequences are not known yet: neither described in the report nor assessed.',
    });
  }
  if (!containment.measures && !report.actionsTaken) {
    missing.push({ item: 'Art. 33(3)(d)', detail: 'No measures taken or proposed are recorded yet.' });
  }

  const taken = [
    ...(containment.measures ? [`Containment: ${containment.measures}`] : []),
    ...(report.actionsTaken ? [report.actionsTaken] : []),
  ];
  const proposed = prevention?.recommendations.map(recommendationText) ?? [];
  const caseReference = state.authorityAcknowledgement?.reference ?? reports.find((r) => r.reference)?.reference;
  const role = report.organisationRole;

  return {
    format: 'breachdesk-authority-report/1',
    breachId: state.breachId,
    generatedAt: now.toISOString(),
    supervisoryAuthority: policy.supervisoryAuthority,
    reportType: {
      phase,
      complete: missing.length === 0,
      ...(phase === 'follow-up' && caseReference ? { caseReference } : {}),
      previousReports: phase === 'follow-up' ? reports : [],
      ...(state.authorityAcknowledgement ? { acknowledgement: state.authorityAcknowledgement } : {}),
    },
    about: {
      whatHappened: report.description,
      howItHappened: { cause: report.cause.category, ...(report.cause.detail ? { detail: report.cause.detail } : {}) },
      breachTypes: report.breachTypes,
      ...(report.location ? { location: report.location } : {}),
      cyberIncident: cyber,
      howDiscovered: report.discovery,
      discoveredAt: state.awareAt,
      occurred: report.occurred,
      dataCategories: report.dataCategories,
      specialCategories: report.dataCategories.filter((c) => (SPECIAL_CATEGORIES as readonly string[]).includes(c)),
      criminalOffenceData: report.dataCategories.some((c) => (CRIMINAL_CATEGORIES as readonly string[]).includes(c)),
      approximateRecords: report.approximateRecords,
      subjectCategories: report.subjectCategories,
      approximateSubjects: report.approximateSubjects,
      recipient: report.recipient,
      recovery: report.recovery,
      likelyConsequences: consequences,
      seriousConsequences: serious,
    },
    ...(risk
      ? {
          riskAssessment: {
            source: risk.source,
            risk: risk.level,
            conclusion: risk.conclusion,
            reasons: risk.reasons,
            ...(risk.decidedBy ? { decidedBy: risk.decidedBy } : {}),
            ...(risk.decidedAt ? { decidedAt: risk.decidedAt } : {}),
          },
        }
      : {}),
    ...(cyber
      ? {
          cyber: {
            systemsAffected: report.breachTypes,
            ...(report.cyberImpact?.impact ? { impact: report.cyberImpact.impact } : {}),
            ...(report.cyberImpact?.recoveryTime ? { recoveryTime: report.cyberImpact.recoveryTime } : {}),
          },
        }
      : {}),
    staff: {
      involved: report.responsibleRole,
      trainingCompleted: report.staffTraining?.completed ?? 'unknown',
      ...(report.staffTraining?.detail ? { trainingDetail: report.staffTraining.detail } : {}),
    },
    actions: {
      before: report.protection,
      containment,
      ...(report.actionsTaken ? { actionsTaken: report.actionsTaken } : {}),
      ...(prevention ? { prevention } : {}),
      dataSubjectsTold: subjectsTold(state),
      otherOrganisations: otherOrganisations(state, policy, authorityDecision),
    },
    aboutYou: {
      organisation: input.organisationName,
      sector: policy.sector,
      role: role.role,
      ...(role.role === 'processor'
        ? {
            controller: {
              name: role.controller.name,
              ...(role.controller.email ? { email: role.controller.email } : {}),
              ...(role.controller.phone ? { phone: role.controller.phone } : {}),
            },
          }
        : {}),
      dpo: policy.dpo,
      ...(authorityDecision ? { reportedBy: authorityDecision.decidedBy } : {}),
    },
    art33: {
      a: {
        nature: report.description,
        breachTypes: report.breachTypes,
        subjectCategories: report.subjectCategories,
        approximateSubjects: report.approximateSubjects,
        recordCategories: report.dataCategories,
        approximateRecords: report.approximateRecords,
      },
      b: policy.dpo,
      c: {
        ...(consequences ? { likelyConsequences: consequences.text } : {}),
        seriousConsequences: serious.likelihood,
      },
      d: { taken, proposed },
      e: {
        required: late,
        dueAt,
        hoursLate: Math.round(hoursLate(state.awareAt, clocks, notifiedAt) * 10) / 10,
        ...(delayReason ? { reason: delayReason } : {}),
      },
    },
    missing,
  };
}
