import {
  type BreachReport,
  CRIMINAL_CATEGORIES,
  type DataCategory,
  SPECIAL_CATEGORIES,
  type SubjectCategory,
} from './report';

/**
 * ENISA's severity score for a personal data breach: SE = DPC × EI + CB.
 *
 * Source: ENISA, "Recommendations for a methodology of the assessment of severity of personal data breaches",
 * Working Document v1.0, December 2013 (written with the Greek and German data protection authorities). Section
 * references below are to that document. Every score keeps the factors that moved it, so a DPO can check each step
 * against the methodology and disagree with a specific one rather than with an opaque number.
 *
 * Pure: built only from the enumerated facts and counts of a report, never from its free text, so nothing here can
 * carry personal data into the stored assessment.
 */

/** One thing that drove the result, in words a DPO can read back to the authority. */
export interface Factor {
  /** Stable machine id, e.g. 'special-category-data', so audits can count factors across breaches. */
  factor: string;
  effect: 'raises' | 'lowers';
  explanation: string;
}

// ---------------------------------------------------------------------------------------------------------------
// DPC — data processing context (ENISA §3.1 and Annex A1/A2)
// ---------------------------------------------------------------------------------------------------------------

/** ENISA's four data types with their basic DPC score (Annex A1). */
export const ENISA_DATA_TYPES = ['simple', 'behavioural', 'financial', 'sensitive'] as const;
export type EnisaDataType = (typeof ENISA_DATA_TYPES)[number];
const BASE_SCORE: Record<EnisaDataType, number> = { simple: 1, behavioural: 2, financial: 3, sensitive: 4 };

/**
 * Where each of the report's categories sits among ENISA's four types. A Record over every category, so a category
 * added to report.ts fails the type check here until someone decides how severe it is.
 */
const DATA_TYPE_OF: Record<DataCategory, { type: EnisaDataType; why?: string }> = {
  // Annex A1 lists names, contact details, education and professional experience as simple data.
  'basic-identifiers': { type: 'simple' },
  'contact-details': { type: 'simple' },
  employment: { type: 'simple' },
  education: { type: 'simple' },
  other: { type: 'simple' },
  location: { type: 'behavioural' },
  // ENISA Annex A1 names traffic data, location data and data about personal preferences and habits as behavioural.
  behavioural: { type: 'behavioural' },
  'communications-traffic': { type: 'behavioural', why: 'traffic data shows who a person contacts, when and where' },
  // A national identifier with a name is what identity fraud needs (ICO guidance on identity fraud; UODO decisions on
  // PESEL numbers treat it as high risk), so it is scored with money, as identity documents are.
  'national-identifiers': { type: 'financial', why: 'national identifiers with a name enable identity fraud' },
  financial: { type: 'financial' },
  // A copied passport or driving licence is what identity fraud needs, so it is scored with money, not with names.
  'identity-documents': { type: 'financial', why: 'identity documents enable identity fraud and financial loss' },
  // ENISA §3.1 scores credentials by the data behind them; the report does not say what they open, so we assume
  // accounts worth as much as financial data until the DPO says otherwise.
  credentials: { type: 'financial', why: 'credentials are scored by what they open, assumed financial-grade' },
  // Not Art. 9 data by law, but the school policy names children's records as sensitive by their very personal
  // nature: attendance, behaviour and progress profile a child much as ENISA's behavioural data profiles an adult.
  'childrens-records': { type: 'behavioural', why: "children's records profile a child's life" },
  'social-care-records': { type: 'sensitive', why: 'care records reveal health and care needs' },
  safeguarding: { type: 'sensitive', why: 'safeguarding records concern risk to a person’s safety' },
  // ENISA's own top example for simple data is a list that endangers physical safety (undercover officers): access
  // codes to service users' homes do the same, so they go straight to the top of the scale.
  'property-access-codes': { type: 'sensitive', why: 'access codes put people’s physical safety and homes at risk' },
  'racial-or-ethnic-origin': { type: 'sensitive' },
  'political-opinions': { type: 'sensitive' },
  'religious-or-philosophical-beliefs': { type: 'sensitive' },
  'trade-union-membership': { type: 'sensitive' },
  genetic: { type: 'sensitive' },
  biometric: { type: 'sensitive' },
  health: { type: 'sensitive' },
  'sex-life': { type: 'sensitive' },
  'sexual-orientation': { type: 'sensitive' },
  'criminal-offences': { type: 'sensitive' },
};

