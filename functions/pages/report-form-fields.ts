import {
  BREACH_TYPES,
  CAUSES,
  DATA_CATEGORIES,
  DISCOVERY_CHANNELS,
  RECIPIENTS,
  RECOVERY,
  RESPONSIBLE_ROLES,
  SUBJECT_CATEGORIES,
  YES_NO_UNKNOWN,
} from '../domain/report';
import { DATE_TIME_PARTS, type DateTimePart, type ErrorSummaryItem, fieldId } from './components';
import { grouped, listWords } from './labels';
import {
  ANONYMITY_LABELS,
  BREACH_TYPE_LABELS,
  CAUSE_LABELS,
  DATA_CATEGORY_LABELS,
  DISCOVERY_CHANNEL_LABELS,
  ENCRYPTION_STRENGTH_LABELS,
  ENCRYPTION_STRENGTHS,
  itemsOf,
  MALICIOUS_LABELS,
  OCCURRED_KINDS,
  OCCURRED_LABELS,
  ORGANISATION_ROLE_KINDS,
  ORGANISATION_ROLE_LABELS,
  PROTECTION_KINDS,
  PROTECTION_LABELS,
  RECIPIENT_LABELS,
  RECOVERY_LABELS,
  RESPONSIBLE_ROLE_LABELS,
  SUBJECT_CATEGORY_LABELS,
  YES_NO_LABELS,
  YES_NO_UNKNOWN_LABELS,
} from './report-labels';
import { isoFromWallTime, isRealWallTime, type WallTime, wallTimeOf } from './zoned-time';

/**
 * The hosted report form's questions, written against the report schema (domain/report.ts): one field per fact,
 * named by its path in the report (`reporter.name`, `occurred.at`), so a problem the schema reports at a path lands on
 * the field of that name, and the form ⇄ report mapping is the same walk in both directions.
 *
 * A question that only matters after one answer of another (the controller's name, once "another organisation's"
 * is chosen) is shown under that answer, as GOV.UK's conditionally revealed questions are. With JavaScript off, which
 * is how this form always runs, they are all visible, so a person may type into one under an answer they did not
 * choose: as the Design System advises, such a field is ignored. That is also what keeps an anonymous report
 * anonymous when a name was typed before the person changed their mind.
 *
 * `formToReport` judges nothing the schema judges: it leaves empty answers out (the schema says which were needed),
 * turns yes/no into booleans, numbers into numbers and the date-and-time boxes into ISO 8601 in the organisation's
 * time zone, and only reports what cannot be turned into a value at all (a date with no month), in words a person can
 * act on.
 */

export type ReportFieldKind = 'text' | 'email' | 'tel' | 'textarea' | 'integer' | 'radios' | 'checkboxes' | 'datetime';

export interface ReportFieldItem {
  value: string;
  text: string;
  hint?: string;
}

export interface ReportField {
  /** The report path, which is also the input's name (a date and time adds `.day`, `.month`…). */
  name: string;
  kind: ReportFieldKind;
  /** The question, as the label or legend shows it. */
  label: string;
  hint?: string;
  /** Shown as "(optional)"; the schema, not this flag, decides what is required. */
  optional?: boolean;
  items?: readonly ReportFieldItem[];
  /** A radio whose values stand for booleans ('yes' → true). */
  boolean?: boolean;
  /** Only read, and shown beneath, when the radio `name` has the answer `value`. */
  when?: { name: string; value: string };
  /** The error when the schema wants an answer and there is none ("Enter…", "Select…"). */
  missing?: string;
  /** The error when there is an answer and the schema refuses it. */
  invalid?: string;
  /** For text: the longest answer the schema takes, and the words for "… must be N characters or fewer". */
  max?: number;
  subject?: string;
  /** GOV.UK width class suffix for short inputs ('width-10', 'one-half'). */
  width?: string;
  autocomplete?: string;
}

const yesNo = itemsOf(['yes', 'no'] as const, YES_NO_LABELS);
const DATE_HINT = 'Use the 24-hour clock, for example 27 3 2026 14 30. If you are not sure, give your best estimate.';

