import { formatInTimeZone } from './clocks';
import { type DecidedRisk, decidedRisk } from './decided-risk';
import { LEGALLY_SPECIAL } from './enisa';
import { escapeHtml, type MailContent, renderMail } from './mail/message';
import { isIco, noticeLaw } from './notice-law';
import { fill, type NoticeTemplate, noticeTemplateFor } from './notice-templates';
import { type NoticeWording, sectionFromText } from './notice-wording';
import type { OrganisationPolicy } from './policy';
import type { DataCategory } from './report';
import type { BreachState } from './state';
import { PARENTAL_RELATIONSHIPS, type Subject } from './subjects';

/**
 * The notice to a person affected by a breach (Art. 34(2)): in clear and plain language, what happened, the likely
 * consequences, what the organisation did, what they can do to protect themselves, and whom to contact.
 *
 * Built only from the record's structured facts — categories, dates, the assessment, the decisions — and never from
 * its free text (the description, the containment notes): those are written for the DPO and the authority and may
 * name other people. So one person's notice can never carry another person's data.
 *
 * The same sections make the e-mail, the printed letter (documents/subject-letters-pdf.ts) and the public notice
 * (documents/public-notice.ts). The e-mail is one SES template per breach: everything but the greeting is the same
 * for everyone, so it is rendered once (`noticeTemplateParts`) and each person adds only their greeting
 * (`personalParts`); `fillNotice` puts them together exactly as SES does.
 */

/** The facts a notice is made of. */
export interface NoticeCase {
  state: Pick<BreachState, 'breachId' | 'report' | 'assessment' | 'decisions' | 'plan'>;
  organisationName: string;
  policy: Pick<
    OrganisationPolicy,
    'dpo' | 'supervisoryAuthority' | 'timeZone' | 'duties' | 'jurisdiction' | 'noticeTemplates'
  >;
}

export interface NoticeSection {
  heading: string;
  paragraphs: string[];
  list?: string[];
}

export interface NoticeSections {
  heading: string;
  /** The mail's subject line: no personal data, as it shows on lock screens. */
  subject: string;
  sections: NoticeSection[];
  contactHeading: string;
  contact: (readonly [label: string, value: string])[];
  masthead: string;
  footer: string;
  /** The template the words came from (language, jurisdiction): the greeting and the letters use it too. */
  template: NoticeTemplate;
}

/** Sensitive by law or by context: seen by the wrong person, it hurts through distress and unfair treatment. */
const SENSITIVE: readonly DataCategory[] = [
  ...LEGALLY_SPECIAL,
  'childrens-records',
  'social-care-records',
  'safeguarding',
];

/**
 * How likely it is to affect the person, in the words of the recorded decision (decided-risk.ts), never the machine's
 * recommendation once a person has decided. A voluntary notice says plainly that the risk is not high. Whether the
 * decision departs from the recommendation is for the record, never for the people told.
 */
export const riskParagraph = (risk: DecidedRisk, template: NoticeTemplate = templateOf()): string =>
  template.fields[`consequences.${risk.level}`];

/**
 * A date people read, in the organisation's time zone and the notice's language: "Tuesday 4 March 2025",
 * "Dienstag, 4. März 2025".
 */
const dayOf = (iso: string, timeZone: string, language = 'en-GB'): string => {
  if (language.startsWith('en')) {
    const formatted = formatInTimeZone(iso, timeZone);
    return formatted.slice(0, formatted.lastIndexOf(', '));
  }
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(new Date(iso));
};

