import {
  ART34_GROUNDS,
  CONCLUSIONS,
  type Conclusion,
  IMPACTS,
  LIKELIHOODS,
  RISK_LEVELS,
  type RiskLevel,
} from './assessment';
import { NOTIFY_SUBJECTS_METHODS } from './decisions';
import { ENISA_BANDS } from './enisa';
import { CLOCK_IDS, ORGANISATION_ROLES, OTHER_PARTIES, SECTORS } from './policy';
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
} from './report';
import { STAGES } from './state';
import { RELATIONSHIPS } from './subjects';

/**
 * The words a person reads for every code the record holds: one table, used by the pages, the mails and every
 * document, so that no enum value ever reaches a person raw ("misdirected email", "childrens records", "Assessed
 * risk: risk") and the same value reads the same everywhere.
 *
 * Each table is typed by its enum, so a value added to a schema without words here fails to compile;
 * test/unit/domain/vocabulary.test.ts holds every value of every list to a label that is not the code itself.
 *
 * The words are lower case, as they read inside a sentence; `sentenceCase` capitalises them for a table cell.
 */

type Words<T extends readonly string[]> = Readonly<Record<T[number], string>>;

/**
 * The one vocabulary for risk (Art. 33(1): "unlikely to result in a risk"; Art. 34(1): "likely to result in a high
 * risk"), for pages, mails and documents alike. The ENISA score and the school's severity level are internal scales
 * that explain a risk; they never replace these words.
 */
export const RISK_WORDS: Words<typeof RISK_LEVELS> = {
  'no-risk': 'unlikely to result in a risk to people',
  risk: 'a risk to people, but not a high one',
  'high-risk': 'a high risk to people',
};

export const CONCLUSION_WORDS: Words<typeof CONCLUSIONS> = {
  'no-notification': 'no notification is required',
  'authority-only': 'notify the supervisory authority only',
  'authority-and-subjects': 'notify the supervisory authority and the people affected',
};

export const LIKELIHOOD_WORDS: Words<typeof LIKELIHOODS> = {
  remote: 'remote',
  possible: 'possible',
  likely: 'likely',
};

export const IMPACT_WORDS: Words<typeof IMPACTS> = {
  minimal: 'minimal',
  significant: 'significant',
  severe: 'severe',
};

export const ART34_GROUND_WORDS: Words<typeof ART34_GROUNDS> = {
  'data-unintelligible': 'the data is unintelligible to anyone not allowed to see it, e.g. encrypted (Art. 34(3)(a))',
  'subsequent-measures': 'measures taken since mean the high risk is no longer likely (Art. 34(3)(b))',
  'disproportionate-effort': 'telling each person would take disproportionate effort (Art. 34(3)(c))',
};

export const ENISA_BAND_WORDS: Words<typeof ENISA_BANDS> = {
  low: 'low',
  medium: 'medium',
  high: 'high',
  'very-high': 'very high',
};

export const DATA_CATEGORY_WORDS: Words<typeof DATA_CATEGORIES> = {
  'basic-identifiers': 'names and other basic identifiers',
  'contact-details': 'contact details',
  'national-identifiers': 'national identification numbers',
  behavioural: 'behavioural data (browsing, purchases, habits)',
  'communications-traffic': 'communications and traffic data',
  employment: 'employment details',
  education: 'education records',
  other: 'other personal data',
  'childrens-records': 'children’s records',
  'social-care-records': 'social care records',
  safeguarding: 'safeguarding information',
  financial: 'financial details',
  credentials: 'passwords and other log-in details',
  'property-access-codes': 'property access codes (e.g. key safe codes)',
  'identity-documents': 'identity documents',
  location: 'location data',
  'racial-or-ethnic-origin': 'racial or ethnic origin',
  'political-opinions': 'political opinions',
  'religious-or-philosophical-beliefs': 'religious or philosophical beliefs',
  'trade-union-membership': 'trade union membership',
  genetic: 'genetic data',
  biometric: 'biometric data',
  health: 'health data',
  'sex-life': 'data about sex life',
  'sexual-orientation': 'sexual orientation',
  'criminal-offences': 'criminal offence data',
};