/** Every question, in the order of the page. */
export const REPORT_FIELDS: readonly ReportField[] = [
  // 1. What happened
  {
    name: 'description',
    kind: 'textarea',
    label: 'What happened?',
    hint: 'Describe it in your own words: what went wrong, and how. Do not include the personal data itself, such as the names of the people affected.',
    missing: 'Enter what happened',
    max: 10_000,
    subject: 'What happened',
  },
  {
    name: 'breachTypes',
    kind: 'checkboxes',
    label: 'What happened to the data?',
    hint: 'Select all that apply.',
    items: itemsOf(BREACH_TYPES, BREACH_TYPE_LABELS),
    missing: 'Select what happened to the data',
    invalid: 'Select what happened to the data from the list',
  },
  {
    name: 'cause.category',
    kind: 'radios',
    label: 'What caused it?',
    hint: 'Choose the closest. You can explain below.',
    items: itemsOf(CAUSES, CAUSE_LABELS),
    missing: 'Select what caused the breach',
    invalid: 'Select what caused the breach from the list',
  },
  {
    name: 'cause.detail',
    kind: 'textarea',
    label: 'Anything more about the cause?',
    optional: true,
    max: 2000,
    subject: 'More about the cause',
  },
  {
    name: 'location',
    kind: 'text',
    label: 'Where did it happen?',
    hint: 'For example the school office, a care worker’s car, or the payroll system.',
    optional: true,
    max: 500,
    subject: 'Where it happened',
  },
  {
    name: 'malicious',
    kind: 'radios',
    label: 'Did someone do it on purpose?',
    items: itemsOf(YES_NO_UNKNOWN, MALICIOUS_LABELS),
    missing: 'Select whether someone did it on purpose',
    invalid: 'Select whether someone did it on purpose from the list',
  },
  {
    name: 'recipient',
    kind: 'radios',
    label: 'Who has the data now, or could have seen it?',
    items: itemsOf(RECIPIENTS, RECIPIENT_LABELS),
    missing: 'Select who has the data now',
    invalid: 'Select who has the data now from the list',
  },
  {
    name: 'responsibleRole',
    kind: 'radios',
    label: 'Whose action led to it?',
    hint: 'By their role only. This decides who the report is escalated to; it is not about blame.',
    optional: true,
    items: itemsOf(RESPONSIBLE_ROLES, RESPONSIBLE_ROLE_LABELS),
    invalid: 'Select whose action led to it from the list',
  },
  {
    name: 'staffTraining.completed',
    kind: 'radios',
    label: 'Had the people involved done data protection training?',
    optional: true,
    items: itemsOf(YES_NO_UNKNOWN, YES_NO_UNKNOWN_LABELS),
    missing:
      'Select whether the people involved had done data protection training, or leave the details about training empty',
    invalid: 'Select whether the people involved had done data protection training from the list',
  },
  {
    name: 'staffTraining.detail',
    kind: 'textarea',
    label: 'Anything more about their training?',
    hint: 'For example when they last did it.',
    optional: true,
    max: 2000,
    subject: 'More about training',
  },
  {
    name: 'cyberImpact.impact',
    kind: 'textarea',
    label: 'If it was a cyber incident: what has it affected?',
    hint: 'For example which systems are down, or whether data was copied out.',
    optional: true,
    max: 5000,
    subject: 'What the cyber incident affected',
  },
  {
    name: 'cyberImpact.recoveryTime',
    kind: 'text',
    label: 'If it was a cyber incident: how long until systems are working again?',
    optional: true,
    max: 500,
    subject: 'How long until systems work again',
  },

  // 2. When it happened and when you became aware
  {
    name: 'occurred.kind',
    kind: 'radios',
    label: 'Do you know when it happened?',
    items: itemsOf(OCCURRED_KINDS, OCCURRED_LABELS),
    missing: 'Select whether you know when it happened',
    invalid: 'Select whether you know when it happened from the list',
  },
  {
    name: 'occurred.at',
    kind: 'datetime',
    label: 'When did it happen?',
    hint: DATE_HINT,
    when: { name: 'occurred.kind', value: 'at' },
    subject: 'The date it happened',
    missing: 'Enter the date and time it happened',
    invalid: 'The date it happened must be before the date you found out about it',
  },
  {
    name: 'occurred.from',
    kind: 'datetime',
    label: 'The earliest it could have happened',
    hint: DATE_HINT,
    when: { name: 'occurred.kind', value: 'between' },
    subject: 'The start of the period',
    missing: 'Enter the earliest date and time it could have happened',
    invalid: 'The start of the period must be before the date you found out about it',
  },
  {
    name: 'occurred.to',
    kind: 'datetime',
    label: 'The latest it could have happened',
    hint: DATE_HINT,
    when: { name: 'occurred.kind', value: 'between' },
    subject: 'The end of the period',
    missing: 'Enter the latest date and time it could have happened',
    invalid: 'The end of the period must be after its start, and not in the future',
  },
  {
    name: 'awareAt',
    kind: 'datetime',
    label: 'When did you find out about it?',
    hint: 'When you, or anyone in your organisation, first knew. This starts the 72-hour deadline for reporting it. Use the 24-hour clock, for example 27 3 2026 14 30.',
    subject: 'The date you found out',
    missing: 'Enter the date and time you found out about it',
    invalid: 'The date you found out must be today or in the past, and not before 25 May 2018',
  },
  {
    name: 'discovery.channel',
    kind: 'radios',
    label: 'How did you find out?',
    items: itemsOf(DISCOVERY_CHANNELS, DISCOVERY_CHANNEL_LABELS),
    missing: 'Select how you found out',
    invalid: 'Select how you found out from the list',
  },
  {
    name: 'discovery.detail',
    kind: 'textarea',
    label: 'Anything more about how you found out?',
    optional: true,
    max: 2000,
    subject: 'More about how you found out',
  },

  // 3. What data
  {
    name: 'dataCategories',
    kind: 'checkboxes',
    label: 'What kinds of information were involved?',
    hint: 'Select all that apply.',
    items: itemsOf(DATA_CATEGORIES, DATA_CATEGORY_LABELS),
    missing: 'Select the kinds of information involved',
    invalid: 'Select the kinds of information involved from the list',
  },
  {
    name: 'protection.kind',
    kind: 'radios',
    label: 'Was the data protected?',
    items: itemsOf(PROTECTION_KINDS, PROTECTION_LABELS),
    missing: 'Select whether the data was protected',
    invalid: 'Select whether the data was protected from the list',
  },
  {
    name: 'protection.strength',
    kind: 'radios',
    label: 'How strong was the encryption?',
    items: itemsOf(ENCRYPTION_STRENGTHS, ENCRYPTION_STRENGTH_LABELS),
    when: { name: 'protection.kind', value: 'encrypted' },
    missing: 'Select how strong the encryption was',
    invalid: 'Select how strong the encryption was from the list',
  },
  {
    name: 'protection.keyCompromised',
    kind: 'radios',
    boolean: true,
    label: 'Could the password or key have gone with it?',
    hint: 'For example the password written on a note with the laptop.',
    items: yesNo,
    when: { name: 'protection.kind', value: 'encrypted' },
    missing: 'Select whether the password or key could have gone with it',
    invalid: 'Select yes or no',
  },
  {
    name: 'protection.reidentificationKeyCompromised',
    kind: 'radios',
    boolean: true,
    label: 'Could the list that links codes to people have gone with it?',
    items: yesNo,
    when: { name: 'protection.kind', value: 'pseudonymised' },
    missing: 'Select whether the list that links codes to people could have gone with it',
    invalid: 'Select yes or no',
  },
  {
    name: 'approximateRecords',
    kind: 'integer',
    label: 'About how many records were involved?',
    hint: 'A record is one document, file, row or entry. If you do not know exactly, give your best estimate.',
    width: 'width-10',
    missing: 'Enter about how many records were involved',
    invalid: 'Enter a number of records from 0 to 1,000,000,000',
    subject: 'The number of records',
  },

  // 4. Whose data and how many
  {
    name: 'subjectCategories',
    kind: 'checkboxes',
    label: 'Whose information was it?',
    hint: 'Select all that apply.',
    items: itemsOf(SUBJECT_CATEGORIES, SUBJECT_CATEGORY_LABELS),
    missing: 'Select whose information it was',
    invalid: 'Select whose information it was from the list',
  },
  {
    name: 'approximateSubjects',
    kind: 'integer',
    label: 'About how many people’s information was involved?',
    hint: 'If you do not know exactly, give your best estimate.',
    width: 'width-10',
    missing: 'Enter about how many people’s information was involved',
    invalid: 'Enter a number of people from 0 to 1,000,000,000',
    subject: 'The number of people',
  },
  {
    name: 'organisationRole.role',
    kind: 'radios',
    label: 'Whose data is it?',
    items: itemsOf(ORGANISATION_ROLE_KINDS, ORGANISATION_ROLE_LABELS),
    missing: 'Select whose data it is',
    invalid: 'Select whose data it is from the list',
  },
  {
    name: 'organisationRole.controller.name',
    kind: 'text',
    label: 'The organisation’s name',
    when: { name: 'organisationRole.role', value: 'processor' },
    hint: 'One of the organisations your organisation is registered to process data for. They are contacted at the details your organisation holds for them.',
    missing: 'Enter the name of the organisation whose data it is',
    invalid:
      'Enter the name of an organisation yours is registered to process data for, or ask your data protection officer',
    max: 200,
    subject: 'The organisation’s name',
    autocomplete: 'off',
  },
  {
    name: 'organisationRole.controller.email',
    kind: 'email',
    label: 'Their e-mail address',
    optional: true,
    when: { name: 'organisationRole.role', value: 'processor' },
    invalid: 'Enter their e-mail address in the right format, like name@example.com',
    autocomplete: 'off',
  },
  {
    name: 'organisationRole.controller.phone',
    kind: 'tel',
    label: 'Their phone number',
    optional: true,
    when: { name: 'organisationRole.role', value: 'processor' },
    max: 40,
    subject: 'Their phone number',
    width: 'width-20',
    autocomplete: 'off',
  },
  {
    name: 'organisationRole.controller.role',
    kind: 'text',
    label: 'Who to contact there',
    hint: 'For example their data protection officer.',
    optional: true,
    when: { name: 'organisationRole.role', value: 'processor' },
    max: 200,
    subject: 'Who to contact there',
    autocomplete: 'off',
  },
  {
    name: 'thirdPartyData.involved',
    kind: 'radios',
    boolean: true,
    label: 'Was another organisation’s data involved too?',
    hint: 'For example a partner’s or a supplier’s records in the same files.',
    items: yesNo,
    missing: 'Select whether another organisation’s data was involved',
    invalid: 'Select yes or no',
  },
  {
    name: 'thirdPartyData.detail',
    kind: 'textarea',
    label: 'Whose, and what?',
    optional: true,
    when: { name: 'thirdPartyData.involved', value: 'yes' },
    max: 2000,
    subject: 'Whose data, and what',
  },
  {
    name: 'likelyConsequences',
    kind: 'textarea',
    label: 'What could happen to the people affected?',
    hint: 'For example fraud, distress, embarrassment, or a risk to their safety.',
    optional: true,
    max: 5000,
    subject: 'What could happen to the people affected',
  },

  // 5. What has been done
  {
    name: 'containment.contained',
    kind: 'radios',
    boolean: true,
    label: 'Has it been stopped?',
    hint: 'For example the e-mail recalled, the recipient has deleted it, or the account locked.',
    items: itemsOf(['yes', 'no'] as const, { yes: { text: 'Yes' }, no: { text: 'No, or not yet' } }),
    missing: 'Select whether it has been stopped',
    invalid: 'Select yes or no',
  },
  {
    name: 'containment.containedAt',
    kind: 'datetime',
    label: 'When was it stopped?',
    optional: true,
    hint: 'Use the 24-hour clock, for example 27 3 2026 14 30.',
    when: { name: 'containment.contained', value: 'yes' },
    subject: 'The date it was stopped',
    invalid: 'The date it was stopped must be today or in the past',
  },
  {
    name: 'containment.how',
    kind: 'textarea',
    label: 'What has been done to stop it or limit the harm?',
    optional: true,
    max: 5000,
    subject: 'What has been done to stop it',
  },
  {
    name: 'recovery',
    kind: 'radios',
    label: 'Has the data been got back or deleted?',
    items: itemsOf(RECOVERY, RECOVERY_LABELS),
    missing: 'Select whether the data has been got back or deleted',
    invalid: 'Select whether the data has been got back or deleted from the list',
  },
  {
    name: 'police.informed',
    kind: 'radios',
    boolean: true,
    label: 'Have the police been told?',
    items: yesNo,
    missing: 'Select whether the police have been told',
    invalid: 'Select yes or no',
  },
  {
    name: 'police.crimeReference',
    kind: 'text',
    label: 'Crime reference number',
    optional: true,
    when: { name: 'police.informed', value: 'yes' },
    max: 100,
    subject: 'The crime reference number',
    width: 'width-20',
    autocomplete: 'off',
  },
  {
    name: 'actionsTaken',
    kind: 'textarea',
    label: 'Anything else that has been done so far?',
    hint: 'For example who else has been told, or what has been changed.',
    optional: true,
    max: 10_000,
    subject: 'What else has been done',
  },

  // 6. About you
  {
    name: 'reporter.anonymised',
    kind: 'radios',
    boolean: true,
    label: 'Do you want to give your name?',
    hint: 'You can stay anonymous. Giving your name lets the data protection officer ask you about what happened.',
    items: itemsOf(['no', 'yes'] as const, ANONYMITY_LABELS),
    missing: 'Select whether you want to give your name',
    invalid: 'Select whether you want to give your name from the list',
  },
  {
    name: 'reporter.name',
    kind: 'text',
    label: 'Your name',
    when: { name: 'reporter.anonymised', value: 'no' },
    missing: 'Enter your name, or choose to stay anonymous',
    max: 200,
    subject: 'Your name',
    autocomplete: 'name',
  },
  {
    name: 'reporter.email',
    kind: 'email',
    label: 'Your e-mail address',
    optional: true,
    when: { name: 'reporter.anonymised', value: 'no' },
    invalid: 'Enter your e-mail address in the right format, like name@example.com',
    autocomplete: 'email',
  },
  {
    name: 'reporter.phone',
    kind: 'tel',
    label: 'Your phone number',
    optional: true,
    when: { name: 'reporter.anonymised', value: 'no' },
    max: 40,
    subject: 'Your phone number',
    width: 'width-20',
    autocomplete: 'tel',
  },
  {
    name: 'reporter.role',
    kind: 'text',
    label: 'Your job or role',
    hint: 'For example class teacher, care worker, or office manager.',
    optional: true,
    max: 200,
    subject: 'Your job or role',
    autocomplete: 'organization-title',
  },
];

