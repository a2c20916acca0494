import type { AuthorityReport, ConsequenceLikelihood, SubjectsTold } from '../domain/authority-report';
import { formatMailTime } from '../domain/mail/message';
import { noticeLaw } from '../domain/notice-law';
import type { BreachReport } from '../domain/report';
import { CONCLUSION_WORDS, RISK_WORDS, sentenceCase, wordsFor } from '../domain/vocabulary';
import { grouped, listWords, PARTY_TEXT } from '../pages/labels';

/**
 * The authority report as the ICO's form asks for it: sections with the form's own question wording and the answer
 * from the record, so a person can paste each answer into the online form (authority-report-text.ts) or print the
 * whole (authority-report-pdf.ts). Both renderers draw from these sections, so they can never say different things.
 */

export interface ReportEntry {
  question: string;
  answer: string;
}

export interface ReportSection {
  heading: string;
  entries: ReportEntry[];
}

export const REPORT_TITLE = 'Personal data breach report';

const NOT_KNOWN = 'Not known yet; it will follow in a further report.';

const LIKELIHOOD_TEXT: Record<ConsequenceLikelihood, string> = {
  'very-likely': 'Very likely',
  likely: 'Likely',
  neutral: 'Neutral - neither likely nor unlikely',
  unlikely: 'Unlikely',
  'very-unlikely': 'Very unlikely',
  'not-yet-known': 'Not yet known',
};

const protectionText = (p: BreachReport['protection']): string => {
  switch (p.kind) {
    case 'none':
      return 'None: the data was neither encrypted nor pseudonymised.';
    case 'password':
      return 'Password protection only (no encryption).';
    case 'encrypted':
      return `Encrypted (${p.strength === 'unknown' ? 'strength not known' : `${p.strength} encryption`})${p.keyCompromised ? '; the key or passphrase was compromised with the data' : '; the key was not compromised'}.`;
    case 'pseudonymised':
      return `Pseudonymised${p.reidentificationKeyCompromised ? '; the re-identification key was compromised' : '; the re-identification key was not compromised'}.`;
  }
};

const subjectsToldText = (told: SubjectsTold, timeZone: string): string => {
  switch (told.status) {
    case 'told':
      return `Yes, by ${wordsFor('notifyMethod', told.method)}${told.notifiedAt ? ` on ${formatMailTime(told.notifiedAt, timeZone)}` : ''}${told.count !== undefined ? ` (${grouped(told.count)} people)` : ''}.`;
    case 'planned':
      return 'No, but we are planning to.';
    case 'decided-not-to':
      return `No, we have decided not to: ${told.reason}`;
    case 'not-decided':
      return 'No, we have not decided yet.';
  }
};

