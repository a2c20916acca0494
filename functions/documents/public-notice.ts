import type { SubjectCategory } from '../domain/report';
import type { BreachState } from '../domain/state';
import { type NoticeCase, noticeSections } from '../domain/subject-notice';

/**
 * The public communication of Art. 34(3)(c): when writing to each person would involve disproportionate effort, a
 * notice "whereby the data subjects are informed in an equally effective manner" — for a website, a press release or
 * a noticeboard. The same sections as the personal notice (domain/subject-notice.ts), addressed to whoever may be
 * affected, so it says exactly what the letters would have said, and, like them, nothing from the record's free text.
 */

const WHO: Record<SubjectCategory, string> = {
  employees: 'our staff',
  'pupils-or-students': 'our pupils and students',
  children: 'children',
  'parents-or-carers': 'parents and carers',
  patients: 'our patients',
  'service-users': 'people who use our services',
  'vulnerable-adults': 'adults we support',
  customers: 'our customers',
  members: 'our members',
  volunteers: 'our volunteers',
  'job-applicants': 'people who applied for jobs with us',
  public: 'members of the public',
  other: 'other people',
};

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** Whether a public notice is the breach's way of telling people: decided, or recommended by the assessment. */
export const publicNoticeApplies = (state: Pick<BreachState, 'decisions' | 'assessment'>): boolean => {
  const decision = state.decisions['notify-subjects']?.data;
  if (decision) {
    return decision.exemption?.ground === 'disproportionate-effort' || decision.method === 'public-communication';
  }
  return state.decisions.decide?.data.subjectExemption?.ground === 'disproportionate-effort'
    ? true
    : state.assessment?.publicCommunication === true;
};

/** The notice as plain text, ready to publish. */
export function publicNoticeText(notice: NoticeCase): string {
  const sections = noticeSections(notice);
  const who = list(notice.state.report.subjectCategories.map((c) => WHO[c]));
  const underline = (text: string, char: string) => `${text}\n${char.repeat(text.length)}`;
  return [
    underline(`${notice.organisationName}: a data breach that may affect ${who}`, '='),
    '',
    `${notice.organisationName} has had a personal data breach that may affect ${who}. We cannot contact everyone ` +
      'affected one by one, so we are publishing this notice to tell you what happened, what it could mean for you ' +
      'and what you can do. If you think you are affected, please read it and contact us with any questions.',
    ...sections.sections.flatMap((section) => [
      '',
      underline(section.heading, '-'),
      ...section.paragraphs,
      ...(section.list ?? []).map((item) => `- ${item}`),
    ]),
    '',
    underline('Who to contact', '-'),
    ...sections.contact.map(([label, value]) => `${label}: ${value}`),
    '',
  ].join('\n');
}