const FIELDS_BY_NAME: ReadonlyMap<string, ReportField> = new Map(REPORT_FIELDS.map((field) => [field.name, field]));

export class UnknownReportFieldError extends Error {
  constructor(readonly fieldName: string) {
    super(`no report field is named ${fieldName}`);
    this.name = 'UnknownReportFieldError';
  }
}

export const reportField = (name: string): ReportField => {
  const field = FIELDS_BY_NAME.get(name);
  if (!field) throw new UnknownReportFieldError(name);
  return field;
};

/** The fields shown beneath one answer of a radio. */
export const fieldsUnder = (name: string, value: string): ReportField[] =>
  REPORT_FIELDS.filter((field) => field.when?.name === name && field.when.value === value);

/** The id an error summary links to: the field's first input (a date's day box, a list's first option). */
export const anchorOf = (field: ReportField, parts?: readonly DateTimePart[]): string =>
  field.kind === 'datetime' ? `${fieldId(field.name)}-${parts?.[0] ?? 'day'}` : fieldId(field.name);

// ---------------------------------------------------------------------------------------------------------------
// Form → report
// ---------------------------------------------------------------------------------------------------------------

/** Something the form could not turn into a value; `parts` names the date boxes to mark. */
export interface ReadingProblem {
  path: string;
  message: string;
  parts?: DateTimePart[];
}