/**
 * Subjects who are "a social group with particular needs" (ENISA Annex A2, special characteristics of individuals).
 * Pupils and students count because in the schools using Breachdesk they are minors; an adult-education provider's
 * DPO can lower the score, which the rationale invites.
 */
const VULNERABLE_SUBJECTS: readonly SubjectCategory[] = ['children', 'pupils-or-students', 'vulnerable-adults'];
/** Data that says by itself the subjects are children or at risk, whatever subject categories were ticked. */
const VULNERABLE_DATA: readonly DataCategory[] = ['childrens-records', 'safeguarding'];
/**
 * Being on a care or health provider's list reveals a care or health need, as ENISA's online-pharmacy customer list
 * does (Annex A2, special characteristics of the data controller).
 */
const CARE_RELATIONSHIP_SUBJECTS: readonly SubjectCategory[] = ['patients', 'service-users', 'vulnerable-adults'];
/**
 * Records per person at which a breach holds a file rather than an entry: ENISA raises DPC for "the complete file of
 * an individual" over "a single document from the same file" (Annex A2, volume of data). Ten is our line.
 */
export const RECORDS_PER_PERSON_FOR_FULL_FILE = 10;

export const DPC_MIN = 1;
export const DPC_MAX = 4;

export interface DpcScore {
  /** The highest-scoring ENISA type among the breached categories (ENISA §3.1 step 1: use the highest). */
  baseType: EnisaDataType;
  base: number;
  /** Sum of the contextual adjustments before the score is kept within 1–4. */
  adjustment: number;
  /** True when adjustments would have pushed the score past 4: the excess still counts in the narrative. */
  capped: boolean;
  score: number;
  reasons: Factor[];
}

/** Art. 9 special categories and Art. 10 criminal offence data: sensitive by law, not only by context. */
export const LEGALLY_SPECIAL: readonly DataCategory[] = [...SPECIAL_CATEGORIES, ...CRIMINAL_CATEGORIES];

const readable = (category: string): string => category.replaceAll('-', ' ');
const list = (items: readonly string[]): string => items.map(readable).join(', ');
const intersect = <T>(a: readonly T[], b: readonly T[]): T[] => a.filter((x) => b.includes(x));

/**
 * The ENISA type of one category in this breach. Two facts of the report move a category off its usual type:
 * - passwords stored with a strong, salted, slow hash (bcrypt, scrypt, Argon2, PBKDF2) cannot be read back, so they are
 *   simple data (EDPB Guidelines 01/2021, Case 06: no notification for such hashes; ICO guidance on passwords);
 * - special category data whose nature is incidental (a dietary need, a sick day without a diagnosis) reveals little,
 *   and ENISA Annex A1 lowers sensitive data "when the nature of the data set does not provide substantial insight";
 *   we score it as behavioural (2) rather than sensitive (4) (EDPB Guidelines 01/2021, Case 15: a participant list with
 *   two lactose-intolerance notes).
 */
function typeOf(report: BreachReport, category: DataCategory): EnisaDataType {
  if (category === 'credentials' && report.passwordStorage === 'hashed-strong') return 'simple';
  const { type } = DATA_TYPE_OF[category];
  if (type === 'sensitive' && report.sensitiveData?.nature === 'incidental' && LEGALLY_SPECIAL.includes(category)) {
    return 'behavioural';
  }
  return type;
}