export const SUBJECT_CATEGORY_WORDS: Words<typeof SUBJECT_CATEGORIES> = {
  employees: 'employees',
  'pupils-or-students': 'pupils or students',
  children: 'children',
  'parents-or-carers': 'parents or carers',
  patients: 'patients',
  'service-users': 'service users',
  'vulnerable-adults': 'vulnerable adults',
  customers: 'customers',
  members: 'members',
  volunteers: 'volunteers',
  'job-applicants': 'job applicants',
  public: 'members of the public',
  other: 'other people',
};

export const CAUSE_WORDS: Words<typeof CAUSES> = {
  ransomware: 'ransomware',
  phishing: 'phishing',
  hacking: 'hacking',
  malware: 'malicious software',
  'other-cyber': 'another cyber incident',
  'lost-device': 'a lost device',
  'stolen-device': 'a stolen device',
  'lost-paper': 'lost paper records',
  'stolen-paper': 'stolen paper records',
  'misdirected-email': 'an e-mail sent to the wrong person',
  'misdirected-post': 'post sent to the wrong person',
  'unauthorised-access': 'unauthorised access',
  'unauthorised-disclosure': 'unauthorised disclosure',
  alteration: 'unauthorised alteration',
  destruction: 'unauthorised destruction',
  'equipment-failure': 'equipment failure',
  environmental: 'fire, flood or similar damage',
  'human-error': 'human error',
  other: 'another cause',
};

export const BREACH_TYPE_WORDS: Words<typeof BREACH_TYPES> = {
  confidentiality: 'confidentiality (seen by someone who should not have)',
  integrity: 'integrity (changed without permission)',
  availability: 'availability (lost, destroyed or unreachable)',
};

export const RECOVERY_WORDS: Words<typeof RECOVERY> = {
  recovered: 'recovered',
  'deleted-confirmed': 'deleted, and the deletion confirmed',
  partly: 'partly recovered',
  'not-recovered': 'not recovered',
  unknown: 'not known',
};

export const RECIPIENT_WORDS: Words<typeof RECIPIENTS> = {
  none: 'nobody',
  trusted: 'a trusted recipient',
  untrusted: 'an untrusted recipient',
  unknown: 'an unknown recipient',
  public: 'the public',
};

export const DISCOVERY_WORDS: Words<typeof DISCOVERY_CHANNELS> = {
  staff: 'a member of staff',
  'data-subject': 'a person the data is about',
  'unintended-recipient': 'the person who received it by mistake',
  processor: 'our processor',
  'third-party': 'a third party',
  monitoring: 'our monitoring',
  audit: 'an audit',
  police: 'the police',
  media: 'the media',
  other: 'another way',
};

export const RESPONSIBLE_ROLE_WORDS: Words<typeof RESPONSIBLE_ROLES> = {
  staff: 'a member of staff',
  'senior-manager': 'a senior manager',
  head: 'the head of the organisation',
  contractor: 'a contractor',
  processor: 'a processor',
  unknown: 'not known',
};

export const YES_NO_UNKNOWN_WORDS: Words<typeof YES_NO_UNKNOWN> = { yes: 'yes', no: 'no', unknown: 'not known' };

export const OTHER_PARTY_WORDS: Words<typeof OTHER_PARTIES> = {
  police: 'the police',
  controller: 'the controller',
  dspt: 'the DSPT incident tool',
  'local-authority': 'the local authority',
  insurer: 'the insurer',
  'legal-adviser': 'the legal adviser',
  'data-sharing-partners': 'data-sharing partners',
  court: 'the court',
  'ict-provider': 'the ICT service provider',
  board: 'the board',
  governors: 'the governors',
  'affected-companies': 'companies whose data was involved',
  'ig-team-caldicott-guardian': 'the Information Governance team and the Caldicott Guardian',
};

export const SECTOR_WORDS: Words<typeof SECTORS> = {
  school: 'school',
  'social-care': 'social care',
  'care-home': 'care home',
  'professional-body': 'professional body',
  generic: 'general',
};

export const ROLE_WORDS: Words<typeof ORGANISATION_ROLES> = { controller: 'controller', processor: 'processor' };

export const STAGE_WORDS: Words<typeof STAGES> = {
  reported: 'reported',
  contained: 'contained',
  assessed: 'assessed',
  decided: 'decided',
  notified: 'notified',
  evaluated: 'evaluated',
  closed: 'closed',
};

