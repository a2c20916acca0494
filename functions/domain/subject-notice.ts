import { formatInTimeZone } from './clocks';
import { type DecidedRisk, decidedRisk } from './decided-risk';
import { LEGALLY_SPECIAL } from './enisa';
import { escapeHtml, type MailContent, renderMail } from './mail/message';
import { noticeLaw } from './notice-law';
import { type NoticeWording, sectionFromText } from './notice-wording';
import type { OrganisationPolicy } from './policy';
import type { DataCategory } from './report';
import type { BreachState } from './state';
import { PARENTAL_RELATIONSHIPS, type Relationship, type Subject } from './subjects';

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
  policy: Pick<OrganisationPolicy, 'dpo' | 'supervisoryAuthority' | 'timeZone' | 'duties'>;
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
  contact: (readonly [label: string, value: string])[];
  masthead: string;
  footer: string;
}

const CAUSE_WORDS: Record<string, string> = {
  ransomware: 'our computer systems were attacked with ransomware, malicious software that locks or copies files',
  phishing: 'someone tricked a member of our staff into giving them access to our systems (a “phishing” attack)',
  hacking: 'someone got into our computer systems without permission',
  malware: 'malicious software got into our computer systems',
  'other-cyber': 'our computer systems were attacked',
  'lost-device': 'a laptop, phone or other device holding information was lost',
  'stolen-device': 'a laptop, phone or other device holding information was stolen',
  'lost-paper': 'paper records were lost',
  'stolen-paper': 'paper records were stolen',
  'misdirected-email': 'an e-mail was sent to the wrong person',
  'misdirected-post': 'a letter or parcel was sent to the wrong address',
  'unauthorised-access': 'someone looked at information they were not allowed to see',
  'unauthorised-disclosure': 'information was shared with someone who should not have received it',
  alteration: 'information was changed without permission',
  destruction: 'information was deleted or destroyed without permission',
  'equipment-failure': 'a fault in our equipment damaged information or made it unavailable',
  environmental: 'a fire, flood or similar event damaged our records',
  'human-error': 'a member of our staff made a mistake in handling information',
  other: 'something went wrong in the way we handle information',
};

const DATA_WORDS: Record<DataCategory, string> = {
  'basic-identifiers': 'your name and basic details such as your date of birth',
  'contact-details': 'your contact details (address, e-mail address or phone number)',
  employment: 'information about your work',
  education: 'information about your education',
  other: 'other information about you',
  'childrens-records': 'records about a child',
  'social-care-records': 'your social care records',
  safeguarding: 'safeguarding information',
  financial: 'your bank, card or other financial details',
  credentials: 'passwords or other details you use to log in',
  'property-access-codes': 'the access code to your home, such as a key safe code',
  'identity-documents': 'copies of identity documents such as a passport or driving licence',
  location: 'information about where you live or where you are',
  'national-identifiers': 'your National Insurance, passport or other identity number',
  behavioural: 'information about your habits or preferences, such as what you bought or browsed',
  'communications-traffic': 'records of your calls, messages or connections',
  'racial-or-ethnic-origin': 'your ethnic origin',
  'political-opinions': 'your political opinions',
  'religious-or-philosophical-beliefs': 'your religious or philosophical beliefs',
  'trade-union-membership': 'your trade union membership',
  genetic: 'genetic information',
  biometric: 'biometric information such as fingerprints',
  health: 'information about your health',
  'sex-life': 'information about your sex life',
  'sexual-orientation': 'your sexual orientation',
  'criminal-offences': 'information about criminal offences or convictions',
};

/** Sensitive by law or by context: seen by the wrong person, it hurts through distress and unfair treatment. */
const SENSITIVE: readonly DataCategory[] = [
  ...LEGALLY_SPECIAL,
  'childrens-records',
  'social-care-records',
  'safeguarding',
];

/** What could happen to the person, per category: the consequences the ICO asks organisations to explain. */
const CONSEQUENCES: Partial<Record<DataCategory, string>> = {
  financial: 'Someone could try to use your financial details to take money or to commit fraud in your name.',
  credentials: 'Someone could try to log in to your accounts.',
  'property-access-codes': 'Someone could try to use the access code to get into your home.',
  'identity-documents': 'Someone could try to pretend to be you, for example to open accounts (identity fraud).',
  'contact-details':
    'You may receive unexpected e-mails, calls or letters, including scams that pretend to come from us.',
  location: 'Someone could find out where you live or where you are.',
  'national-identifiers': 'Someone could try to pretend to be you, for example to open accounts (identity fraud).',
};