/** A postal address's lines, given with commas or line breaks: how the letters lay it out, and the e-mail joins it. */
export const addressLines = (address: string | undefined): string[] =>
  (address ?? '')
    .split(/\r?\n|,/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/** Headers and single-line fields: a CR or LF from an organisation's name would otherwise start a new header. */
const oneLine = (value: string): string => value.replace(/[\r\n\t]+/g, ' ').trim();

const sentenceList = (items: readonly string[], and: string): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;

/** The template the notice is written from (notice-templates.ts): the people's or the organisation's language. */
export const templateOf = (notice?: Pick<NoticeCase, 'state' | 'policy'>): NoticeTemplate =>
  noticeTemplateFor({
    ...(notice?.state.report.peopleIn ? { peopleIn: notice.state.report.peopleIn } : {}),
    policy: notice?.policy ?? {},
    supervisedByIco: notice ? isIco(notice.policy.supervisoryAuthority) : true,
  });

function whatHappened({ state, policy }: NoticeCase, t: NoticeTemplate): NoticeSection {
  const { report } = state;
  const f = t.fields;
  const day = (iso: string) => dayOf(iso, policy.timeZone, t.language);
  const cause = t.causes[report.cause.category] ?? t.causes.other;
  const when =
    report.occurred.kind === 'at'
      ? fill(f['whatHappened.at'], { date: day(report.occurred.at), cause })
      : report.occurred.kind === 'between'
        ? fill(f['whatHappened.between'], { from: day(report.occurred.from), to: day(report.occurred.to), cause })
        : fill(f['whatHappened.undated'], { cause });
  const data = report.dataCategories.map((c) => t.data[c]);
  return {
    heading: f['whatHappened.heading'],
    paragraphs: [
      when,
      fill(f['whatHappened.foundOut'], { date: day(report.awareAt), data: sentenceList(data, f.and) }),
    ],
  };
}

function consequences({ state }: NoticeCase, t: NoticeTemplate): NoticeSection {
  const { report } = state;
  const f = t.fields;
  const items = report.dataCategories.flatMap((c) => {
    const words = t.consequences[c];
    return words ? [words] : [];
  });
  if (report.dataCategories.some((c) => SENSITIVE.includes(c))) items.push(f['consequences.sensitive']);
  if (report.breachTypes.includes('integrity') || report.breachTypes.includes('availability')) {
    items.push(f['consequences.integrity']);
  }
  if (items.length === 0) items.push(f['consequences.none']);
  const risk = decidedRisk(state);
  return { heading: f['consequences.heading'], paragraphs: risk ? [riskParagraph(risk, t)] : [], list: items };
}

function whatWeDid({ state, policy }: NoticeCase, t: NoticeTemplate): NoticeSection {
  const { report, decisions, plan } = state;
  const f = t.fields;
  const contain = decisions.contain?.data;
  const contained = contain?.contained ?? report.containment.contained;
  const containedAt = contain?.containedAt ?? report.containment.containedAt;
  const recovery = contain?.recovery ?? report.recovery;
  const items: string[] = [];
  items.push(
    contained
      ? containedAt
        ? fill(f['measures.stoppedOn'], { date: dayOf(containedAt, policy.timeZone, t.language) })
        : f['measures.stopped']
      : f['measures.notStopped'],
  );
  if (recovery === 'recovered') items.push(f['measures.recovered']);
  if (recovery === 'deleted-confirmed') items.push(f['measures.deletedConfirmed']);
  if (recovery === 'partly') items.push(f['measures.partlyRecovered']);
  if (report.protection.kind === 'encrypted' && !report.protection.keyCompromised) items.push(f['measures.encrypted']);
  if (report.police.informed) items.push(f['measures.police']);
  const authority = policy.supervisoryAuthority.name;
  if (decisions['notify-authority']) items.push(fill(f['measures.reported'], { authority }));
  else if (plan?.authority) items.push(fill(f['measures.reporting'], { authority }));
  if (
    policy.duties.includes('change-property-access-codes') &&
    report.dataCategories.includes('property-access-codes')
  ) {
    items.push(f['measures.accessCodes']);
  }
  items.push(f['measures.investigating']);
  return { heading: f['measures.heading'], paragraphs: [], list: items };
}

function whatYouCanDo({ state }: NoticeCase, t: NoticeTemplate): NoticeSection {
  const { report } = state;
  const f = t.fields;
  const items = report.dataCategories.flatMap((c) => {
    const words = t.advice[c];
    return words ? [words] : [];
  });
  if (report.dataCategories.some((c) => SENSITIVE.includes(c))) items.push(f['advice.sensitive']);
  if (items.length === 0) items.push(f['advice.none']);
  return { heading: f['advice.heading'], paragraphs: [], list: items };
}

/** Art. 77: the right to complain, to the authority of the organisation's jurisdiction, with its contact details. */
function complaints({ policy }: NoticeCase, t: NoticeTemplate): NoticeSection {
  const { complaints } = noticeLaw(policy.supervisoryAuthority);
  const f = t.fields;
  const d = complaints.details;
  return {
    heading: f['complaints.heading'],
    paragraphs: [fill(f['complaints.intro'], { authority: complaints.name })],
    list: [
      ...(d.website ? [`${f['complaints.website']}: ${d.website}`] : []),
      ...(d.email ? [`${f['complaints.email']}: ${d.email}`] : []),
      ...(d.phone ? [`${f['complaints.phone']}: ${d.phone}`] : []),
      ...(d.address ? [`${f['complaints.post']}: ${d.address}`] : []),
    ],
  };
}

/** The section as the DPO reworded it in the preview (notice-wording.ts), or as generated. */
const worded = (section: NoticeSection, text: string | undefined): NoticeSection =>
  text === undefined ? section : { heading: section.heading, ...sectionFromText(text) };

/**
 * The sections of the notice, the same for everyone affected by the breach: as generated from the record, with the
 * wording the DPO edited in the preview — the draft's, or the one recorded with the notify-subjects decision.
 */
export function noticeSections(notice: NoticeCase, draft?: NoticeWording): NoticeSections {
  const wording = draft ?? notice.state.decisions['notify-subjects']?.data.wording ?? {};
  const organisation = oneLine(notice.organisationName);
  const { dpo } = notice.policy;
  const t = templateOf(notice);
  const f = t.fields;
  return {
    heading: f.heading,
    subject: oneLine(fill(f.subject, { organisation })),
    sections: [
      worded(whatHappened(notice, t), wording.whatHappened),
      worded(consequences(notice, t), wording.consequences),
      worded(whatWeDid(notice, t), wording.whatWeDid),
      worded(whatYouCanDo(notice, t), wording.whatYouCanDo),
      complaints(notice, t),
    ],
    contactHeading: f['contact.heading'],
    contact: [
      [f['contact.dpo'], dpo.name],
      ...(dpo.email ? [[f['contact.email'], dpo.email] as const] : []),
      ...(dpo.phone ? [[f['contact.phone'], dpo.phone] as const] : []),
      ...(dpo.postalAddress ? [[f['contact.post'], addressLines(dpo.postalAddress).join(', ')] as const] : []),
      [f['contact.reference'], notice.state.breachId],
    ],
    masthead: fill(f.masthead, { organisation, reference: notice.state.breachId }),
    footer: fill(f.footer, { organisation, law: f.law }),
    template: t,
  };
}

/** The opening a person reads: to them, or to the person who supports them. Paragraphs separated by a blank line. */
export function greetingFor(
  subject: Pick<Subject, 'name' | 'representative'>,
  organisationName: string,
  template: NoticeTemplate = templateOf(),
): string {
  const f = template.fields;
  const organisation = oneLine(organisationName);
  const name = oneLine(subject.name);
  if (!subject.representative) {
    return [fill(f['greeting.dear'], { name }), fill(f['greeting.self'], { organisation })].join('\n\n');
  }
  const representative = oneLine(subject.representative.name);
  const relationship = template.relationships[subject.representative.relationship];
  const values = { name, organisation, relationship };
  if (PARENTAL_RELATIONSHIPS.includes(subject.representative.relationship)) {
    return [
      fill(f['greeting.dear'], { name: representative }),
      fill(f['greeting.parental'], values),
      fill(f['greeting.parentalYou'], values),
    ].join('\n\n');
  }
  return [
    fill(f['greeting.dear'], { name: representative }),
    fill(f['greeting.supported'], values),
    fill(f['greeting.supportedYou'], values),
  ].join('\n\n');
}

/** Where the greeting goes in the rendered notice: letters and digits only, so escaping leaves it as it is. */
const GREETING_SLOT = 'BREACHDESKGREETINGSLOT7F3A9C';

function noticeContent(sections: NoticeSections, breachId: string, greeting: string): MailContent {
  return {
    breachId,
    heading: sections.heading,
    masthead: sections.masthead,
    footer: sections.footer,
    blocks: [
      { kind: 'paragraph', text: greeting },
      ...sections.sections.flatMap((section) => [
        { kind: 'heading' as const, text: section.heading },
        ...section.paragraphs.map((text) => ({ kind: 'paragraph' as const, text })),
        ...(section.list ? [{ kind: 'list' as const, items: section.list }] : []),
      ]),
      { kind: 'heading', text: sections.contactHeading },
      { kind: 'facts', rows: sections.contact },
    ],
  };
}

/** The notice rendered once per breach, cut where each person's greeting goes: the SES template's default data. */
export interface NoticeTemplateParts {
  subject: string;
  textHead: string;
  textTail: string;
  htmlHead: string;
  htmlTail: string;
}

/** One person's part of the notice: the template's replacement data. */
export interface PersonalParts {
  greetingText: string;
  greetingHtml: string;
}

export class NoticeRenderError extends Error {
  override readonly name = 'NoticeRenderError';
}

const splitOnce = (rendered: string): [string, string] => {
  const parts = rendered.split(GREETING_SLOT);
  if (parts.length !== 2) throw new NoticeRenderError('the greeting slot must appear exactly once in the notice');
  return [parts[0] ?? '', parts[1] ?? ''];
};

export function noticeTemplateParts(notice: NoticeCase, draft?: NoticeWording): NoticeTemplateParts {
  const sections = noticeSections(notice, draft);
  const { text, html } = renderMail(noticeContent(sections, notice.state.breachId, GREETING_SLOT));
  const [textHead, textTail] = splitOnce(text);
  const [htmlHead, htmlTail] = splitOnce(html);
  return { subject: sections.subject, textHead, textTail, htmlHead, htmlTail };
}

/** The greeting as renderMail renders a paragraph: escaped, line breaks as <br>. */
export const personalParts = (
  subject: Pick<Subject, 'name' | 'representative'>,
  organisationName: string,
  template?: NoticeTemplate,
) => {
  const greeting = greetingFor(subject, organisationName, template);
  return {
    greetingText: greeting,
    greetingHtml: escapeHtml(greeting).replace(/\r?\n/g, '<br>'),
  } satisfies PersonalParts;
};

/** What SES renders from the template, the default data and one person's replacement data. */
export const fillNotice = (
  parts: NoticeTemplateParts,
  personal: PersonalParts,
): { subject: string; text: string; html: string } => ({
  subject: parts.subject,
  text: `${parts.textHead}${personal.greetingText}${parts.textTail}`,
  html: `${parts.htmlHead}${personal.greetingHtml}${parts.htmlTail}`,
});

/** One person's whole notice, rendered in one go: what the split-and-fill above must reproduce exactly. */
export function renderSubjectNotice(
  notice: NoticeCase,
  subject: Pick<Subject, 'name' | 'representative'>,
  draft?: NoticeWording,
): { subject: string; text: string; html: string } {
  const sections = noticeSections(notice, draft);
  const rendered = renderMail(
    noticeContent(sections, notice.state.breachId, greetingFor(subject, notice.organisationName, sections.template)),
  );
  return { subject: sections.subject, ...rendered };
}

/**
 * The SES template: three placeholders per part, filled with already-rendered (and, in the HTML, already-escaped)
 * text. Triple braces, because Handlebars would otherwise escape the HTML a second time.
 */
export const SUBJECT_NOTICE_TEMPLATE = {
  subject: '{{{subject}}}',
  text: '{{{textHead}}}{{{greetingText}}}{{{textTail}}}',
  html: '{{{htmlHead}}}{{{greetingHtml}}}{{{htmlTail}}}',
} as const;