export const CLOCK_WORDS: Words<typeof CLOCK_IDS> = {
  'initial-assessment': 'initial assessment of harm',
  'internal-report': 'internal investigation report',
  authority: 'notification to the supervisory authority',
};

export const NOTIFY_METHOD_WORDS: Words<typeof NOTIFY_SUBJECTS_METHODS> = {
  email: 'e-mail',
  letter: 'letter',
  'email-and-letter': 'e-mail and letter',
  phone: 'phone',
  'in-person': 'in person',
  'public-communication': 'a public notice',
  'other-means': 'other means, already used (nothing sent by Breachdesk)',
  'not-told': 'not told (Art. 34(3) exemption)',
};

/** How the data was protected (the report's `protection.kind`). */
export const PROTECTION_KINDS = ['none', 'password', 'encrypted', 'pseudonymised'] as const;
export const PROTECTION_WORDS: Words<typeof PROTECTION_KINDS> = {
  none: 'neither encrypted nor pseudonymised',
  password: 'password protection only',
  encrypted: 'encrypted',
  pseudonymised: 'pseudonymised',
};

export const RELATIONSHIP_WORDS: Words<typeof RELATIONSHIPS> = {
  parent: 'parent',
  carer: 'carer',
  guardian: 'guardian',
  'next-of-kin': 'next of kin',
  attorney: 'attorney (lasting power of attorney)',
  'care-professional': 'care professional',
  other: 'representative',
};

/** Every enumerated list a person may see a value of, with its words: what the vocabulary test walks. */
export const VOCABULARY = {
  riskLevel: [RISK_LEVELS, RISK_WORDS],
  conclusion: [CONCLUSIONS, CONCLUSION_WORDS],
  likelihood: [LIKELIHOODS, LIKELIHOOD_WORDS],
  impact: [IMPACTS, IMPACT_WORDS],
  art34Ground: [ART34_GROUNDS, ART34_GROUND_WORDS],
  enisaBand: [ENISA_BANDS, ENISA_BAND_WORDS],
  dataCategory: [DATA_CATEGORIES, DATA_CATEGORY_WORDS],
  subjectCategory: [SUBJECT_CATEGORIES, SUBJECT_CATEGORY_WORDS],
  cause: [CAUSES, CAUSE_WORDS],
  breachType: [BREACH_TYPES, BREACH_TYPE_WORDS],
  recovery: [RECOVERY, RECOVERY_WORDS],
  recipient: [RECIPIENTS, RECIPIENT_WORDS],
  discovery: [DISCOVERY_CHANNELS, DISCOVERY_WORDS],
  responsibleRole: [RESPONSIBLE_ROLES, RESPONSIBLE_ROLE_WORDS],
  yesNoUnknown: [YES_NO_UNKNOWN, YES_NO_UNKNOWN_WORDS],
  otherParty: [OTHER_PARTIES, OTHER_PARTY_WORDS],
  sector: [SECTORS, SECTOR_WORDS],
  organisationRole: [ORGANISATION_ROLES, ROLE_WORDS],
  stage: [STAGES, STAGE_WORDS],
  clock: [CLOCK_IDS, CLOCK_WORDS],
  notifyMethod: [NOTIFY_SUBJECTS_METHODS, NOTIFY_METHOD_WORDS],
  relationship: [RELATIONSHIPS, RELATIONSHIP_WORDS],
  protection: [PROTECTION_KINDS, PROTECTION_WORDS],
} as const;

export type VocabularyKind = keyof typeof VOCABULARY;
type ValueOf<K extends VocabularyKind> = (typeof VOCABULARY)[K][0][number];

/** The words for one value of one list. */
export const wordsFor = <K extends VocabularyKind>(kind: K, value: ValueOf<K>): string =>
  (VOCABULARY[kind][1] as Record<string, string>)[value] ?? value;

/** A list of one kind's values as words: "health data, financial details and contact details". */
export const wordsList = <K extends VocabularyKind>(kind: K, values: readonly ValueOf<K>[]): string => {
  const words = values.map((value) => wordsFor(kind, value));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
};

export const sentenceCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The risk as a sentence's subject: "A high risk to people". */
export const riskSentence = (level: RiskLevel): string => sentenceCase(RISK_WORDS[level]);

export const conclusionSentence = (conclusion: Conclusion): string => sentenceCase(CONCLUSION_WORDS[conclusion]);