export function scoreDpc(report: BreachReport): DpcScore {
  let baseType: EnisaDataType = 'simple';
  for (const category of report.dataCategories) {
    const type = typeOf(report, category);
    if (BASE_SCORE[type] > BASE_SCORE[baseType]) baseType = type;
  }
  const base = BASE_SCORE[baseType];
  const reasons: Factor[] = [dataTypeFactor(report, baseType)];
  if (report.dataCategories.includes('credentials') && report.passwordStorage) {
    reasons.push(passwordFactor(report.passwordStorage));
  }
  if (report.sensitiveData?.nature === 'incidental' && report.dataCategories.some((c) => LEGALLY_SPECIAL.includes(c))) {
    reasons.push({
      factor: 'sensitive-data-incidental',
      effect: 'lowers',
      explanation:
        'The special category data is incidental (it mentions rather than reveals, such as a dietary need), so it is scored as behavioural rather than sensitive data (ENISA 2013 Annex A1; EDPB Guidelines 01/2021 Case 15).',
    });
  }

  let adjustment = 0;
  const vulnerable = [
    ...intersect(report.subjectCategories, VULNERABLE_SUBJECTS),
    ...intersect(report.dataCategories, VULNERABLE_DATA),
  ];
  if (vulnerable.length > 0) {
    adjustment += 1;
    reasons.push({
      factor: 'vulnerable-subjects',
      effect: 'raises',
      explanation: `The people affected include children or vulnerable people (${list(vulnerable)}), who are less able to protect themselves (ENISA data context +1).`,
    });
  }
  const careRelationship = intersect(report.subjectCategories, CARE_RELATIONSHIP_SUBJECTS);
  // Once the data is itself sensitive the relationship reveals nothing more, so it only lifts lower types.
  if (careRelationship.length > 0 && base < DPC_MAX) {
    adjustment += 1;
    reasons.push({
      factor: 'care-relationship-revealed',
      effect: 'raises',
      explanation: `The people are ${list(careRelationship)}, so even their basic details reveal that they receive care (ENISA data context +1).`,
    });
  }
  if (
    report.approximateSubjects > 0 &&
    report.approximateRecords / report.approximateSubjects >= RECORDS_PER_PERSON_FOR_FULL_FILE
  ) {
    adjustment += 1;
    reasons.push({
      factor: 'many-records-per-person',
      effect: 'raises',
      explanation: `About ${Math.round(report.approximateRecords / report.approximateSubjects)} records per person were involved, closer to a whole file than a single entry (ENISA data context +1).`,
    });
  }
  const raw = base + adjustment;
  const score = Math.min(DPC_MAX, Math.max(DPC_MIN, raw));
  return { baseType, base, adjustment, capped: raw > DPC_MAX, score, reasons };
}

function passwordFactor(storage: NonNullable<BreachReport['passwordStorage']>): Factor {
  switch (storage) {
    case 'hashed-strong':
      return {
        factor: 'passwords-strongly-hashed',
        effect: 'lowers',
        explanation:
          'The passwords were stored with a strong, salted hash, so they cannot practically be read back from what was taken (EDPB Guidelines 01/2021 Case 06).',
      };
    case 'hashed-weak':
      return {
        factor: 'passwords-weakly-hashed',
        effect: 'raises',
        explanation:
          'The passwords were hashed without salt or with a fast, outdated algorithm (such as MD5 or SHA-1), which can be cracked, so they are treated as readable (EDPB Guidelines 01/2021 Case 06).',
      };
    case 'encrypted-reversible':
      return {
        factor: 'passwords-reversibly-encrypted',
        effect: 'raises',
        explanation:
          'The passwords were encrypted rather than hashed, so whoever holds the key can read them back; they are treated as readable (ICO guidance on passwords).',
      };
    case 'plaintext':
      return {
        factor: 'passwords-in-plain-text',
        effect: 'raises',
        explanation: 'The passwords were stored in plain text, so anyone holding them can log in as the people.',
      };
  }
}