/** What the person can do, per category: the advice Art. 34(2) and the ICO ask for. */
const ADVICE: Partial<Record<DataCategory, string>> = {
  credentials:
    'Change your password for this service, and for any other account where you use the same password. Turn on two-step verification where you can.',
  financial:
    'Check your bank and card statements for payments you do not recognise, and tell your bank at once if you see any. Your bank will never ask for your full PIN or password.',
  'property-access-codes':
    'The access code to your home is being changed. Until you are told the new code, check that doors and key safes are locked, and tell us about anything unusual.',
  'identity-documents':
    'Watch for letters about loans, credit cards or accounts you did not apply for. You can check your credit record free of charge with a credit reference agency.',
  'contact-details':
    'Be careful with unexpected e-mails, calls or texts, even if they seem to come from us. We will never ask you for a password or for bank details.',
  location: 'If you are worried about your safety, contact the police.',
};

/**
 * How likely it is to affect the person, in the words of the recorded decision (decided-risk.ts), never the machine's
 * recommendation once a person has decided. A voluntary notice says plainly that the risk is not high. Whether the
 * decision departs from the recommendation is for the record, never for the people told.
 */
export const riskParagraph = (risk: DecidedRisk): string => {
  switch (risk.level) {
    case 'high-risk':
      return 'We think there is a high risk that this could affect you. We are telling you now so that you can protect yourself.';
    case 'risk':
      return 'We do not think the risk to you is high, but there is some risk, and we want you to know what happened.';
    case 'no-risk':
      return 'We think it is unlikely that this will affect you, but we want you to know what happened.';
  }
};

/** Who the representative is to the person, as their letter says it. */
const RELATIONSHIP_WORDS: Record<Relationship, string> = {
  parent: 'parent',
  carer: 'carer',
  guardian: 'guardian',
  'next-of-kin': 'next of kin',
  attorney: 'attorney (lasting power of attorney)',
  'care-professional': 'care professional',
  other: 'representative',
};

/** A date people read: "Tuesday 4 March 2025", in the organisation's time zone. */
const dayOf = (iso: string, timeZone: string): string => {
  const formatted = formatInTimeZone(iso, timeZone);
  return formatted.slice(0, formatted.lastIndexOf(', '));
};

