import {
  BREACH_TYPES,
  CAUSES,
  CONTACT_HELD,
  DATA_CATEGORIES,
  DISCOVERY_CHANNELS,
  DISRUPTION,
  PASSWORD_STORAGE,
  RECIPIENTS,
  RECOVERY,
  RESPONSIBLE_ROLES,
  RESTORATION,
  SENSITIVE_NATURE,
  SUBJECT_CATEGORIES,
  YES_NO_UNKNOWN,
} from '../domain/report';
import { type DateTimePart, fieldId } from './components';
import { DEFAULTED_FACTS, FIRST_MINUTES_FIELDS } from './report-first-minutes';

/**
 * Facts the API takes that the form does not ask: lists of groups of people and of places, which a DPO enters when
 * amending the report through the API. Named here so the form's coverage test knows them as deliberate.
 */
export const API_ONLY_FACTS = ['groups', 'peopleIn'] as const;

import {
  type FieldDef,
  type FieldProblem,
  type FormErrors,
  flattenPlaced,
  formErrors,
  type PlacedField,
  placeFields,
  type ReadingProblem,
  readForm,
  writeForm,
} from './forms';
import {
  ANONYMITY_LABELS,
  BREACH_TYPE_LABELS,
  CAUSE_LABELS,
  CONTACT_HELD_LABELS,
  DATA_CATEGORY_GROUPS,
  DATA_CATEGORY_LABELS,
  DISCOVERY_CHANNEL_LABELS,
  DISRUPTION_LABELS,
  ENCRYPTION_STRENGTH_LABELS,
  ENCRYPTION_STRENGTHS,
  itemsOf,
  MALICIOUS_LABELS,
  OCCURRED_KINDS,
  OCCURRED_LABELS,
  ORGANISATION_ROLE_KINDS,
  ORGANISATION_ROLE_LABELS,
  PASSWORD_STORAGE_LABELS,
  PROTECTION_KINDS,
  PROTECTION_LABELS,
  RECIPIENT_LABELS,
  RECOVERY_LABELS,
  RESPONSIBLE_ROLE_LABELS,
  RESTORATION_LABELS,
  SENSITIVE_NATURE_LABELS,
  SUBJECT_CATEGORY_LABELS,
  YES_NO_LABELS,
  YES_NO_UNKNOWN_LABELS,
} from './report-labels';

/**
 * The hosted report form's questions, written against the report schema (domain/report.ts): one field per fact,
 * keyed by its path in the report (`reporter.name`, `occurred.at`). Definitions only: placing, reading, writing,
 * problems and markup are the one form engine's (forms.ts), which the decision pages use too.
 *
 * A question that only matters after one answer of another (the controller's name, once "another organisation's"
 * is chosen) is shown `under` that answer, and read only when it was chosen.
 */

/** A question of the report form; it takes no context: every organisation's form asks the same. */
export type ReportField = FieldDef<undefined>;
export type { ReadingProblem };

const yesNo = itemsOf(['yes', 'no'] as const, YES_NO_LABELS);
const DATE_HINT = 'Use the 24-hour clock, for example 27 3 2026 14 30. If you are not sure, give your best estimate.';

