import { PDFDocument } from 'pdf-lib';
import type { RegisterFilter, RegisterRow } from '../domain/register';
import { CONCLUSION_WORDS, RISK_WORDS, STAGE_WORDS, sentenceCase, wordsFor, wordsList } from '../domain/vocabulary';
import { coverage, embedLetterFonts } from './letter-font';
import { obligationText } from './register-obligation-text';
import { footPages, LEADING, SectionWriter } from './section-writer';

/**
 * The breach register as a readable PDF (Art. 33(5): "the facts relating to the personal data breach, its effects and
 * the remedial action taken"): a title page header with the organisation, the filters and when it was drawn up, then
 * one section per breach — not a line — under its reference: the facts, the effects (the risk as decided), the
 * remedial action with each recommended action's status, the notifications with their times and any reasons for
 * lateness, and the decision with who took it and why, including a decision not to notify with its evidence.
 *
 * Every code is given in words (vocabulary.ts). The text is set in the embedded DejaVu Sans (letter-font.ts), so names
 * in any Latin script print as written. A section never starts in the last few lines of a page; every page says
 * "page n of m". Times are UTC.
 */

export interface RegisterPdfInput {
  organisationName: string;
  filter: RegisterFilter;
  generatedAt: Date;
  rows: readonly RegisterRow[];
}