/** A postal address's lines, given with commas or line breaks: how the letters lay it out, and the e-mail joins it. */
export const addressLines = (address: string | undefined): string[] =>
  (address ?? '')
    .split(/\r?\n|,/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/** Headers and single-line fields: a CR or LF from an organisation's name would otherwise start a new header. */
const oneLine = (value: string): string => value.replace(/[\r\n\t]+/g, ' ').trim();

const sentenceList = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

function whatHappened({ state, policy }: NoticeCase): NoticeSection {
  const { report } = state;
  const cause = CAUSE_WORDS[report.cause.category] ?? 'something went wrong in the way we handle information';
  const when =
    report.occurred.kind === 'at'
      ? `On ${dayOf(report.occurred.at, policy.timeZone)}, ${cause}.`
      : report.occurred.kind === 'between'
        ? `Between ${dayOf(report.occurred.from, policy.timeZone)} and ${dayOf(report.occurred.to, policy.timeZone)}, ${cause}.`
        : `${cause.charAt(0).toUpperCase()}${cause.slice(1)}.`;
  const data = report.dataCategories.map((c) => DATA_WORDS[c]);
  return {
    heading: 'What happened',
    paragraphs: [
      when,
      `We found out on ${dayOf(report.awareAt, policy.timeZone)}. The information involved includes ${sentenceList(data)}.`,
    ],
  };
}

function consequences({ state }: NoticeCase): NoticeSection {
  const { report } = state;
  const items = report.dataCategories.flatMap((c) => (CONSEQUENCES[c] ? [CONSEQUENCES[c]] : []));
  if (report.dataCategories.some((c) => SENSITIVE.includes(c))) {
    items.push(
      'The information is sensitive: if it is seen or shared, it could cause you distress or unfair treatment.',
    );
  }
  if (report.breachTypes.includes('integrity') || report.breachTypes.includes('availability')) {
    items.push(
      'Some of your records may be wrong or unavailable for a while, which could delay a service you receive.',
    );
  }
  if (items.length === 0) {
    items.push(
      'We do not think the information could be used to harm you directly, but you may receive unwanted contact.',
    );
  }
  const risk = decidedRisk(state);
  return { heading: 'What this could mean for you', paragraphs: risk ? [riskParagraph(risk)] : [], list: items };
}

function whatWeDid({ state, policy }: NoticeCase): NoticeSection {
  const { report, decisions, plan } = state;
  const contain = decisions.contain?.data;
  const contained = contain?.contained ?? report.containment.contained;
  const containedAt = contain?.containedAt ?? report.containment.containedAt;
  const recovery = contain?.recovery ?? report.recovery;
  const items: string[] = [];
  items.push(
    contained
      ? `We stopped the breach${containedAt ? ` on ${dayOf(containedAt, policy.timeZone)}` : ''}.`
      : 'We are still working to stop the breach.',
  );
  if (recovery === 'recovered') items.push('We got the information back.');
  if (recovery === 'deleted-confirmed')
    items.push('The person who received the information confirmed they deleted it.');
  if (recovery === 'partly') items.push('We got some of the information back.');
  if (report.protection.kind === 'encrypted' && !report.protection.keyCompromised) {
    items.push('The information was encrypted, which makes it hard for anyone else to read.');
  }
  if (report.police.informed) items.push('We reported it to the police.');
  const authority = policy.supervisoryAuthority.name;
  if (decisions['notify-authority']) items.push(`We reported the breach to the ${authority}.`);
  else if (plan?.authority) items.push(`We are reporting the breach to the ${authority}.`);
  if (
    policy.duties.includes('change-property-access-codes') &&
    report.dataCategories.includes('property-access-codes')
  ) {
    items.push('We are changing the access codes that were at risk.');
  }
  items.push('We are looking at how this happened so that it does not happen again.');
  return { heading: 'What we have done', paragraphs: [], list: items };
}

function whatYouCanDo({ state }: NoticeCase): NoticeSection {
  const { report } = state;
  const items = report.dataCategories.flatMap((c) => (ADVICE[c] ? [ADVICE[c]] : []));
  if (report.dataCategories.some((c) => SENSITIVE.includes(c))) {
    items.push('If you are worried or upset about what happened, talk to us: the contact details are below.');
  }
  if (items.length === 0) items.push('You do not need to do anything, but contact us if you notice anything unusual.');
  return { heading: 'What you can do', paragraphs: [], list: items };
}

/** Art. 77: the right to complain, to the authority of the organisation's jurisdiction, with its contact details. */
function complaints({ policy }: NoticeCase): NoticeSection {
  const { complaints } = noticeLaw(policy.supervisoryAuthority);
  return {
    heading: 'If you want to complain',
    paragraphs: [
      `Please tell us first, so that we can put things right. You also have the right to complain to the ${complaints.name}, which regulates data protection:`,
    ],
    list: complaints.lines,
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
  const { law } = noticeLaw(notice.policy.supervisoryAuthority);
  return {
    heading: 'A data breach may affect your personal information',
    subject: `Important: a data breach at ${organisation} may affect your personal information`,
    sections: [
      worded(whatHappened(notice), wording.whatHappened),
      worded(consequences(notice), wording.consequences),
      worded(whatWeDid(notice), wording.whatWeDid),
      worded(whatYouCanDo(notice), wording.whatYouCanDo),
      complaints(notice),
    ],
    contact: [
      ['Data protection officer', dpo.name],
      ...(dpo.email ? [['E-mail', dpo.email] as const] : []),
      ...(dpo.phone ? [['Phone', dpo.phone] as const] : []),
      ...(dpo.postalAddress ? [['Postal address', addressLines(dpo.postalAddress).join(', ')] as const] : []),
      ['Our reference', notice.state.breachId],
    ],
    masthead: `${organisation} · Reference ${notice.state.breachId}`,
    footer:
      `You receive this notice because ${organisation} holds information about you, or about someone you support, ` +
      `that was affected by a personal data breach. We are telling you under Article 34 of ${law}.`,
  };
}

/** The opening a person reads: to them, or to the person who supports them. Paragraphs separated by a blank line. */
export function greetingFor(subject: Pick<Subject, 'name' | 'representative'>, organisationName: string): string {
  const organisation = oneLine(organisationName);
  const name = oneLine(subject.name);
  if (!subject.representative) {
    return `Dear ${name},\n\nWe are writing to tell you about a data breach at ${organisation} that involves information about you.`;
  }
  const representative = oneLine(subject.representative.name);
  const { relationship } = subject.representative;
  if (PARENTAL_RELATIONSHIPS.includes(relationship)) {
    return [
      `Dear ${representative},`,
      `We are writing to you as ${name}’s ${RELATIONSHIP_WORDS[relationship]} to tell you about a data breach at ` +
        `${organisation} that involves information about ${name}.`,
      `Where this notice says “you” or “your information”, it means ${name} and their information.`,
    ].join('\n\n');
  }
  return [
    `Dear ${representative},`,
    `You are receiving this because you support ${name} as their ${RELATIONSHIP_WORDS[relationship]}. ` +
      `We are writing to tell you about a data breach at ${organisation} that involves information about ${name}.`,
    `Where this notice says “you”, it means ${name}. Please go through it with them, or act on it for them where they cannot.`,
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
      { kind: 'heading', text: 'Who to contact' },
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
export const personalParts = (subject: Pick<Subject, 'name' | 'representative'>, organisationName: string) => {
  const greeting = greetingFor(subject, organisationName);
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
    noticeContent(sections, notice.state.breachId, greetingFor(subject, notice.organisationName)),
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