/** Every question, in the order of the story. */
const QUESTIONS: readonly ReportField[] = [
  // 1. What happened
  {
    key: 'description',
    kind: 'textarea',
    rows: 8,
    label: 'What happened?',
    hint: 'Describe it in your own words: what went wrong, and how. Do not include the personal data itself, such as the names of the people affected.',
    missing: 'Enter what happened',
    max: 10_000,
    subject: 'What happened',
  },
  {
    key: 'breachTypes',
    kind: 'checkboxes',
    label: 'What happened to the data?',
    hint: 'Select all that apply.',
    options: itemsOf(BREACH_TYPES, BREACH_TYPE_LABELS),
    missing: 'Select what happened to the data',
    invalid: 'Select what happened to the data from the list',
  },
  {
    key: 'cause.category',
    kind: 'choice',
    type: 'string',
    label: 'What caused it?',
    hint: 'Choose the closest. You can explain below.',
    options: itemsOf(CAUSES, CAUSE_LABELS),
    missing: 'Select what caused the breach',
    invalid: 'Select what caused the breach from the list',
  },
  {
    key: 'cause.detail',
    kind: 'textarea',
    rows: 4,
    label: 'Anything more about the cause?',
    optional: true,
    max: 2000,
    subject: 'More about the cause',
  },
  {
    key: 'location',
    kind: 'text',
    label: 'Where did it happen?',
    hint: 'For example the school office, a care worker’s car, or the payroll system.',
    optional: true,
    max: 500,
    subject: 'Where it happened',
  },
  {
    key: 'malicious',
    kind: 'choice',
    type: 'string',
    label: 'Did someone do it on purpose?',
    options: itemsOf(YES_NO_UNKNOWN, MALICIOUS_LABELS),
    missing: 'Select whether someone did it on purpose',
    invalid: 'Select whether someone did it on purpose from the list',
  },
  {
    key: 'recipient',
    kind: 'choice',
    type: 'string',
    label: 'Who has the data now, or could have seen it?',
    options: itemsOf(RECIPIENTS, RECIPIENT_LABELS),
    missing: 'Select who has the data now',
    invalid: 'Select who has the data now from the list',
  },
  {
    key: 'responsibleRole',
    kind: 'choice',
    type: 'string',
    label: 'Whose action led to it?',
    hint: 'By their role only. This decides who the report is escalated to; it is not about blame.',
    optional: true,
    options: itemsOf(RESPONSIBLE_ROLES, RESPONSIBLE_ROLE_LABELS),
    invalid: 'Select whose action led to it from the list',
  },
  {
    key: 'staffTraining.completed',
    kind: 'choice',
    type: 'string',
    label: 'Had the people involved done data protection training?',
    optional: true,
    options: itemsOf(YES_NO_UNKNOWN, YES_NO_UNKNOWN_LABELS),
    missing:
      'Select whether the people involved had done data protection training, or leave the details about training empty',
    invalid: 'Select whether the people involved had done data protection training from the list',
  },
  {
    key: 'staffTraining.detail',
    kind: 'textarea',
    rows: 4,
    label: 'Anything more about their training?',
    hint: 'For example when they last did it.',
    optional: true,
    max: 2000,
    subject: 'More about training',
  },
  {
    key: 'cyberImpact.impact',
    kind: 'textarea',
    rows: 4,
    label: 'If it was a cyber incident: what has it affected?',
    hint: 'For example which systems are down, or whether data was copied out.',
    optional: true,
    max: 5000,
    subject: 'What the cyber incident affected',
  },
  {
    key: 'cyberImpact.recoveryTime',
    kind: 'text',
    label: 'If it was a cyber incident: how long until systems are working again?',
    optional: true,
    max: 500,
    subject: 'How long until systems work again',
  },

  // 2. When it happened and when you became aware
  {
    key: 'occurred.kind',
    kind: 'choice',
    type: 'string',
    label: 'Do you know when it happened?',
    options: itemsOf(OCCURRED_KINDS, OCCURRED_LABELS),
    missing: 'Select whether you know when it happened',
    invalid: 'Select whether you know when it happened from the list',
  },
  {
    key: 'occurred.at',
    kind: 'datetime',
    label: 'When did it happen?',
    hint: DATE_HINT,
    under: { key: 'occurred.kind', value: 'at' },
    // A period that starts after awareness is a problem with when it happened: it is shown on this date.
    claims: ['occurred'],
    subject: 'The date it happened',
    missing: 'Enter the date and time it happened',
    invalid: 'The date it happened must be before the date you found out about it',
  },
  {
    key: 'occurred.from',
    kind: 'datetime',
    label: 'The earliest it could have happened',
    hint: DATE_HINT,
    under: { key: 'occurred.kind', value: 'between' },
    claims: ['occurred'],
    subject: 'The start of the period',
    missing: 'Enter the earliest date and time it could have happened',
    invalid: 'The start of the period must be before the date you found out about it',
  },
  {
    key: 'occurred.to',
    kind: 'datetime',
    label: 'The latest it could have happened',
    hint: DATE_HINT,
    under: { key: 'occurred.kind', value: 'between' },
    subject: 'The end of the period',
    missing: 'Enter the latest date and time it could have happened',
    invalid: 'The end of the period must be after its start, and not in the future',
  },
  {
    key: 'awareAt',
    kind: 'datetime',
    label: 'When did you find out about it?',
    hint: 'When you, or anyone in your organisation, first knew. This starts the 72-hour deadline for reporting it. Use the 24-hour clock, for example 27 3 2026 14 30.',
    subject: 'The date you found out',
    missing: 'Enter the date and time you found out about it',
    invalid: 'The date you found out must be today or in the past, and not before 25 May 2018',
  },
  {
    key: 'discovery.channel',
    kind: 'choice',
    type: 'string',
    label: 'How did you find out?',
    options: itemsOf(DISCOVERY_CHANNELS, DISCOVERY_CHANNEL_LABELS),
    missing: 'Select how you found out',
    invalid: 'Select how you found out from the list',
  },
  {
    key: 'discovery.detail',
    kind: 'textarea',
    rows: 4,
    label: 'Anything more about how you found out?',
    optional: true,
    max: 2000,
    subject: 'More about how you found out',
  },

  // 3. What data
  {
    key: 'dataCategories',
    kind: 'checkboxes',
    label: 'What kinds of information were involved?',
    hint: 'Select all that apply.',
    options: itemsOf(DATA_CATEGORIES, DATA_CATEGORY_LABELS),
    groups: DATA_CATEGORY_GROUPS,
    missing: 'Select the kinds of information involved',
    invalid: 'Select the kinds of information involved from the list',
  },
  {
    key: 'protection.kind',
    kind: 'choice',
    type: 'string',
    label: 'Was the data protected?',
    options: itemsOf(PROTECTION_KINDS, PROTECTION_LABELS),
    missing: 'Select whether the data was protected',
    invalid: 'Select whether the data was protected from the list',
  },
  {
    key: 'protection.strength',
    kind: 'choice',
    type: 'string',
    label: 'How strong was the encryption?',
    options: itemsOf(ENCRYPTION_STRENGTHS, ENCRYPTION_STRENGTH_LABELS),
    under: { key: 'protection.kind', value: 'encrypted' },
    missing: 'Select how strong the encryption was',
    invalid: 'Select how strong the encryption was from the list',
  },
  {
    key: 'protection.keyCompromised',
    kind: 'choice',
    type: 'boolean',
    label: 'Could the password or key have gone with it?',
    hint: 'For example the password written on a note with the laptop.',
    options: yesNo,
    under: { key: 'protection.kind', value: 'encrypted' },
    missing: 'Select whether the password or key could have gone with it',
    invalid: 'Select yes or no',
  },
  {
    key: 'protection.reidentificationKeyCompromised',
    kind: 'choice',
    type: 'boolean',
    label: 'Could the list that links codes to people have gone with it?',
    options: yesNo,
    under: { key: 'protection.kind', value: 'pseudonymised' },
    missing: 'Select whether the list that links codes to people could have gone with it',
    invalid: 'Select yes or no',
  },
  {
    key: 'approximateRecords',
    kind: 'integer',
    estimate: true,
    label: 'About how many records were involved?',
    hint: 'A record is one document, file, row or entry. If you do not know exactly, give your best estimate.',
    width: 'width-10',
    missing: 'Enter about how many records were involved',
    invalid: 'Enter a number of records from 0 to 1,000,000,000',
    subject: 'The number of records',
  },

  // 4. Whose data and how many
  {
    key: 'subjectCategories',
    kind: 'checkboxes',
    label: 'Whose information was it?',
    hint: 'Select all that apply.',
    options: itemsOf(SUBJECT_CATEGORIES, SUBJECT_CATEGORY_LABELS),
    missing: 'Select whose information it was',
    invalid: 'Select whose information it was from the list',
  },
  {
    key: 'approximateSubjects',
    kind: 'integer',
    estimate: true,
    label: 'About how many people’s information was involved?',
    hint: 'If you do not know exactly, give your best estimate.',
    width: 'width-10',
    missing: 'Enter about how many people’s information was involved',
    invalid: 'Enter a number of people from 0 to 1,000,000,000',
    subject: 'The number of people',
  },
  {
    key: 'sensitiveData.subjects',
    kind: 'integer',
    estimate: true,
    label:
      'If it included health, beliefs, criminal or safeguarding details: about how many of these people does that concern?',
    optional: true,
    width: 'width-10',
    invalid: 'Enter a number of people from 0 to 1,000,000,000',
    subject: 'The number of people the sensitive details concern',
  },
  {
    key: 'sensitiveData.nature',
    kind: 'choice',
    type: 'string',
    label: 'Do those details reveal something about them, or only mention it?',
    optional: true,
    options: itemsOf(SENSITIVE_NATURE, SENSITIVE_NATURE_LABELS),
    invalid: 'Select whether the details reveal or only mention it from the list',
  },
  {
    key: 'contactDetailsHeld',
    kind: 'choice',
    type: 'string',
    label: 'Do you have contact details to tell each of these people yourselves?',
    optional: true,
    options: itemsOf(CONTACT_HELD, CONTACT_HELD_LABELS),
    invalid: 'Select whether you have their contact details from the list',
  },
  {
    key: 'organisationRole.role',
    kind: 'choice',
    type: 'string',
    label: 'Whose data is it?',
    options: itemsOf(ORGANISATION_ROLE_KINDS, ORGANISATION_ROLE_LABELS),
    missing: 'Select whose data it is',
    invalid: 'Select whose data it is from the list',
  },
  {
    key: 'organisationRole.controller.name',
    kind: 'text',
    label: 'The organisation’s name',
    under: { key: 'organisationRole.role', value: 'processor' },
    hint: 'One of the organisations your organisation is registered to process data for. They are contacted at the details your organisation holds for them.',
    missing: 'Enter the name of the organisation whose data it is',
    invalid:
      'Enter the name of an organisation yours is registered to process data for, or ask your data protection officer',
    max: 200,
    subject: 'The organisation’s name',
    autocomplete: 'off',
  },
  {
    key: 'organisationRole.controller.email',
    kind: 'email',
    label: 'Their e-mail address',
    optional: true,
    under: { key: 'organisationRole.role', value: 'processor' },
    invalid: 'Enter their e-mail address in the right format, like name@example.com',
    autocomplete: 'off',
  },
  {
    key: 'organisationRole.controller.phone',
    kind: 'tel',
    label: 'Their phone number',
    optional: true,
    under: { key: 'organisationRole.role', value: 'processor' },
    max: 40,
    subject: 'Their phone number',
    width: 'width-20',
    autocomplete: 'off',
  },
  {
    key: 'organisationRole.controller.role',
    kind: 'text',
    label: 'Who to contact there',
    hint: 'For example their data protection officer.',
    optional: true,
    under: { key: 'organisationRole.role', value: 'processor' },
    max: 200,
    subject: 'Who to contact there',
    autocomplete: 'off',
  },
  {
    key: 'thirdPartyData.involved',
    kind: 'choice',
    type: 'boolean',
    label: 'Was another organisation’s data involved too?',
    hint: 'For example a partner’s or a supplier’s records in the same files.',
    options: yesNo,
    missing: 'Select whether another organisation’s data was involved',
    invalid: 'Select yes or no',
  },
  {
    key: 'thirdPartyData.detail',
    kind: 'textarea',
    rows: 4,
    label: 'Whose, and what?',
    optional: true,
    under: { key: 'thirdPartyData.involved', value: 'yes' },
    max: 2000,
    subject: 'Whose data, and what',
  },
  {
    key: 'likelyConsequences',
    kind: 'textarea',
    rows: 4,
    label: 'What could happen to the people affected?',
    hint: 'For example fraud, distress, embarrassment, or a risk to their safety.',
    optional: true,
    max: 5000,
    subject: 'What could happen to the people affected',
  },

  // 5. What has been done
  {
    key: 'containment.contained',
    kind: 'choice',
    type: 'boolean',
    label: 'Has it been stopped?',
    hint: 'For example the e-mail recalled, the recipient has deleted it, or the account locked.',
    options: itemsOf(['yes', 'no'] as const, { yes: { text: 'Yes' }, no: { text: 'No, or not yet' } }),
    missing: 'Select whether it has been stopped',
    invalid: 'Select yes or no',
  },
  {
    key: 'containment.containedAt',
    kind: 'datetime',
    label: 'When was it stopped?',
    optional: true,
    hint: 'Use the 24-hour clock, for example 27 3 2026 14 30.',
    under: { key: 'containment.contained', value: 'yes' },
    subject: 'The date it was stopped',
    invalid: 'The date it was stopped must be today or in the past',
  },
  {
    key: 'containment.how',
    kind: 'textarea',
    rows: 4,
    label: 'What has been done to stop it or limit the harm?',
    optional: true,
    max: 5000,
    subject: 'What has been done to stop it',
  },
  {
    key: 'recovery',
    kind: 'choice',
    type: 'string',
    label: 'Has the data been got back or deleted?',
    options: itemsOf(RECOVERY, RECOVERY_LABELS),
    missing: 'Select whether the data has been got back or deleted',
    invalid: 'Select whether the data has been got back or deleted from the list',
  },
  {
    key: 'restoration',
    kind: 'choice',
    type: 'string',
    label: 'If it was lost, changed or could not be reached: can it be used again?',
    optional: true,
    options: itemsOf(RESTORATION, RESTORATION_LABELS),
    invalid: 'Select whether the data can be used again from the list',
  },
  {
    key: 'unavailability.disruption',
    kind: 'choice',
    type: 'string',
    label: 'If it could not be reached: what did that disrupt?',
    optional: true,
    options: itemsOf(DISRUPTION, DISRUPTION_LABELS),
    invalid: 'Select what it disrupted from the list',
  },
  {
    key: 'unavailability.hours',
    kind: 'integer',
    estimate: true,
    label: 'For about how many hours could it not be reached?',
    optional: true,
    width: 'width-10',
    invalid: 'Enter a number of hours',
    subject: 'The number of hours',
  },
  {
    key: 'passwordStorage',
    kind: 'choice',
    type: 'string',
    label: 'If passwords were involved: how were they stored?',
    optional: true,
    options: itemsOf(PASSWORD_STORAGE, PASSWORD_STORAGE_LABELS),
    invalid: 'Select how the passwords were stored from the list',
  },
  {
    key: 'misuse.underWay',
    kind: 'choice',
    type: 'boolean',
    label: 'Is the information already being misused (for example identity theft or fraud)?',
    optional: true,
    options: yesNo,
    invalid: 'Select yes or no',
  },
  {
    key: 'misuse.targetedIndividual',
    kind: 'choice',
    type: 'boolean',
    label: 'Was one particular person deliberately targeted?',
    optional: true,
    options: yesNo,
    invalid: 'Select yes or no',
  },
  {
    key: 'incident.nis2Significant',
    kind: 'choice',
    type: 'boolean',
    label: 'If you are under NIS2: is this a significant incident?',
    optional: true,
    options: yesNo,
    invalid: 'Select yes or no',
  },
  {
    key: 'incident.doraMajor',
    kind: 'choice',
    type: 'boolean',
    label: 'If you are a financial entity under DORA: is this a major ICT-related incident?',
    optional: true,
    options: yesNo,
    invalid: 'Select yes or no',
  },
  {
    key: 'police.informed',
    kind: 'choice',
    type: 'boolean',
    label: 'Have the police been told?',
    options: yesNo,
    missing: 'Select whether the police have been told',
    invalid: 'Select yes or no',
  },
  {
    key: 'police.crimeReference',
    kind: 'text',
    label: 'Crime reference number',
    optional: true,
    under: { key: 'police.informed', value: 'yes' },
    max: 100,
    subject: 'The crime reference number',
    width: 'width-20',
    autocomplete: 'off',
  },
  {
    key: 'actionsTaken',
    kind: 'textarea',
    rows: 4,
    label: 'Anything else that has been done so far?',
    hint: 'For example who else has been told, or what has been changed.',
    optional: true,
    max: 10_000,
    subject: 'What else has been done',
  },

  // 6. About you
  {
    key: 'reporter.anonymised',
    kind: 'choice',
    type: 'boolean',
    label: 'Do you want to give your name?',
    hint: 'You can stay anonymous. Giving your name lets the data protection officer ask you about what happened.',
    options: itemsOf(['no', 'yes'] as const, ANONYMITY_LABELS),
    missing: 'Select whether you want to give your name',
    invalid: 'Select whether you want to give your name from the list',
  },
  {
    key: 'reporter.name',
    kind: 'text',
    label: 'Your name',
    under: { key: 'reporter.anonymised', value: 'no' },
    missing: 'Enter your name, or choose to stay anonymous',
    max: 200,
    subject: 'Your name',
    autocomplete: 'name',
  },
  {
    key: 'reporter.email',
    kind: 'email',
    label: 'Your e-mail address',
    optional: true,
    under: { key: 'reporter.anonymised', value: 'no' },
    invalid: 'Enter your e-mail address in the right format, like name@example.com',
    autocomplete: 'email',
  },
  {
    key: 'reporter.phone',
    kind: 'tel',
    label: 'Your phone number',
    optional: true,
    under: { key: 'reporter.anonymised', value: 'no' },
    max: 40,
    subject: 'Your phone number',
    width: 'width-20',
    autocomplete: 'tel',
  },
  {
    key: 'reporter.role',
    kind: 'text',
    label: 'Your job or role',
    hint: 'For example class teacher, care worker, or office manager.',
    optional: true,
    max: 200,
    subject: 'Your job or role',
    autocomplete: 'organization-title',
  },
];

