import type { Assessment } from './assessment';
import { isMalicious } from './enisa';
import type { Obligation, PlannedStage } from './obligations';
import type { DpoContact } from './policy';
import type { BreachReport } from './report';

/**
 * What goes to one authority at one stage of one obligation, in that authority's structure: the ICO's breach form for
 * the ICO, Art. 33(3)'s items for an EU authority, the NIS2 and DORA stages for a CSIRT or a financial supervisor,
 * Art. 24 FADP for the FDPIC. Built from the facts and the assessment only, never from free text that names people,
 * so the same content can be kept as a snapshot. The documents module renders it (PDF, text); this is the content.
 */

export interface ObligationReportSection {
  heading: string;
  text: string;
}

export interface ObligationReport {
  obligationId: string;
  stageKey: string;
  law: string;
  authority?: { name: string; reportUrl: string; languages: string[] };
  /** The language the authority reads first: the report is written in English and flagged when that is not it. */
  translationNeeded: boolean;
  stage: { label: string; dueAt: string; due: string };
  sections: ObligationReportSection[];
}

export interface ObligationReportInput {
  obligation: Obligation;
  stage: PlannedStage;
  report: BreachReport;
  assessment?: Assessment;
  dpo: Pick<DpoContact, 'name' | 'email' | 'phone' | 'role'>;
  /** When the report is made: late reports say why (Art. 33(1)). */
  now: Date;
}

const words = (values: readonly string[]) => values.map((v) => v.replaceAll('-', ' ')).join(', ');
const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function facts(input: ObligationReportInput) {
  const { report, assessment, dpo } = input;
  const late = input.now.getTime() > Date.parse(input.stage.dueAt);
  return {
    nature: `A ${words(report.breachTypes)} breach caused by ${words([report.cause.category])}, of which the organisation became aware at ${report.awareAt}.`,
    scope: `About ${grouped(report.approximateSubjects)} people (${words(report.subjectCategories)}) and ${grouped(report.approximateRecords)} records; data concerned: ${words(report.dataCategories)}.${report.peopleIn ? ` People live in ${report.peopleIn.map((p) => p.place).join(', ')}.` : ''}`,
    contact: `${dpo.name}${dpo.role ? `, ${dpo.role}` : ''}${dpo.email ? `, ${dpo.email}` : ''}${dpo.phone ? `, ${dpo.phone}` : ''}.`,
    consequences:
      report.likelyConsequences ??
      (assessment
        ? `Assessed as ${assessment.risk.level.replace('-', ' ')}: harm is ${assessment.risk.likelihood} and its consequences would be ${assessment.risk.severity}.`
        : 'Being assessed.'),
    measures:
      report.actionsTaken ?? (report.containment.contained ? 'The breach is contained.' : 'Containment is under way.'),
    containment: report.containment.contained
      ? `Contained${report.containment.containedAt ? ` at ${report.containment.containedAt}` : ''}.`
      : 'Not yet contained.',
    malicious: isMalicious(report)
      ? 'Yes: the incident is suspected to be caused by unlawful or malicious acts.'
      : 'Not suspected to be caused by unlawful or malicious acts.',
    crossBorder:
      report.peopleIn && new Set(report.peopleIn.map((p) => p.place.slice(0, 2))).size > 1
        ? `Yes: people in ${report.peopleIn.map((p) => p.place).join(', ')} are affected.`
        : 'No cross-border impact is known.',
    late: late
      ? `This is sent after its deadline (${input.stage.dueAt}); the reasons for the delay are given with it.`
      : 'Sent within the deadline.',
    people: assessment
      ? assessment.subjectsToBeTold
        ? 'The people affected are being told.'
        : `The people affected are not being told: ${assessment.subjectsToBeToldReason}`
      : 'Whether to tell the people is being decided.',
  };
}

type Facts = ReturnType<typeof facts>;

/** Each form's headings, in the authority's order, with the fact that answers each. */
const FORMS: Record<NonNullable<PlannedStage['form']>, [string, keyof Facts][]> = {
  'ico-breach-form': [
    ['About the breach', 'nature'],
    ['Personal data and people affected', 'scope'],
    ['Potential consequences', 'consequences'],
    ['Containment and recovery', 'containment'],
    ['Actions taken', 'measures'],
    ['Telling the people affected', 'people'],
    ['Contact', 'contact'],
    ['Timing', 'late'],
  ],
  'art-33-3': [
    ['(a) Nature of the breach', 'nature'],
    ['(a) Categories and approximate numbers', 'scope'],
    ['(b) Data protection officer or contact point', 'contact'],
    ['(c) Likely consequences', 'consequences'],
    ['(d) Measures taken or proposed', 'measures'],
    ['Reasons for any delay (Art. 33(1))', 'late'],
  ],
  nis2: [
    ['Unlawful or malicious acts', 'malicious'],
    ['Cross-border impact', 'crossBorder'],
    ['Incident and its impact', 'nature'],
    ['Severity and impact', 'consequences'],
    ['Mitigation measures', 'measures'],
    ['Contact', 'contact'],
  ],
  dora: [
    ['Incident', 'nature'],
    ['Clients and data affected', 'scope'],
    ['Impact', 'consequences'],
    ['Recovery actions', 'measures'],
    ['Contact', 'contact'],
  ],
  'fadp-art-24': [
    ['Nature of the breach', 'nature'],
    ['Consequences', 'consequences'],
    ['Measures taken or planned', 'measures'],
    ['Contact', 'contact'],
  ],
  'people-notice': [
    ['What happened', 'nature'],
    ['Likely consequences', 'consequences'],
    ['What we have done', 'measures'],
    ['Contact', 'contact'],
  ],
};

export function buildObligationReport(input: ObligationReportInput): ObligationReport {
  const { obligation, stage } = input;
  const f = facts(input);
  const form = FORMS[stage.form ?? 'art-33-3'];
  const authority = obligation.authority;
  return {
    obligationId: obligation.id,
    stageKey: stage.key,
    law: obligation.law,
    ...(authority
      ? { authority: { name: authority.name, reportUrl: authority.reportUrl, languages: [...authority.languages] } }
      : {}),
    translationNeeded: authority ? !authority.languages.includes('en') : false,
    stage: { label: stage.label, dueAt: stage.dueAt, due: stage.due },
    sections: [
      ...form.map(([heading, key]) => ({ heading, text: f[key] })),
      { heading: 'Legal basis', text: `${obligation.source.citation} (checked ${obligation.checkedAt}).` },
    ],
  };
}