// UTC, as the heading says: the stored times carry any offset, so they are normalised before being cut to minutes.
const when = (iso: string | undefined): string => {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

const AUTHORITY_STATUS: Record<RegisterRow['authority']['status'], string> = {
  notified: 'notified in time',
  'notified-late': 'notified late',
  pending: 'to be notified; the deadline has not passed',
  overdue: 'to be notified; the deadline has passed',
  'not-required': 'not notified: decided that no report is due',
  'controller-decides': 'as processor, the controller decides',
  undecided: 'not decided yet',
  'not-a-breach': 'not notified: found not to be a personal-data breach',
};

const SUBJECTS_STATUS: Record<RegisterRow['subjects']['status'], string> = {
  told: 'told',
  'not-told': 'not told',
  pending: 'to be told',
  'not-required': 'not required: the risk to them is not high',
  undecided: 'not decided yet',
};

const RECOMMENDATION_STATUS = { done: 'done', open: 'open', overdue: 'overdue' } as const;

type Entry = readonly [label: string, value: string];

/** The register entry of one breach, as labelled lines in four parts. */
export function registerSections(r: RegisterRow): { heading: string; parts: { title: string; entries: Entry[] }[] } {
  const a = r.authority;
  const s = r.subjects;
  const c = r.conclusion;
  const facts: Entry[] = [
    ['What happened', r.facts.description],
    [
      'Cause',
      `${sentenceCase(wordsFor('cause', r.facts.cause.category))}${r.facts.cause.detail ? `: ${r.facts.cause.detail}` : ''}`,
    ],
    ['Type of breach', sentenceCase(wordsList('breachType', r.breachTypes as never))],
    ['Data concerned', sentenceCase(wordsList('dataCategory', r.facts.dataCategories))],
    ['People concerned', `About ${r.approximateSubjects}: ${wordsList('subjectCategory', r.facts.subjectCategories)}`],
    ['Records concerned', `About ${r.facts.approximateRecords}`],
    ...(r.facts.location ? [['Where', r.facts.location] as const] : []),
    ['Aware', when(r.awareAt)],
    ['Reported', when(r.reportedAt)],
  ];
  const effects: Entry[] = [
    [
      'Risk to people',
      r.effects.risk
        ? `${sentenceCase(RISK_WORDS[r.effects.risk.level])}${r.effects.risk.source === 'recommendation' ? ' (recommended; not decided yet)' : ' (as decided)'}`
        : 'Not assessed yet',
    ],
    ...(r.effects.likelyConsequences ? [['Likely consequences', r.effects.likelyConsequences] as const] : []),
    ...(r.severity ? [['Severity level (internal scale)', r.severity.label] as const] : []),
  ];
  const ra = r.remedialAction;
  const remedial: Entry[] = [
    [
      'Containment',
      `${ra.contained ? 'Contained' : 'Not contained yet'}${ra.containedAt ? ` ${when(ra.containedAt)}` : ''}${ra.measures ? `: ${ra.measures}` : ''}`,
    ],
    ...(ra.actionsTaken ? [['Actions taken', ra.actionsTaken] as const] : []),
    ...(ra.rootCauses ? [['Root causes', ra.rootCauses.join('; ')] as const] : []),
    ...(ra.lessons ? [['Lessons', ra.lessons] as const] : []),
    ...ra.recommendations.map(
      (rec, index) =>
        [
          `Action ${index + 1}`,
          `${rec.action} (owner: ${rec.owner}${rec.dueBy ? `, due ${rec.dueBy.slice(0, 10)}` : ''}): ${RECOMMENDATION_STATUS[rec.status]}`,
        ] as const,
    ),
  ];
  const notifications: Entry[] = [
    [
      'Supervisory authority',
      [
        sentenceCase(AUTHORITY_STATUS[a.status]),
        ...(a.notifiedAt ? [`on ${when(a.notifiedAt)}`] : []),
        `due ${when(a.dueAt)}`,
        ...(a.hoursLate ? [`${a.hoursLate} h late`] : []),
        ...(a.reference ? [`reference ${a.reference}`] : []),
        ...(a.acknowledgedAt ? [`receipt confirmed ${when(a.acknowledgedAt)}`] : []),
      ].join(', '),
    ],
    ...(a.delayReason ? [['Reasons for the delay', a.delayReason] as const] : []),
    [
      'People affected',
      [
        sentenceCase(SUBJECTS_STATUS[s.status]),
        ...(s.method ? [`by ${wordsFor('notifyMethod', s.method)}`] : []),
        ...(s.count !== undefined ? [`${s.count} people`] : []),
        ...(s.notifiedAt ? [`on ${when(s.notifiedAt)}`] : []),
      ].join(', '),
    ],
    ...(s.exemption
      ? [
          [
            'Exemption relied on',
            `${sentenceCase(wordsFor('art34Ground', s.exemption.ground))}: ${s.exemption.explanation}`,
          ] as const,
        ]
      : []),
    ...r.obligations.map((o, index) => [`Obligation ${index + 1}`, obligationText(o, when)] as const),
    ...(r.controller
      ? [
          [
            'Controller',
            `${r.controller.name}${r.controller.notifiedAt ? `, told ${when(r.controller.notifiedAt)}` : ', not told yet'}`,
          ] as const,
        ]
      : []),
  ];
  const decision: Entry[] = c
    ? [
        ['Conclusion', sentenceCase(CONCLUSION_WORDS[c.value])],
        ['Decided by', `${c.decidedBy.name} (${c.decidedBy.role}), ${when(c.decidedAt)}`],
        ...(c.signedOffBy ? [['Signed off by', `${c.signedOffBy.name} (${c.signedOffBy.role})`] as const] : []),
        ['Reasons', c.rationale],
        ...(c.evidence ? [['Evidence for not reporting', c.evidence] as const] : []),
        ...(c.departureReason && r.recommendedConclusion
          ? [
              [
                'Departs from the recommendation',
                `Recommended: ${CONCLUSION_WORDS[r.recommendedConclusion]}. Why: ${c.departureReason}`,
              ] as const,
            ]
          : []),
      ]
    : r.notABreach
      ? [
          ['Outcome', 'Not a personal-data breach'],
          [
            'Found by',
            `${r.notABreach.decidedBy.name} (${r.notABreach.decidedBy.role}), ${when(r.notABreach.decidedAt)}`,
          ],
          ['Reasons', r.notABreach.reasons],
        ]
      : [['Conclusion', 'Not decided yet']];
  if (r.suspected) decision.unshift(['Reported as', 'A suspected breach']);
  return {
    heading: `Breach ${r.breachId}: ${r.status === 'closed' ? `closed ${when(r.closedAt)}` : `open, ${STAGE_WORDS[r.stage]}`}`,
    parts: [
      { title: 'Facts', entries: facts },
      { title: 'Effects', entries: effects },
      { title: 'Remedial action', entries: remedial },
      { title: 'Notifications', entries: notifications },
      { title: 'Decision on notification', entries: decision },
    ],
  };
}

const describeFilter = (filter: RegisterFilter): string => {
  const parts = [
    ...(filter.from ? [`aware from ${when(filter.from)}`] : []),
    ...(filter.to ? [`aware until ${when(filter.to)}`] : []),
    ...(filter.status ? [`status ${filter.status}`] : []),
    ...(filter.risk ? [`risk: ${RISK_WORDS[filter.risk]}`] : []),
    ...(filter.stage ? [`stage ${filter.stage}`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : 'none (every breach)';
};

export async function registerPdf(input: RegisterPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedLetterFonts(doc);
  const cover = coverage(fonts.regular);
  const safe = (text: string) => cover(text).text;
  const title = 'Personal data breach register';
  doc.setTitle(safe(`${title}: ${input.organisationName}`));
  doc.setSubject('Record of personal data breaches (UK GDPR / EU GDPR Art. 33(5))');
  doc.setProducer('Breachdesk');
  doc.setCreator('Breachdesk');
  // The generation time, not the wall clock: the same register drawn up twice gives the same document.
  doc.setCreationDate(input.generatedAt);
  doc.setModificationDate(input.generatedAt);

  const w = new SectionWriter(doc, fonts, safe);
  w.text(title, { bold: true, size: 18 });
  w.y -= 4;
  w.text(input.organisationName, { bold: true, size: 12 });
  w.text(`Filters: ${describeFilter(input.filter)}`);
  w.text(
    `Drawn up ${when(input.generatedAt.toISOString())}. ${input.rows.length} ${input.rows.length === 1 ? 'breach' : 'breaches'}. Times in UTC.`,
  );
  w.y -= LEADING / 2;
  w.rule();
  if (input.rows.length === 0) w.text('No breaches match these filters.');

  for (const row of input.rows) {
    const { heading, parts } = registerSections(row);
    // A section starts with room for its heading and its first part's first lines.
    w.room(8);
    w.y -= LEADING / 2;
    w.text(heading, { bold: true, size: 12.5 });
    for (const part of parts) {
      w.room(3);
      w.y -= 3;
      w.text(part.title, { bold: true, size: 10.5 });
      for (const [label, value] of part.entries) w.entry(label, value);
    }
    w.y -= LEADING / 2;
    w.rule();
  }

  footPages(doc, fonts.regular, safe(`${title}, ${input.organisationName}`));
  return doc.save();
}
