import { type NotifySubjectsMethod, SENDING_METHODS } from '../domain/decisions';
import { type ConfirmedSend, type NoticeChannels, noticeChannels, sendLabel } from '../domain/notice-reach';
import {
  NOTICE_WORDING_SECTIONS,
  type NoticeWording,
  type NoticeWordingSection,
  sectionText,
} from '../domain/notice-wording';
import type { OrganisationPolicy } from '../domain/policy';
import type { BreachState } from '../domain/state';
import { noticeSections, noticeTemplateParts } from '../domain/subject-notice';
import { wordsFor } from '../domain/vocabulary';
import {
  button,
  type ErrorSummaryItem,
  errorSummary,
  hiddenInput,
  insetText,
  paragraph,
  summaryList,
  textarea,
  warningText,
} from './components';
import { type Html, html } from './html';

/**
 * The notify-subjects step's check before anything is sent: who will be told and how, how many, and the exact e-mail
 * (the letters print the same text) with its four editable sections. Only the button that says what goes ("Send 3
 * e-mails and 2 letters", counted per channel by notice-reach.ts) records the decision that starts the fan-out; "Update the preview" shows the notice again with the edits, and
 * the choices made on the step's form travel along as hidden fields.
 *
 * The preview is the SES template's own parts (noticeTemplateParts): what each person receives is exactly this text
 * with their greeting where it says so.
 */

/** The form's fields this page adds: the four sections' wording, the counts confirmed and the button pressed. */
export const WORDING_FIELD = (section: NoticeWordingSection) => `wording.${section}`;
/** The number of people, where the list does not record how each can be reached. */
export const CONFIRMED_FIELD = 'confirmedSend';
export const CONFIRMED_EMAILS_FIELD = 'confirmedSend.emails';
export const CONFIRMED_LETTERS_FIELD = 'confirmedSend.letters';
export const ACTION_FIELD = 'action';
export const SEND_ACTION = 'send';

/** Whether the method sends anything, so that the choice must be previewed and confirmed first. */
export const needsPreview = (method: unknown): method is NotifySubjectsMethod =>
  typeof method === 'string' && (SENDING_METHODS as readonly string[]).includes(method);

