import { decidedRisk } from './decided-risk';
import { type DecisionStep, STEP_TITLES } from './decisions';
import type { BreachEvent } from './events';
import { isEvent } from './events';
import type { Clock } from './policy';
import { registerRow } from './register';
import type { BreachState } from './state';
import { CONCLUSION_WORDS, RISK_WORDS, sentenceCase, wordsFor, wordsList } from './vocabulary';

/**
 * The final report to the board or the senior leadership team (Elite Care: "a final report to the board with
 * recommendations and training needs"; the school: evaluation reported to SLT and governors), generated from the
 * record rather than written afresh: the chronology, the assessment, every decision with who took it and why, the
 * notifications, the root causes and lessons, the recommendations with their status, and the earlier incidents like
 * this one. Sections of labelled entries, which the text and PDF renderers print (documents/board-report-*.ts).
 *
 * Internal: unlike anything sent to the people affected, it says where the decision departed from the system's
 * recommendation, and why.
 */

export interface BoardReportSection {
  heading: string;
  entries: (readonly [label: string, value: string])[];
}

export interface BoardReport {
  title: string;
  breachId: string;
  organisation: string;
  generatedAt: string;
  sections: BoardReportSection[];
}

/** An earlier breach of the same organisation with the same cause, data or team, and what it shares. */
export interface SimilarIncident {
  breachId: string;
  awareAt: string;
  shares: string[];
}

/**
 * Earlier incidents like this one, for the DPO and the board: breaches the organisation became aware of before this
 * one that had the same cause, any of the same categories of data, or the same place or role responsible ("team").
 * Most shared first, then most recent.
 */
export function similarIncidents(current: BreachState, others: readonly BreachState[]): SimilarIncident[] {
  const r = current.report;
  return others
    .filter((o) => o.breachId !== current.breachId && Date.parse(o.awareAt) < Date.parse(current.awareAt))
    .map((o) => {
      const shares: string[] = [];
      if (o.report.cause.category === r.cause.category) shares.push(`cause: ${wordsFor('cause', r.cause.category)}`);
      const data = o.report.dataCategories.filter((c) => r.dataCategories.includes(c));
      if (data.length > 0) shares.push(`data: ${wordsList('dataCategory', data)}`);
      if (
        r.location &&
        o.report.location &&
        o.report.location.trim().toLowerCase() === r.location.trim().toLowerCase()
      ) {
        shares.push(`place: ${r.location}`);
      }
      if (o.report.responsibleRole === r.responsibleRole && r.responsibleRole !== 'unknown') {
        shares.push(`role responsible: ${wordsFor('responsibleRole', r.responsibleRole)}`);
      }
      return { breachId: o.breachId, awareAt: o.awareAt, shares };
    })
    .filter((s) => s.shares.length > 0)
    .sort((a, b) => b.shares.length - a.shares.length || Date.parse(b.awareAt) - Date.parse(a.awareAt));
}