const FIRST_MINUTES: readonly string[] = FIRST_MINUTES_FIELDS;

/**
 * Every question, in the order of the page: what a member of staff knows in the first minutes first, then the rest
 * as the story goes on. A question whose fact gets a not-yet-known answer when left empty is marked optional
 * (report-first-minutes.ts); a follow-up keeps its own rule, since it is asked only once its answer is chosen.
 */
export const REPORT_FIELDS: readonly ReportField[] = [
  ...QUESTIONS.filter((field) => FIRST_MINUTES.includes(field.key)).sort(
    (a, b) => FIRST_MINUTES.indexOf(a.key) - FIRST_MINUTES.indexOf(b.key),
  ),
  ...QUESTIONS.filter((field) => !FIRST_MINUTES.includes(field.key)),
].map((field) =>
  field.under === undefined && DEFAULTED_FACTS.has(field.key.split('.')[0] ?? '')
    ? { ...field, optional: true }
    : field,
);

const FIELDS_BY_KEY: ReadonlyMap<string, ReportField> = new Map(REPORT_FIELDS.map((field) => [field.key, field]));

export class UnknownReportFieldError extends Error {
  constructor(readonly fieldName: string) {
    super(`no report field is named ${fieldName}`);
    this.name = 'UnknownReportFieldError';
  }
}