/** The page's own fields, read into the decision: the edited wording (only where changed) and the count confirmed. */
export function readConfirmation(
  values: URLSearchParams,
  generated: Record<NoticeWordingSection, string>,
): { wording?: NoticeWording; confirmedSend?: ConfirmedSend; send: boolean } {
  const wording: NoticeWording = {};
  for (const section of Object.keys(NOTICE_WORDING_SECTIONS) as NoticeWordingSection[]) {
    const value = values.get(WORDING_FIELD(section));
    if (value !== null && value.replace(/\r\n/g, '\n').trim() !== generated[section].trim()) wording[section] = value;
  }
  const count = (name: string) => {
    const value = values.get(name);
    const n = value === null || value.trim() === '' ? Number.NaN : Number(value);
    return Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const emails = count(CONFIRMED_EMAILS_FIELD);
  const letters = count(CONFIRMED_LETTERS_FIELD);
  const people = count(CONFIRMED_FIELD);
  const confirmedSend: ConfirmedSend | undefined =
    emails !== undefined && letters !== undefined ? { emails, letters } : people ? people : undefined;
  return {
    ...(Object.keys(wording).length > 0 ? { wording } : {}),
    ...(confirmedSend !== undefined ? { confirmedSend } : {}),
    send: values.get(ACTION_FIELD) === SEND_ACTION,
  };
}

/** The four sections as generated from the record, before any edit. */
export const generatedWording = (view: NoticeView): Record<NoticeWordingSection, string> => {
  const notice = { state: view.state, organisationName: view.organisationName, policy: view.policy };
  const [whatHappened, consequences, whatWeDid, whatYouCanDo] = noticeSections(notice, {}).sections;
  return {
    whatHappened: sectionText(whatHappened ?? { paragraphs: [] }),
    consequences: sectionText(consequences ?? { paragraphs: [] }),
    whatWeDid: sectionText(whatWeDid ?? { paragraphs: [] }),
    whatYouCanDo: sectionText(whatYouCanDo ?? { paragraphs: [] }),
  };
};

/** What the preview reads of the breach: its record, the policy and the name the notices give. */
export interface NoticeView {
  state: BreachState;
  policy: OrganisationPolicy;
  organisationName: string;
}

export interface NoticePreviewInput {
  view: NoticeView;
  csrfField: string;
  csrfToken: string;
  /** Everything the step's form sent, carried along as hidden fields. */
  values: URLSearchParams;
  method: NotifySubjectsMethod;
  wording: NoticeWording;
  problems: readonly { path: string; message: string }[];
  /** The page around the preview: the console's, with its signed-in bar. */
  layout: (page: { title: string; hasErrors: boolean; content: Html }) => string;
}

/** The e-mail each person receives, but for their greeting: what the preview shows. */
export const previewText = (view: NoticeView, wording: NoticeWording): { subject: string; text: string } => {
  const notice = { state: view.state, organisationName: view.organisationName, policy: view.policy };
  const parts = noticeTemplateParts(notice, wording);
  return { subject: parts.subject, text: `${parts.textHead}[Dear … : each person’s own greeting]${parts.textTail}` };
};

/** The count of each channel, in the summary: what the send button then says in one line. */
const channelRows = (c: NoticeChannels): { key: string; value: string }[] => [
  { key: 'E-mails to the people affected', value: String(c.emails) },
  { key: 'E-mails to a representative', value: String(c.representativeEmails) },
  { key: 'Letters to print and post', value: String(c.letters) },
  { key: 'Letters to a representative', value: String(c.representativeLetters) },
  ...(c.unreached > 0
    ? [
        {
          key: 'Not reached this way',
          value: `${c.unreached} (no e-mail address; choose e-mail and letter to write to them)`,
        },
      ]
    : []),
];

export function renderNoticePreview(input: NoticePreviewInput): string {
  const { view, values, method, wording, problems } = input;
  const subjects = view.state.subjects;
  const listed = Math.max(0, (subjects?.listed ?? 0) - (subjects?.erased ?? 0));
  const generated = generatedWording(view);
  const preview = previewText(view, wording);
  const carried = [...values].filter(
    ([name]) =>
      !name.startsWith('wording.') &&
      !name.startsWith(CONFIRMED_FIELD) &&
      name !== ACTION_FIELD &&
      name !== input.csrfField,
  );
  const errorItems: ErrorSummaryItem[] = problems.map((p) => ({ text: p.message }));
  // Counted per channel where every upload recorded how its people can be reached; else the people on the list.
  const channels = subjects?.reach ? noticeChannels(method, subjects.reach) : undefined;
  const label = channels ? sendLabel(channels) : `Send ${listed} ${listed === 1 ? 'notice' : 'notices'}`;
  const confirmed = channels
    ? [
        hiddenInput(CONFIRMED_EMAILS_FIELD, String(channels.emails + channels.representativeEmails)),
        hiddenInput(CONFIRMED_LETTERS_FIELD, String(channels.letters + channels.representativeLetters)),
      ]
    : [hiddenInput(CONFIRMED_FIELD, String(listed))];

  const content: Html = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${errorItems.length > 0 ? errorSummary(errorItems) : undefined}
<span class="govuk-caption-l">Breach ${view.state.breachId}</span>
<h1 class="govuk-heading-xl">Check the notices before they are sent</h1>
${warningText('Nothing has been sent yet. The notices go out only when you press the send button at the foot of this page.')}
${summaryList([
  { key: 'How', value: wordsFor('notifyMethod', method) },
  { key: 'People on the list', value: String(listed) },
  ...(channels
    ? channelRows(channels)
    : [
        {
          key: 'Who receives what',
          value:
            'An e-mail to each person with an e-mail address, or to their representative (a parent, carer, next of kin or attorney) where one is named; a printed letter, to download and post, for everyone else.',
        },
      ]),
  ...(subjects?.sent ? [{ key: 'Already sent', value: String(subjects.sent) }] : []),
])}
<h2 class="govuk-heading-l">The e-mail</h2>
${paragraph(html`<strong>Subject:</strong> ${preview.subject}`)}
<pre class="govuk-body" id="notice-preview">${preview.text}</pre>
${insetText('The printed letters say the same, with the person’s address in the envelope window and the reference below it.')}
<h2 class="govuk-heading-l">Change the wording</h2>
${paragraph('You may reword these sections. Each must still say what the law requires; the contact details and the right to complain come from your policy and cannot be changed here.')}
<form method="post" novalidate id="notice-preview-form">
${hiddenInput(input.csrfField, input.csrfToken)}
${carried.map(([name, value]) => hiddenInput(name, value))}
${confirmed}
${(Object.keys(NOTICE_WORDING_SECTIONS) as NoticeWordingSection[]).map((section) => {
  const problem = problems.find((p) => p.path === `wording.${section}`);
  return textarea({
    id: `wording-${section}`,
    name: WORDING_FIELD(section),
    label: NOTICE_WORDING_SECTIONS[section].heading,
    hint: NOTICE_WORDING_SECTIONS[section].requires,
    value: wording[section] ?? generated[section],
    rows: 6,
    ...(problem ? { error: problem.message } : {}),
  });
})}
<div class="govuk-button-group">
<button type="submit" class="govuk-button" data-module="govuk-button" name="${ACTION_FIELD}" value="${SEND_ACTION}">${label}</button>
${button('Update the preview', { secondary: true })}
</div>
</form>
</div></div>`;
  const title = `Check the notices – breach ${view.state.breachId}`;
  const hasErrors = errorItems.length > 0;
  return input.layout({ title, hasErrors, content });
}