function dataTypeFactor(report: BreachReport, baseType: EnisaDataType): Factor {
  const categories = report.dataCategories;
  const setting = categories.filter((c) => typeOf(report, c) === baseType);
  const whys = [...new Set(setting.map((c) => DATA_TYPE_OF[c].why).filter((w): w is string => w !== undefined))];
  const because = whys.length > 0 ? `; ${whys.join('; ')}` : '';
  const art9or10 = setting.filter((c) => LEGALLY_SPECIAL.includes(c));
  switch (baseType) {
    case 'simple':
      return {
        factor: 'simple-data-only',
        effect: 'lowers',
        explanation: `Only simple data was involved (${list(setting)}), the lowest ENISA data type (score 1).`,
      };
    case 'behavioural':
      return {
        factor: 'behavioural-data',
        effect: 'raises',
        explanation: `Behavioural or profiling data was involved (${list(setting)}${because}) (ENISA data type score 2).`,
      };
    case 'financial':
      return {
        factor: 'financial-data',
        effect: 'raises',
        explanation: `Data open to financial misuse was involved (${list(setting)}${because}) (ENISA data type score 3).`,
      };
    case 'sensitive':
      return {
        factor: art9or10.length > 0 ? 'special-category-data' : 'sensitive-data',
        effect: 'raises',
        explanation:
          art9or10.length > 0
            ? `Special category or criminal offence data was involved (${list(setting)}${because}), the highest ENISA data type (score 4).`
            : `Data sensitive by its context was involved (${list(setting)}${because}), scored with the highest ENISA data type (score 4).`,
      };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// EI — ease of identification (ENISA §3.2 and Annex A3)
// ---------------------------------------------------------------------------------------------------------------

/** ENISA's four EI levels with their linear scores (§3.2). */
export const EI_SCORES = { negligible: 0.25, limited: 0.5, significant: 0.75, maximum: 1 } as const;
export type EiLevel = keyof typeof EI_SCORES;
const EI_ORDER: readonly EiLevel[] = ['negligible', 'limited', 'significant', 'maximum'];

/**
 * Categories that name the person or are kept under their name, so whoever holds them knows who they are "with no
 * special research" (ENISA's maximum). Anything else (an e-mail address, an account number, a code) still leads to
 * the person by cross-matching, which ENISA tells us to count ("all the means likely reasonably to be used"): significant.
 */
const DIRECT_IDENTIFIERS: readonly DataCategory[] = [
  'basic-identifiers',
  'identity-documents',
  'biometric',
  'genetic',
  'childrens-records',
  'social-care-records',
  'safeguarding',
  'employment',
  'education',
  'criminal-offences',
  'national-identifiers',
];

export interface EiScore {
  level: EiLevel;
  score: number;
  /** The data cannot be read by whoever has it: strong encryption with the key safe (Art. 34(3)(a)). */
  unintelligible: boolean;
  reasons: Factor[];
}

export function scoreEi(report: BreachReport): EiScore {
  const direct = intersect(report.dataCategories, DIRECT_IDENTIFIERS);
  let level: EiLevel = direct.length > 0 ? 'maximum' : 'significant';
  const reasons: Factor[] = [
    direct.length > 0
      ? {
          factor: 'directly-identifiable',
          effect: 'raises',
          explanation: `The data names the people or is filed under their names (${list(direct)}), so identifying them needs no research (ENISA ease of identification: maximum).`,
        }
      : {
          factor: 'indirectly-identifiable',
          effect: 'lowers',
          explanation:
            'The data holds no names as such, but the people can still be found from it by cross-matching (ENISA ease of identification: significant).',
        },
  ];

  // ENISA §3 leaves unintelligibility outside the formula, to be weighed at the end; it acts through EI here because
  // unreadable data is exactly data from which nobody can "unequivocally match" a person without the key.
  const protection = report.protection;
  let unintelligible = false;
  switch (protection.kind) {
    case 'encrypted':
      if (protection.keyCompromised) {
        reasons.push({
          factor: 'encryption-key-compromised',
          effect: 'raises',
          explanation:
            'The data was encrypted but the key went with it or is compromised, so the encryption protects nothing.',
        });
      } else if (protection.strength === 'strong') {
        unintelligible = true;
        level = 'negligible';
        reasons.push({
          factor: 'strong-encryption',
          effect: 'lowers',
          explanation:
            'The data was strongly encrypted and the key is safe, so it is unintelligible to anyone who has it (ENISA ease of identification: negligible).',
        });
      } else if (protection.strength === 'weak') {
        level = stepDown(level);
        reasons.push({
          factor: 'weak-encryption',
          effect: 'lowers',
          explanation: `The data was encrypted, but weakly: it slows a reader down without making the data unintelligible (ENISA ease of identification lowered one step to ${level}).`,
        });
      } else {
        reasons.push({
          factor: 'encryption-strength-unknown',
          effect: 'raises',
          explanation:
            'The data was encrypted, but the strength of the encryption is not known, so it is not relied on until confirmed.',
        });
      }
      break;
    case 'pseudonymised':
      if (protection.reidentificationKeyCompromised) {
        reasons.push({
          factor: 'pseudonymisation-key-compromised',
          effect: 'raises',
          explanation:
            'The data was pseudonymised but the re-identification key is compromised, so the people can be identified.',
        });
      } else {
        level = EI_ORDER[Math.min(EI_ORDER.indexOf(level), EI_ORDER.indexOf('limited'))] ?? level;
        reasons.push({
          factor: 'pseudonymised',
          effect: 'lowers',
          explanation:
            'The data was pseudonymised and the re-identification key is safe, so identifying people needs other information (ENISA ease of identification: limited).',
        });
      }
      break;
    case 'password':
      reasons.push({
        factor: 'password-only',
        effect: 'raises',
        explanation:
          'The data was only password-protected, which is easily bypassed and does not make it unintelligible.',
      });
      break;
    case 'none':
      reasons.push({
        factor: 'no-protection',
        effect: 'raises',
        explanation: 'The data was neither encrypted nor pseudonymised, so anyone who has it can read it.',
      });
      break;
  }
  return { level, score: EI_SCORES[level], unintelligible, reasons };
}

const stepDown = (level: EiLevel): EiLevel => EI_ORDER[Math.max(0, EI_ORDER.indexOf(level) - 1)] ?? level;

// ---------------------------------------------------------------------------------------------------------------
// CB — circumstances of the breach (ENISA §3.3, Table 3)
// ---------------------------------------------------------------------------------------------------------------

export interface CbScore {
  confidentiality: number;
  integrity: number;
  availability: number;
  malicious: number;
  score: number;
  reasons: Factor[];
}

/** Losses, not thefts: nothing says anyone has looked, so ENISA's "no evidence of illegal processing" (0) applies. */
const LOSS_CAUSES: readonly BreachReport['cause']['category'][] = ['lost-device', 'lost-paper'];

/**
 * Causes that are malicious by their nature whatever the reporter ticked: ENISA §3.3 counts hacking and theft aimed
 * at the data as malicious. A stolen device is left to the reporter, since a thief may only want the hardware.
 */
export const INTRINSICALLY_MALICIOUS_CAUSES: readonly BreachReport['cause']['category'][] = [
  'ransomware',
  'hacking',
  'malware',
  'phishing',
];

const isRestored = (report: BreachReport) => report.recovery === 'recovered' || report.recovery === 'deleted-confirmed';

/**
 * Whether the data is usable again, for availability and integrity. The report's `restoration` says it directly;
 * reports without it keep the first edition's reading of `recovery` (recovered = restored), so they score as before.
 */
export const usability = (report: BreachReport): NonNullable<BreachReport['restoration']> =>
  report.restoration ??
  (report.recovery === 'recovered'
    ? 'restored'
    : report.recovery === 'partly'
      ? 'partly'
      : report.recovery === 'not-recovered'
        ? 'not-restored'
        : 'unknown');

export const isMalicious = (report: BreachReport): boolean =>
  report.malicious === 'yes' || INTRINSICALLY_MALICIOUS_CAUSES.includes(report.cause.category);

export function scoreCb(report: BreachReport): CbScore {
  const reasons: Factor[] = [];
  let confidentiality = 0;
  let integrity = 0;
  let availability = 0;
  let malicious = 0;

  // Table 3, loss of confidentiality: 0 exposed without evidence of unlawful processing; +0.25 exposed to a known
  // number of recipients; +0.5 exposed to an unknown number of recipients.
  if (report.breachTypes.includes('confidentiality')) {
    switch (report.recipient) {
      case 'public':
        confidentiality = 0.5;
        reasons.push({
          factor: 'exposed-publicly',
          effect: 'raises',
          explanation:
            'The data was made public, so an unknown number of people may have read it (ENISA circumstances +0.5).',
        });
        break;
      case 'unknown':
        if (LOSS_CAUSES.includes(report.cause.category)) {
          reasons.push({
            factor: 'lost-without-evidence-of-access',
            effect: 'lowers',
            explanation:
              'The data was lost and there is no evidence that anyone has read it (ENISA circumstances: confidentiality +0).',
          });
        } else {
          confidentiality = 0.5;
          reasons.push({
            factor: 'unknown-recipients',
            effect: 'raises',
            explanation:
              'It is not known who received the data, so it may have reached any number of people (ENISA circumstances +0.5).',
          });
        }
        break;
      case 'untrusted':
        confidentiality = 0.25;
        reasons.push({
          factor: 'untrusted-recipient',
          effect: 'raises',
          explanation:
            'The data reached a known recipient who cannot be relied on to delete it (ENISA circumstances +0.25).',
        });
        break;
      case 'trusted':
        // A trusted recipient who has returned or deleted it leaves no evidence of unlawful processing: ENISA's 0.
        if (isRestored(report)) {
          reasons.push({
            factor: 'trusted-recipient-deleted',
            effect: 'lowers',
            explanation:
              'The data reached a trusted recipient who has returned it or confirmed its deletion (ENISA circumstances: confidentiality +0).',
          });
        } else {
          confidentiality = 0.25;
          reasons.push({
            factor: 'trusted-recipient',
            effect: 'raises',
            explanation:
              'The data reached a known, trusted recipient who has not yet confirmed its deletion (ENISA circumstances +0.25).',
          });
        }
        break;
      case 'none':
        reasons.push({
          factor: 'no-recipient',
          effect: 'lowers',
          explanation: 'No-one is known to have received the data (ENISA circumstances: confidentiality +0).',
        });
        break;
    }
  }

  // Table 3, loss of integrity: 0 altered with no identified misuse; +0.25 possibly misused but recoverable; +0.5
  // possibly misused and not recoverable. Unknown recovery is scored as not recoverable until shown otherwise.
  if (report.breachTypes.includes('integrity')) {
    const usable = usability(report);
    integrity = usable === 'restored' ? 0 : usable === 'partly' ? 0.25 : 0.5;
    reasons.push(
      integrity === 0
        ? {
            factor: 'integrity-restored',
            effect: 'lowers',
            explanation: 'The altered data has been put right (ENISA circumstances: integrity +0).',
          }
        : {
            factor: 'integrity-loss',
            effect: 'raises',
            explanation: `The data was altered and ${integrity === 0.25 ? 'has only partly been put right' : usable === 'not-restored' ? 'cannot be put right' : 'has not been shown to be put right'}, so wrong data may be used about people (ENISA circumstances +${integrity}).`,
          },
    );
  }

  // Table 3, loss of availability: 0 recoverable without difficulty; +0.25 temporarily unavailable; +0.5 fully
  // unavailable (cannot be recovered from the controller or the individuals).
  if (report.breachTypes.includes('availability')) {
    const usable = usability(report);
    availability = usable === 'restored' ? 0 : usable === 'partly' ? 0.25 : 0.5;
    reasons.push(
      availability === 0
        ? {
            factor: 'availability-restored',
            effect: 'lowers',
            explanation: 'The data is available again (ENISA circumstances: availability +0).',
          }
        : {
            factor: 'availability-loss',
            effect: 'raises',
            explanation: `The data ${availability === 0.25 ? 'is only partly available again' : usable === 'not-restored' ? 'cannot be recovered' : 'has not been shown to be recoverable'}, so people may be denied what depends on it (ENISA circumstances +${availability}).`,
          },
    );
  }

  // Table 3, malicious intent: +0.5.
  if (isMalicious(report)) {
    malicious = 0.5;
    reasons.push({
      factor: 'malicious-intent',
      effect: 'raises',
      explanation: INTRINSICALLY_MALICIOUS_CAUSES.includes(report.cause.category)
        ? `The breach was a deliberate attack (${readable(report.cause.category)}), so the data may be misused on purpose (ENISA circumstances +0.5).`
        : 'The breach was deliberate, so the data may be misused on purpose (ENISA circumstances +0.5).',
    });
  }

  return {
    confidentiality,
    integrity,
    availability,
    malicious,
    score: confidentiality + integrity + availability + malicious,
    reasons,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// SE — the severity (ENISA §3.4)
// ---------------------------------------------------------------------------------------------------------------

export const ENISA_BANDS = ['low', 'medium', 'high', 'very-high'] as const;
export type EnisaBand = (typeof ENISA_BANDS)[number];

/** §3.4: SE < 2 low; 2 ≤ SE < 3 medium; 3 ≤ SE < 4 high; 4 ≤ SE very high. */
export function enisaBand(se: number): EnisaBand {
  if (se < 2) return 'low';
  if (se < 3) return 'medium';
  if (se < 4) return 'high';
  return 'very-high';
}

export interface EnisaSeverity {
  dpc: DpcScore;
  ei: EiScore;
  cb: CbScore;
  /** SE = DPC × EI + CB. Quarter steps throughout, so the arithmetic is exact in binary floating point. */
  score: number;
  band: EnisaBand;
}

export function assessEnisaSeverity(report: BreachReport): EnisaSeverity {
  const dpc = scoreDpc(report);
  const ei = scoreEi(report);
  const cb = scoreCb(report);
  const score = dpc.score * ei.score + cb.score;
  return { dpc, ei, cb, score, band: enisaBand(score) };
}