export interface ReportReading {
  /** The report as the schema will judge it: only what was answered, in the schema's shape. */
  body: Record<string, unknown>;
  problems: ReadingProblem[];
}

const PART_WORDS: Record<DateTimePart, string> = {
  day: 'a day',
  month: 'a month',
  year: 'a year',
  hour: 'an hour',
  minute: 'a minute',
};

const trimmed = (fields: URLSearchParams, name: string): string => (fields.get(name) ?? '').trim();

/** Whether the field is read: it is not shown beneath an answer other than the one chosen. */
const isActive = (field: ReportField, fields: URLSearchParams): boolean =>
  field.when === undefined ||
  (trimmed(fields, field.when.name) === field.when.value && isActive(reportField(field.when.name), fields));

const readDateTime = (
  field: ReportField,
  fields: URLSearchParams,
  timeZone: string,
  problems: ReadingProblem[],
): string | undefined => {
  const raw = Object.fromEntries(
    DATE_TIME_PARTS.map((part) => [part, trimmed(fields, `${field.name}.${part}`)]),
  ) as Record<DateTimePart, string>;
  const missing = DATE_TIME_PARTS.filter((part) => raw[part] === '');
  if (missing.length === DATE_TIME_PARTS.length) return undefined;
  const subject = field.subject ?? field.label;
  if (missing.length > 0) {
    problems.push({
      path: field.name,
      message: `${subject} must include ${listWords(missing.map((part) => PART_WORDS[part]))}`,
      parts: missing,
    });
    return undefined;
  }
  const notNumbers = DATE_TIME_PARTS.filter((part) => !/^\d{1,4}$/.test(raw[part]));
  if (notNumbers.length > 0) {
    problems.push({ path: field.name, message: `${subject} must be given in numbers`, parts: notNumbers });
    return undefined;
  }
  if (raw.year.length !== 4) {
    problems.push({ path: field.name, message: 'The year must include 4 numbers, like 2026', parts: ['year'] });
    return undefined;
  }
  const wall = Object.fromEntries(DATE_TIME_PARTS.map((part) => [part, Number(raw[part])])) as unknown as WallTime;
  if (!isRealWallTime(wall)) {
    problems.push({ path: field.name, message: `${subject} must be a real date, and a time on the 24-hour clock` });
    return undefined;
  }
  return isoFromWallTime(wall, timeZone);
};

