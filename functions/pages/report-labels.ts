import type {
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
import {
  BASIC_CATEGORIES,
  CONTEXT_SENSITIVE_CATEGORIES,
  CRIMINAL_CATEGORIES,
  SPECIAL_CATEGORIES,
} from '../domain/report';

/**
 * The words the hosted report form uses for every enumerated value of the report schema, in one place: the person
 * filling it in may be frightened and is rarely a data protection specialist, so each value says what it means in
 * everyday words, with a hint where the everyday words alone could mislead. Each table is typed by its enum, so a
 * value added to the schema without words here fails to compile rather than showing a bare code.
 */

export interface ChoiceLabel {
  readonly text: string;
  readonly hint?: string;
}

type Labels<T extends readonly string[]> = Readonly<Record<T[number], ChoiceLabel>>;

export const BREACH_TYPE_LABELS: Labels<typeof BREACH_TYPES> = {
  confidentiality: {
    text: 'Someone saw it, or could have, who should not have',
    hint: 'For example an e-mail or letter sent to the wrong person, a lost laptop, or a hacked account',
  },
  integrity: { text: 'It was changed without permission', hint: 'For example records altered or overwritten' },
  availability: {
    text: 'It was lost, destroyed, or could not be reached',
    hint: 'For example files deleted, paper records destroyed, or systems locked by ransomware',
  },
};

export const CAUSE_LABELS: Labels<typeof CAUSES> = {
  ransomware: { text: 'Ransomware: files locked or encrypted, with a demand for payment' },
  phishing: { text: 'Phishing: a fake e-mail, message or website tricked someone' },
  hacking: { text: 'Hacking: someone broke into a system or account' },
  malware: { text: 'A virus or other malicious software' },
  'other-cyber': { text: 'Another cyber incident' },
  'lost-device': { text: 'A laptop, phone, USB stick or other device was lost' },
  'stolen-device': { text: 'A laptop, phone, USB stick or other device was stolen' },
  'lost-paper': { text: 'Paper records were lost' },
  'stolen-paper': { text: 'Paper records were stolen' },
  'misdirected-email': { text: 'An e-mail was sent to the wrong person' },
  'misdirected-post': { text: 'A letter or parcel was sent to the wrong person' },
  'unauthorised-access': { text: 'Someone looked at records they were not allowed to see' },
  'unauthorised-disclosure': { text: 'Information was shared or published when it should not have been' },
  alteration: { text: 'Records were changed without permission' },
  destruction: { text: 'Records were deleted or destroyed by mistake or without permission' },
  'equipment-failure': { text: 'A computer system or equipment failed' },
  environmental: { text: 'Fire, flood or other damage to the building' },
  'human-error': { text: 'Another mistake by a person' },
  other: { text: 'Something else' },
};

export const DATA_CATEGORY_LABELS: Labels<typeof DATA_CATEGORIES> = {
  'basic-identifiers': { text: 'Names, dates of birth or reference numbers' },
  'contact-details': { text: 'Addresses, phone numbers or e-mail addresses' },
  employment: { text: 'Employment records', hint: 'For example pay, absence or performance' },
  education: { text: 'Education records', hint: 'For example marks, reports or attendance' },
  other: { text: 'Other information' },
  'childrens-records': { text: 'Records about children' },
  'social-care-records': { text: 'Social care records' },
  safeguarding: { text: 'Safeguarding or child protection information' },
  financial: { text: 'Bank, card or other financial details' },
  credentials: { text: 'Passwords, usernames or other log-in details' },
  'property-access-codes': { text: 'Door, key safe or alarm codes' },
  'identity-documents': { text: 'Passports, driving licences or other identity documents' },
  location: { text: 'Where someone is or lives, when that is sensitive' },
  'national-identifiers': {
    text: 'National Insurance, passport or ID card numbers',
    hint: 'Numbers that identify a person to the state',
  },
  behavioural: { text: 'Habits, preferences or profiles', hint: 'For example browsing or purchase history' },
  'communications-traffic': { text: 'Call, message or connection records', hint: 'Who contacted whom, and when' },
  'racial-or-ethnic-origin': { text: 'Racial or ethnic origin' },
  'political-opinions': { text: 'Political opinions' },
  'religious-or-philosophical-beliefs': { text: 'Religious or philosophical beliefs' },
  'trade-union-membership': { text: 'Trade union membership' },
  genetic: { text: 'Genetic information' },
  biometric: { text: 'Fingerprints, face scans or other biometric data' },
  health: { text: 'Physical or mental health', hint: 'Including medical records, medication and care needs' },
  'sex-life': { text: 'Sex life' },
  'sexual-orientation': { text: 'Sexual orientation' },
  'criminal-offences': { text: 'Criminal convictions, offences or allegations' },
};

/** The data categories in the groups the form shows them in: from everyday, to what the law protects most. */
export const DATA_CATEGORY_GROUPS: readonly { heading: string; values: readonly (typeof DATA_CATEGORIES)[number][] }[] =
  [
    { heading: 'Everyday information', values: BASIC_CATEGORIES },
    { heading: 'Information that could cause harm if misused', values: CONTEXT_SENSITIVE_CATEGORIES },
    {
      heading: 'Information the law protects more strongly',
      values: [...SPECIAL_CATEGORIES, ...CRIMINAL_CATEGORIES],
    },
  ];

export const SUBJECT_CATEGORY_LABELS: Labels<typeof SUBJECT_CATEGORIES> = {
  employees: { text: 'Staff' },
  'pupils-or-students': { text: 'Pupils or students' },
  children: { text: 'Children' },
  'parents-or-carers': { text: 'Parents or carers' },
  patients: { text: 'Patients' },
  'service-users': { text: 'People who use your services', hint: 'For example residents or clients' },
  'vulnerable-adults': { text: 'Vulnerable adults' },
  customers: { text: 'Customers' },
  members: { text: 'Members' },
  volunteers: { text: 'Volunteers' },
  'job-applicants': { text: 'Job applicants' },
  public: { text: 'Members of the public' },
  other: { text: 'Other people' },
};

export const DISCOVERY_CHANNEL_LABELS: Labels<typeof DISCOVERY_CHANNELS> = {
  staff: { text: 'I or another member of staff noticed it' },
  'data-subject': { text: 'A person whose data it is told us' },
  'unintended-recipient': { text: 'The person who received it by mistake told us' },
  processor: { text: 'A company that handles data for us told us' },
  'third-party': { text: 'Someone else told us' },
  monitoring: { text: 'Security monitoring or an alert' },
  audit: { text: 'An audit or check' },
  police: { text: 'The police' },
  media: { text: 'The media or social media' },
  other: { text: 'Another way' },
};

export const RECOVERY_LABELS: Labels<typeof RECOVERY> = {
  recovered: { text: 'Yes, all of it was got back' },
  'deleted-confirmed': { text: 'The person who had it has confirmed they deleted it' },
  partly: { text: 'Some of it was got back or deleted' },
  'not-recovered': { text: 'No' },
  unknown: { text: 'I do not know' },
};

export const RECIPIENT_LABELS: Labels<typeof RECIPIENTS> = {
  none: { text: 'Nobody', hint: 'For example data destroyed, or a device lost that nobody has found' },
  trusted: {
    text: 'Someone we trust to delete it',
    hint: 'For example another member of staff or a partner organisation',
  },
  untrusted: { text: 'Someone we cannot rely on to delete it' },
  unknown: { text: 'I do not know' },
  public: { text: 'Anyone: it was published or posted online' },
};

export const YES_NO_UNKNOWN_LABELS: Labels<typeof YES_NO_UNKNOWN> = {
  yes: { text: 'Yes' },
  no: { text: 'No' },
  unknown: { text: 'I do not know' },
};

export const MALICIOUS_LABELS: Labels<typeof YES_NO_UNKNOWN> = {
  yes: { text: 'Yes, someone did it on purpose' },
  no: { text: 'No, it was an accident or a failure' },
  unknown: { text: 'I do not know' },
};

export const RESPONSIBLE_ROLE_LABELS: Labels<typeof RESPONSIBLE_ROLES> = {
  staff: { text: 'A member of staff' },
  'senior-manager': { text: 'A senior manager' },
  head: { text: 'The head of the organisation', hint: 'For example the head teacher or chief executive' },
  contractor: { text: 'A contractor or agency worker' },
  processor: { text: 'A company that handles data for us' },
  unknown: { text: 'I do not know, or nobody in particular' },
};

export const PROTECTION_KINDS = ['none', 'password', 'encrypted', 'pseudonymised'] as const;

export const PROTECTION_LABELS: Labels<typeof PROTECTION_KINDS> = {
  none: { text: 'No, anyone could read it', hint: 'Paper records, and most e-mails and their attachments' },
  password: { text: 'It needed a password, but was not encrypted' },
  encrypted: { text: 'It was encrypted', hint: 'For example a laptop with BitLocker or FileVault switched on' },
  pseudonymised: {
    text: 'Names were replaced by codes',
    hint: 'Only someone with the list that links codes to people could tell who it is about',
  },
};

export const ENCRYPTION_STRENGTHS = ['strong', 'weak', 'unknown'] as const;

export const ENCRYPTION_STRENGTH_LABELS: Labels<typeof ENCRYPTION_STRENGTHS> = {
  strong: { text: 'Strong, current encryption', hint: 'For example AES-256 full-disk encryption' },
  weak: { text: 'Old or weak encryption' },
  unknown: { text: 'I do not know' },
};

export const OCCURRED_KINDS = ['at', 'between', 'unknown'] as const;

export const OCCURRED_LABELS: Labels<typeof OCCURRED_KINDS> = {
  at: { text: 'Yes, at a date and time I know' },
  between: { text: 'Some time within a period' },
  unknown: { text: 'I do not know' },
};

export const ORGANISATION_ROLE_KINDS = ['controller', 'processor'] as const;

export const ORGANISATION_ROLE_LABELS: Labels<typeof ORGANISATION_ROLE_KINDS> = {
  controller: { text: 'Ours', hint: 'We decide how it is used: our own staff, pupils, residents or customers' },
  processor: {
    text: 'Another organisation’s, which we handle for them',
    hint: 'We only process it on their instructions, for example as their IT or payroll provider',
  },
};

/** The reporter's choice, as the radio's values: `anonymised` yes or no. */
export const ANONYMITY_LABELS: Labels<readonly ['no', 'yes']> = {
  no: { text: 'Give my name', hint: 'So the data protection officer can ask you about what happened' },
  yes: { text: 'Stay anonymous', hint: 'Your name is not recorded. You can still give your job or role' },
};

/** Plain yes or no, for the report's booleans. */
export const YES_NO_LABELS: Labels<readonly ['yes', 'no']> = {
  yes: { text: 'Yes' },
  no: { text: 'No' },
};

/** A label table as radio or checkbox items, in the order of the enum it was written for. */
export const itemsOf = <T extends string>(
  values: readonly T[],
  labels: Readonly<Record<T, ChoiceLabel>>,
): { value: T; text: string; hint?: string }[] =>
  values.map((value) => {
    const label = labels[value];
    return label.hint ? { value, text: label.text, hint: label.hint } : { value, text: label.text };
  });

export const RESTORATION_LABELS: Labels<typeof RESTORATION> = {
  restored: { text: 'Yes, it can all be used again' },
  partly: { text: 'Some of it' },
  'not-restored': { text: 'No, it cannot be got back' },
  unknown: { text: 'Not known yet' },
};

export const DISRUPTION_LABELS: Labels<typeof DISRUPTION> = {
  none: { text: 'Nothing: nobody was affected by it' },
  inconvenience: { text: 'Some inconvenience', hint: 'For example a short delay in answering people' },
  significant: {
    text: 'Services people rely on were disrupted',
    hint: 'For example deliveries, payments or appointments',
  },
  critical: {
    text: 'Care, treatment or safety was affected',
    hint: 'For example operations postponed or care delayed',
  },
};

export const PASSWORD_STORAGE_LABELS: Labels<typeof PASSWORD_STORAGE> = {
  plaintext: { text: 'As they are typed (plain text)' },
  'encrypted-reversible': { text: 'Encrypted, so they can be turned back' },
  'hashed-weak': { text: 'Hashed with an old method or without salt', hint: 'For example MD5 or SHA-1' },
  'hashed-strong': {
    text: 'Hashed with a strong, salted method',
    hint: 'For example bcrypt, scrypt, Argon2 or PBKDF2',
  },
};

export const CONTACT_HELD_LABELS: Labels<typeof CONTACT_HELD> = {
  all: { text: 'Yes, for all of them' },
  some: { text: 'For some of them' },
  none: { text: 'No' },
};

export const SENSITIVE_NATURE_LABELS: Labels<typeof SENSITIVE_NATURE> = {
  incidental: { text: 'It only mentions it', hint: 'For example a dietary need or a day off sick, with no diagnosis' },
  revealing: { text: 'It reveals it', hint: 'For example a diagnosis, beliefs or a conviction' },
};