export function authorityReportSections(report: AuthorityReport, timeZone: string): ReportSection[] {
  const at = (iso: string) => formatMailTime(iso, timeZone);
  const { about, actions, aboutYou, art33, reportType } = report;

  const occurred = (() => {
    switch (about.occurred.kind) {
      case 'unknown':
        return NOT_KNOWN;
      case 'at':
        return at(about.occurred.at);
      case 'between':
        return `Between ${at(about.occurred.from)} and ${at(about.occurred.to)}`;
    }
  })();

  const reportTypeText =
    reportType.phase === 'follow-up'
      ? 'Follow-up report'
      : reportType.complete
        ? 'Initial report - report complete'
        : 'Initial report - additional information to follow';

  const PHASE_WORDS = { initial: 'initial', 'follow-up': 'follow-up', final: 'final' } as const;
  const typeEntries: ReportEntry[] = [{ question: 'Report type', answer: reportTypeText }];
  if (reportType.phase === 'follow-up') {
    typeEntries.push(
      {
        question: 'If this is a follow-up report, please provide your ICO case reference number',
        answer: reportType.caseReference ?? 'Not received yet.',
      },
      {
        question: 'Reports made so far',
        answer: reportType.previousReports
          .map(
            (r) =>
              `${sentenceCase(PHASE_WORDS[r.phase])} report, ${at(r.submittedAt)}${r.reference ? `, ref. ${r.reference}` : ''}`,
          )
          .join('\n'),
      },
    );
  }
  if (reportType.acknowledgement) {
    typeEntries.push({
      question: 'Receipt confirmed by the authority',
      answer: `${at(reportType.acknowledgement.receivedAt)}${reportType.acknowledgement.reference ? `, ref. ${reportType.acknowledgement.reference}` : ''}`,
    });
  }

  const delay = art33.e.required
    ? (art33.e.reason ??
      `MISSING: the report is ${art33.e.hoursLate} h past the deadline (${at(art33.e.dueAt)}); the reasons for the delay must be given.`)
    : `Not applicable: reported within the deadline (${at(art33.e.dueAt)}).`;

  const categories = [
    listWords(about.dataCategories.map((c) => wordsFor('dataCategory', c))),
    ...(about.specialCategories.length > 0
      ? [
          `Special category data (Art. 9): ${listWords(about.specialCategories.map((c) => wordsFor('dataCategory', c)))}.`,
        ]
      : []),
    ...(about.criminalOffenceData ? ['Criminal offence data (Art. 10).'] : []),
  ].join('\n');

  const aboutEntries: ReportEntry[] = [
    { question: 'Please describe what happened', answer: about.whatHappened },
    {
      question: 'Please describe how the incident occurred',
      answer: `${sentenceCase(wordsFor('cause', about.howItHappened.cause))}${about.howItHappened.detail ? `: ${about.howItHappened.detail}` : '.'}${about.location ? `\nWhere: ${about.location}` : ''}`,
    },
    {
      question: 'How did the organisation discover the breach?',
      answer: `Through ${wordsFor('discovery', about.howDiscovered.channel)}${about.howDiscovered.detail ? `: ${about.howDiscovered.detail}` : '.'}`,
    },
    { question: 'What preventative measures did you have in place?', answer: protectionText(actions.before) },
    { question: 'Was the breach caused by a cyber incident?', answer: about.cyberIncident ? 'Yes' : 'No' },
    { question: 'When did the breach happen?', answer: occurred },
    { question: 'When did you discover the breach?', answer: at(about.discoveredAt) },
    { question: 'If there has been a delay in reporting this breach, please explain why', answer: delay },
    { question: 'Categories of personal data included in the breach', answer: categories },
    { question: 'Number of personal data records concerned', answer: `About ${grouped(about.approximateRecords)}` },
    { question: 'How many data subjects could be affected?', answer: `About ${grouped(about.approximateSubjects)}` },
    {
      question: 'Categories of data subjects affected',
      answer: sentenceCase(listWords(about.subjectCategories.map((c) => wordsFor('subjectCategory', c)))),
    },
    {
      question: 'Potential consequences of the breach',
      answer: about.likelyConsequences?.text ?? NOT_KNOWN,
    },
    {
      question:
        'What is the likelihood that data subjects will experience significant consequences as a result of the breach?',
      answer: `${LIKELIHOOD_TEXT[about.seriousConsequences.likelihood]}. ${about.seriousConsequences.explanation}`,
    },
  ];
  if (report.riskAssessment) {
    const r = report.riskAssessment;
    aboutEntries.push({
      question: 'Our assessment of the risk to people, and the reasons',
      answer: [
        `${sentenceCase(RISK_WORDS[r.risk])}: ${CONCLUSION_WORDS[r.conclusion]}.`,
        r.source === 'decision'
          ? `Decided${r.decidedBy ? ` by ${r.decidedBy.name} (${r.decidedBy.role})` : ''}${r.decidedAt ? ` on ${at(r.decidedAt)}` : ''}: ${r.reasons}`
          : `Not decided yet: ${NOT_KNOWN}`,
      ].join('\n'),
    });
  }

  const sections: ReportSection[] = [
    { heading: 'Report type', entries: typeEntries },
    { heading: 'About the breach', entries: aboutEntries },
  ];

  if (report.cyber) {
    sections.push({
      heading: 'Cyber incidents',
      entries: [
        {
          question: 'Has the confidentiality, integrity and/or availability of your information systems been affected?',
          answer: `Yes: ${listWords(report.cyber.systemsAffected.map((t) => wordsFor('breachType', t)))}.`,
        },
        { question: 'Impact on your organisation', answer: report.cyber.impact ?? NOT_KNOWN },
        { question: 'Recovery time', answer: report.cyber.recoveryTime ?? NOT_KNOWN },
      ],
    });
  }

  sections.push({
    heading: 'Staff and training',
    entries: [
      {
        question: 'Role of the person involved',
        answer: sentenceCase(wordsFor('responsibleRole', report.staff.involved)),
      },
      {
        question:
          'Had the staff member involved in this breach received data protection training in the last two years?',
        answer: sentenceCase(
          report.staff.trainingCompleted === 'unknown' ? "don't know" : report.staff.trainingCompleted,
        ),
      },
      {
        question:
          'Please describe the data protection training you provide, including an outline of training content and frequency',
        answer: report.staff.trainingDetail ?? NOT_KNOWN,
      },
    ],
  });

  const c = actions.containment;
  const taken = [
    `${c.contained ? 'Contained' : 'Not yet contained'}${c.containedAt ? ` on ${at(c.containedAt)}` : ''}${c.measures ? `: ${c.measures}` : '.'}`,
    `Data recovered: ${wordsFor('recovery', c.recovery)}.`,
    ...(actions.actionsTaken ? [actions.actionsTaken] : []),
  ].join('\n');
  const prevention = actions.prevention
    ? [
        `Root causes: ${actions.prevention.rootCauses.join('; ')}`,
        `Lessons: ${actions.prevention.lessons}`,
        ...(actions.prevention.trainingNeeds ? [`Training needs: ${actions.prevention.trainingNeeds}`] : []),
        ...art33.d.proposed.map((p) => `- ${p}`),
      ].join('\n')
    : 'The evaluation of root causes and recommendations is under way; it will follow in a further report.';
  const others =
    actions.otherOrganisations.length > 0
      ? actions.otherOrganisations
          .map(
            (o) =>
              `${PARTY_TEXT[o.party]}${o.at ? `, ${at(o.at)}` : ''}${o.reference ? `, reference ${o.reference}` : ''}`,
          )
          .join('\n')
      : 'No.';

  sections.push({
    heading: 'Taking action',
    entries: [
      {
        question:
          'Describe the actions you have taken, or propose to take, as a result of the breach, including actions to fix the problem and to mitigate any adverse effects',
        answer: taken,
      },
      {
        question: 'Outline any steps you are taking to prevent a recurrence, and when you expect them to be completed',
        answer: prevention,
      },
      {
        question: 'Have you told data subjects about the breach?',
        answer: subjectsToldText(actions.dataSubjectsTold, timeZone),
      },
      {
        question: 'Have you told, or are you planning to tell any other organisations about the breach?',
        answer: others,
      },
    ],
  });

  const dpo = aboutYou.dpo;
  const aboutYouEntries: ReportEntry[] = [
    { question: 'Organisation (data controller) name', answer: aboutYou.organisation },
    { question: 'Sector', answer: sentenceCase(wordsFor('sector', aboutYou.sector)) },
  ];
  if (aboutYou.controller) {
    aboutYouEntries.push({
      question: 'If the data controller is not your organisation, who is it?',
      answer: [aboutYou.controller.name, aboutYou.controller.email, aboutYou.controller.phone]
        .filter(Boolean)
        .join(', '),
    });
  }
  aboutYouEntries.push({
    question: 'Data protection officer (contact point for more information)',
    answer: [dpo.name, dpo.role, dpo.email, dpo.phone].filter(Boolean).join('\n'),
  });
  if (aboutYou.reportedBy) {
    aboutYouEntries.push({
      question: 'Person making this report',
      answer: [aboutYou.reportedBy.name, aboutYou.reportedBy.role, aboutYou.reportedBy.email]
        .filter(Boolean)
        .join(', '),
    });
  }
  sections.push({ heading: 'About you', entries: aboutYouEntries });

  sections.push({
    heading: `Art. 33(3) ${noticeLaw(report.supervisoryAuthority).law.replace(/^the /, '')}: where each item is answered`,
    entries: [
      {
        question: '(a) Nature of the breach, categories and approximate numbers of data subjects and records',
        answer: `About the breach: what happened; ${listWords(art33.a.breachTypes.map((t) => wordsFor('breachType', t)))}; about ${grouped(art33.a.approximateSubjects)} data subjects (${listWords(art33.a.subjectCategories.map((c) => wordsFor('subjectCategory', c)))}); about ${grouped(art33.a.approximateRecords)} records (${listWords(art33.a.recordCategories.map((c) => wordsFor('dataCategory', c)))}).`,
      },
      {
        question: '(b) Name and contact details of the data protection officer or other contact point',
        answer: `About you: ${[art33.b.name, art33.b.email, art33.b.phone].filter(Boolean).join(', ')}.`,
      },
      {
        question: '(c) Likely consequences of the breach',
        answer: `About the breach: potential consequences; significant consequences ${LIKELIHOOD_TEXT[art33.c.seriousConsequences].toLowerCase()}.`,
      },
      {
        question: '(d) Measures taken or proposed, including to mitigate possible adverse effects',
        answer: `Taking action: ${art33.d.taken.length} taken, ${art33.d.proposed.length} proposed.`,
      },
      {
        question: '(e) Art. 33(1): reasons for the delay, when not reported within 72 hours',
        answer: art33.e.required
          ? art33.e.reason
            ? 'About the breach: delay in reporting.'
            : 'MISSING.'
          : 'Not applicable.',
      },
    ],
  });

  if (report.missing.length > 0) {
    sections.push({
      heading: 'Still to follow',
      entries: report.missing.map((m) => ({ question: m.item, answer: m.detail })),
    });
  }
  return sections;
}