const readInteger = (field: ReportField, fields: URLSearchParams, problems: ReadingProblem[]): number | undefined => {
  // People write "1,200" or "1 200"; a number is still what they meant.
  const value = trimmed(fields, field.name).replace(/[,\s]/g, '');
  if (value === '') return undefined;
  if (!/^\d{1,12}$/.test(value)) {
    problems.push({
      path: field.name,
      message: `${field.subject ?? field.label} must be a whole number, like 25. If you do not know, give your best estimate`,
    });
    return undefined;
  }
  return Number(value);
};

const readField = (
  field: ReportField,
  fields: URLSearchParams,
  timeZone: string,
  problems: ReadingProblem[],
): unknown => {
  switch (field.kind) {
    case 'text':
    case 'email':
    case 'tel':
      return trimmed(fields, field.name) || undefined;
    case 'textarea':
      // Browsers send line breaks as CRLF; stored text uses LF, as the API's JSON would.
      return trimmed(fields, field.name).replace(/\r\n?/g, '\n') || undefined;
    case 'integer':
      return readInteger(field, fields, problems);
    case 'radios': {
      const value = trimmed(fields, field.name);
      if (value === '') return undefined;
      // A value no option offers is passed on as it is: the schema names it, and nothing is guessed.
      if (field.boolean) return value === 'yes' ? true : value === 'no' ? false : value;
      return value;
    }
    case 'checkboxes': {
      const values = fields.getAll(field.name).map((value) => value.trim());
      return values.length === 0 ? undefined : values;
    }
    case 'datetime':
      return readDateTime(field, fields, timeZone, problems);
  }
};