export const reportField = (name: string): ReportField => {
  const field = FIELDS_BY_KEY.get(name);
  if (!field) throw new UnknownReportFieldError(name);
  return field;
};

/** The report form's fields as placed on a page with these values: follow-ups beneath their answers. */
export const placeReportFields = (values: URLSearchParams): PlacedField<undefined>[] =>
  placeFields(REPORT_FIELDS, undefined, values);

/** The id an error summary links to: the field's first input (a date's day box, a list's first option). */
export const anchorOf = (field: ReportField, parts?: readonly DateTimePart[]): string =>
  field.kind === 'datetime' ? `${fieldId(field.key)}-${parts?.[0] ?? 'day'}` : fieldId(field.key);

export interface ReportReading {
  /** The report as the schema will judge it: only what was answered, in the schema's shape. */
  body: Record<string, unknown>;
  problems: ReadingProblem[];
}

/** Turns the urlencoded body of the form into the report object the schema expects. */
export const formToReport = (fields: URLSearchParams, options: { timeZone: string }): ReportReading => {
  const { body, problems } = readForm(REPORT_FIELDS, fields, options);
  return { body, problems };
};

/** The form values that show a report: what a person would have typed to send it. */
export const reportToForm = (report: unknown, options: { timeZone: string }): URLSearchParams =>
  writeForm(REPORT_FIELDS, report, options);

/**
 * What a fresh form holds: the organisation's usual role, the one answer most reports share and which a member of
 * staff may not know the words for. Nothing else is chosen for the person.
 */
export const defaultReportFormValues = (policy: { role: 'controller' | 'processor' }): URLSearchParams =>
  new URLSearchParams({ 'organisationRole.role': policy.role });

/** One problem with the report, at its path in the report (`occurred.from`, `breachTypes[1]`). */
export type ReportProblem = FieldProblem;
export type ReportFormErrors = FormErrors;

/** Puts each problem on its field; the schema's problems get the field's own words. */
export const reportFormErrors = (
  values: URLSearchParams,
  reading: readonly ReadingProblem[],
  problems: readonly ReportProblem[],
): ReportFormErrors =>
  formErrors({
    placed: placeReportFields(values),
    values,
    reading: { problems: [...reading] },
    problems,
    fromSchema: true,
  });

/** Every field the page places, at the top of a part or beneath an answer. For the tests of completeness. */
export const placedReportFieldNames = (values = new URLSearchParams()): string[] =>
  flattenPlaced(placeReportFields(values)).map((field) => field.name);