const iso = (at: string) => `${new Date(Date.parse(at)).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const STEP_DONE: Record<DecisionStep, string> = {
  contain: 'Containment recorded',
  decide: 'Decision on notification',
  'notify-authority': 'Report to the supervisory authority',
  'notify-subjects': 'The people affected told',
  'notify-controller': 'The controller told',
  'notify-other-parties': 'Other parties told',
  evaluate: 'Evaluation: root causes and lessons',
  close: 'Closure',
  recover: 'Resumed after a failure',
};

/** What a decision says, in a line: its reasons where it has them. */
const why = (event: BreachEvent<'decision-taken'>): string => {
  const d = event.data.decision as unknown as Record<string, unknown>;
  const parts: string[] = [];
  if (event.data.step === 'decide') {
    const decide = event.data.decision as { conclusion: keyof typeof CONCLUSION_WORDS; rationale: string };
    parts.push(`${sentenceCase(CONCLUSION_WORDS[decide.conclusion])}. ${decide.rationale}`);
  }
  for (const key of ['measures', 'summary', 'lessons', 'note', 'delayReason'] as const) {
    if (typeof d[key] === 'string') parts.push(d[key] as string);
  }
  if (event.data.step === 'notify-subjects') {
    const told = event.data.decision as { method: Parameters<typeof wordsFor<'notifyMethod'>>[1] };
    parts.unshift(`By ${wordsFor('notifyMethod', told.method)}.`);
  }
  return parts.join(' ') || STEP_TITLES[event.data.step];
};

export interface BoardReportInput {
  events: readonly BreachEvent[];
  state: BreachState;
  organisationName: string;
  clocks: readonly Clock[];
  /** Earlier breaches of the organisation, for the similar incidents. */
  others: readonly BreachState[];
  now: Date;
}

export function buildBoardReport(input: BoardReportInput): BoardReport {
  const { state, events, now } = input;
  const row = registerRow(state, { clocks: input.clocks, now });
  const risk = decidedRisk(state);

  const chronology: BoardReportSection['entries'] = [['Aware', iso(state.awareAt)]];
  chronology.push(['Reported', iso(state.reportedAt)]);
  for (const event of events) {
    if (isEvent(event, 'assessment-computed')) chronology.push(['Assessed by the system', iso(event.at)]);
    if (isEvent(event, 'decision-taken')) chronology.push([STEP_DONE[event.data.step], iso(event.at)]);
    if (isEvent(event, 'authority-follow-up')) {
      chronology.push([`Further report to the authority (${event.data.phase})`, iso(event.data.submittedAt)]);
    }
    if (isEvent(event, 'authority-acknowledged'))
      chronology.push(['Receipt confirmed by the authority', iso(event.data.receivedAt)]);
    if (isEvent(event, 'subject-notices-completed')) {
      chronology.push([`Notices sent (${event.data.sent}, ${event.data.failed} failed)`, iso(event.at)]);
    }
    if (isEvent(event, 'deadline-missed'))
      chronology.push([`Deadline missed: ${wordsFor('clock', event.data.clockId as never)}`, iso(event.data.dueAt)]);
    if (isEvent(event, 'closed')) chronology.push(['Closed', iso(event.at)]);
  }

  const assessment: BoardReportSection['entries'] = [
    ['What happened', state.report.description],
    ['Data concerned', sentenceCase(wordsList('dataCategory', state.report.dataCategories))],
    [
      'People concerned',
      `About ${state.report.approximateSubjects}: ${wordsList('subjectCategory', state.report.subjectCategories)}`,
    ],
    [
      'Risk to people',
      risk
        ? `${sentenceCase(RISK_WORDS[risk.level])} (${risk.source === 'decision' ? 'as decided' : 'recommended, not yet decided'})`
        : 'Not assessed',
    ],
    ...(state.assessment
      ? [['System’s recommendation', sentenceCase(CONCLUSION_WORDS[state.assessment.conclusion])] as const]
      : []),
    ...(risk?.departure ? [['Why the decision departs from it', risk.departure.reason] as const] : []),
    ...(row.severity ? [['Severity level (internal)', row.severity.label] as const] : []),
  ];

  const decisions: BoardReportSection['entries'] = events
    .filter((e): e is BreachEvent<'decision-taken'> => isEvent(e, 'decision-taken'))
    .map((e) => {
      const by = e.data.decision.decidedBy;
      return [`${STEP_DONE[e.data.step]}, ${iso(e.at)}`, `${by.name} (${by.role}): ${why(e)}`] as const;
    });

  const a = row.authority;
  const notifications: BoardReportSection['entries'] = [
    [
      'Supervisory authority',
      `${a.status === 'notified-late' ? 'Notified late' : a.notifiedAt ? 'Notified' : sentenceCase(a.status.replace(/-/g, ' '))}${a.notifiedAt ? ` ${iso(a.notifiedAt)}` : ''}${a.hoursLate ? `, ${a.hoursLate} h after the deadline` : ''}${a.delayReason ? `. Reasons: ${a.delayReason}` : ''}`,
    ],
    [
      'People affected',
      `${sentenceCase(row.subjects.status === 'told' ? 'told' : row.subjects.status === 'not-told' ? 'not told' : row.subjects.status === 'not-required' ? 'not required' : row.subjects.status === 'pending' ? 'to be told' : 'not decided')}${row.subjects.method ? ` by ${wordsFor('notifyMethod', row.subjects.method)}` : ''}${state.subjects?.sent ? `; ${state.subjects.sent} e-mails sent` : ''}`,
    ],
  ];

  const ra = row.remedialAction;
  const evaluation = state.decisions.evaluate?.data;
  const lessons: BoardReportSection['entries'] = [
    [
      'Containment',
      `${ra.contained ? 'Contained' : 'Not contained'}${ra.containedAt ? ` ${iso(ra.containedAt)}` : ''}${ra.measures ? `: ${ra.measures}` : ''}`,
    ],
    ...(ra.rootCauses ?? []).map((cause, i) => [`Root cause ${i + 1}`, cause] as const),
    ...(ra.lessons ? [['Lessons', ra.lessons] as const] : []),
    ...(evaluation?.trainingNeeds ? [['Training needs', evaluation.trainingNeeds] as const] : []),
  ];
  const recommendations: BoardReportSection['entries'] =
    ra.recommendations.length > 0
      ? ra.recommendations.map(
          (rec, i) =>
            [
              `Recommendation ${i + 1}`,
              `${rec.action} (owner: ${rec.owner}${rec.dueBy ? `, due ${rec.dueBy.slice(0, 10)}` : ''}): ${rec.status}`,
            ] as const,
        )
      : [['Recommendations', evaluation ? 'None recorded.' : 'The evaluation is not recorded yet.']];

  const similar = similarIncidents(state, input.others);
  return {
    title: 'Personal data breach: final report to the board',
    breachId: state.breachId,
    organisation: input.organisationName,
    generatedAt: now.toISOString(),
    sections: [
      { heading: 'Chronology', entries: chronology },
      { heading: 'Assessment', entries: assessment },
      { heading: 'Decisions, who took them and why', entries: decisions },
      { heading: 'Notifications', entries: notifications },
      { heading: 'Root causes and lessons', entries: lessons },
      { heading: 'Recommendations and their status', entries: recommendations },
      {
        heading: 'Similar earlier incidents',
        entries:
          similar.length > 0
            ? similar.map((s) => [`${s.breachId} (${iso(s.awareAt)})`, `Shares ${s.shares.join('; ')}`] as const)
            : [['None', 'No earlier breach had the same cause, data or team.']],
      },
    ],
  };
}

/** The board report as plain text, to paste into board papers. */
export function boardReportText(report: BoardReport): string {
  const lines = [
    report.title,
    '='.repeat(report.title.length),
    `${report.organisation}. Breach ${report.breachId}. Drawn up ${iso(report.generatedAt)} from the breach record.`,
    '',
  ];
  for (const section of report.sections) {
    lines.push(section.heading.toUpperCase(), '-'.repeat(section.heading.length));
    for (const [label, value] of section.entries) lines.push(`${label}: ${value}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