/** Sets a value at a dotted report path, making the objects on the way. */
const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[keys.at(-1) as string] = value;
};

/**
 * Turns the urlencoded body of the form into the report object the schema expects. Inputs the form does not define
 * are ignored, as the form never sends them; the CSRF token and the form's key are the handler's business.
 */
export const formToReport = (fields: URLSearchParams, options: { timeZone: string }): ReportReading => {
  const body: Record<string, unknown> = {};
  const problems: ReadingProblem[] = [];
  for (const field of REPORT_FIELDS) {
    if (!isActive(field, fields)) continue;
    const value = readField(field, fields, options.timeZone, problems);
    if (value !== undefined) setPath(body, field.name, value);
  }
  return { body, problems };
};

// ---------------------------------------------------------------------------------------------------------------
// Report → form
// ---------------------------------------------------------------------------------------------------------------

const getPath = (source: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      source,
    );

/** The form values that show a report: what a person would have typed to send it. */
export const reportToForm = (report: unknown, options: { timeZone: string }): URLSearchParams => {
  const out = new URLSearchParams();
  for (const field of REPORT_FIELDS) {
    const value = getPath(report, field.name);
    if (value === undefined || value === null) continue;
    switch (field.kind) {
      case 'checkboxes':
        for (const item of Array.isArray(value) ? value : [value]) out.append(field.name, String(item));
        break;
      case 'datetime': {
        const wall = wallTimeOf(String(value), options.timeZone);
        for (const part of DATE_TIME_PARTS) out.set(`${field.name}.${part}`, String(wall[part]));
        break;
      }
      case 'radios':
        out.set(field.name, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));
        break;
      default:
        out.set(field.name, String(value));
    }
  }
  return out;
};

/**
 * What a fresh form holds: the organisation's usual role, the one answer most reports share and which a member of
 * staff may not know the words for. Nothing else is chosen for the person.
 */
export const defaultReportFormValues = (policy: { role: 'controller' | 'processor' }): URLSearchParams =>
  new URLSearchParams({ 'organisationRole.role': policy.role });

// ---------------------------------------------------------------------------------------------------------------
// Problems on the page
// ---------------------------------------------------------------------------------------------------------------

/** One problem with the report, at its path in the report (`occurred.from`, `breachTypes[1]`). */
export interface ReportProblem {
  path: string;
  message: string;
}

export interface ReportFieldError {
  message: string;
  /** The date boxes to mark; all of them when absent. */
  parts?: readonly DateTimePart[];
}

export interface ReportFormErrors {
  /** By field name. */
  byName: Map<string, ReportFieldError>;
  /** In the order of the fields on the page. */
  summary: ErrorSummaryItem[];
}

const hasAnswer = (field: ReportField, values: URLSearchParams): boolean =>
  field.kind === 'datetime'
    ? DATE_TIME_PARTS.some((part) => trimmed(values, `${field.name}.${part}`) !== '')
    : field.kind === 'checkboxes'
      ? values.getAll(field.name).length > 0
      : trimmed(values, field.name) !== '';

/**
 * The field a report path belongs to: itself, else the first active field inside it (`organisationRole.controller`
 * → its name), else its nearest ancestor's. A problem with when it happened as a whole (it started after awareness)
 * belongs on the date that says when it started.
 */
const locate = (path: string, values: URLSearchParams): ReportField | undefined => {
  const clean = path.replace(/\[\d+\]/g, '');
  if (clean === 'occurred') {
    const kind = trimmed(values, 'occurred.kind');
    if (kind === 'at' || kind === 'between') return reportField(kind === 'at' ? 'occurred.at' : 'occurred.from');
  }
  for (let current = clean; current !== ''; current = current.includes('.') ? current.replace(/\.[^.]+$/, '') : '') {
    const exact = FIELDS_BY_NAME.get(current);
    if (exact) return exact;
    const inside = REPORT_FIELDS.find((field) => field.name.startsWith(`${current}.`) && isActive(field, values));
    if (inside) return inside;
  }
  return undefined;
};

const messageFor = (field: ReportField, values: URLSearchParams): string => {
  if (!hasAnswer(field, values)) return field.missing ?? `Answer “${field.label}”`;
  if (field.max !== undefined && trimmed(values, field.name).length > field.max) {
    return `${field.subject ?? field.label} must be ${grouped(field.max)} characters or fewer`;
  }
  return field.invalid ?? field.missing ?? `Check your answer to “${field.label}”`;
};

/**
 * Puts each problem on its field: the message beside it and the error summary's link to it. What the form could not
 * read keeps the reader's words; what the schema refused gets the field's own words (the schema's are written for
 * programmers). One message per field, the first found; a problem with no field of its own is listed unlinked.
 */
export const reportFormErrors = (
  values: URLSearchParams,
  reading: readonly ReadingProblem[],
  problems: readonly ReportProblem[],
): ReportFormErrors => {
  const byName = new Map<string, ReportFieldError>();
  const unlocated: ErrorSummaryItem[] = [];
  const every = [
    ...reading.map((problem) => ({ problem, read: true })),
    ...problems.map((problem) => ({ problem: problem as ReadingProblem, read: false })),
  ];
  for (const { problem, read } of every) {
    const field = locate(problem.path, values);
    if (!field) {
      unlocated.push({ text: 'Check your answers: something could not be recorded' });
      continue;
    }
    if (byName.has(field.name)) continue;
    byName.set(
      field.name,
      read
        ? { message: problem.message, ...(problem.parts ? { parts: problem.parts } : {}) }
        : { message: messageFor(field, values) },
    );
  }
  const located = REPORT_FIELDS.flatMap((field) => {
    const error = byName.get(field.name);
    return error ? [{ text: error.message, href: `#${anchorOf(field, error.parts)}` }] : [];
  });
  return { byName, summary: [...unlocated.slice(0, 1), ...located] };
};
