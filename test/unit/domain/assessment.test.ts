import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSESSMENT_METHOD_VERSION,
  type Assessment,
  type AssessmentPolicy,
  assessBreach,
  CONCLUSIONS,
  type Conclusion,
} from '../../../functions/domain/assessment';
import { enisaBand } from '../../../functions/domain/enisa';
import {
  BREACH_TYPES,
  type BreachReport,
  type BreachReportInput,
  CAUSES,
  DATA_CATEGORIES,
  RECIPIENTS,
  RECOVERY,
  SPECIAL_CATEGORIES,
  SUBJECT_CATEGORIES,
  YES_NO_UNKNOWN,
} from '../../../functions/domain/report';
import { aReport } from '../../support/reports';

const SCHOOL: AssessmentPolicy = { severityScale: 'levels-0-4', duties: [] };
const ENISA: AssessmentPolicy = { severityScale: 'enisa', duties: [] };
const ELITE_CARE: AssessmentPolicy = {
  severityScale: 'enisa',
  duties: ['inform-subjects-always', 'police-route', 'document-decision-not-to-report'],
};
const SOCIAL_CARE: AssessmentPolicy = {
  severityScale: 'enisa',
  duties: ['dspt-report', 'notify-through-representative', 'change-property-access-codes'],
};

const rank = (c: Conclusion) => CONCLUSIONS.indexOf(c);
const factorIds = (a: Assessment) => a.factors.map((f) => f.factor);

// The scenarios of the five policies, as full reports.

/** ICO's non-reportable example (school policy): an encrypted laptop is lost. */
const encryptedLaptopLost = () =>
  aReport({
    cause: { category: 'lost-device' },
    recipient: 'unknown',
    dataCategories: ['basic-identifiers', 'employment', 'health'],
    subjectCategories: ['employees'],
    approximateSubjects: 45,
    approximateRecords: 45,
    protection: { kind: 'encrypted', strength: 'strong', keyCompromised: false },
  });

/** ICO's other non-reportable example: a staff telephone list is wrongly altered, then put right. */
const staffTelephoneListAltered = () =>
  aReport({
    breachTypes: ['integrity'],
    cause: { category: 'alteration' },
    dataCategories: ['basic-identifiers', 'contact-details'],
    subjectCategories: ['employees'],
    approximateSubjects: 40,
    approximateRecords: 40,
    recipient: 'none',
    recovery: 'recovered',
  });

/** School: a pupil's SEN (health and education) records e-mailed to the wrong parent. */
const senRecordsToWrongParent = () =>
  aReport({
    cause: { category: 'misdirected-email' },
    dataCategories: ['basic-identifiers', 'childrens-records', 'education', 'health'],
    subjectCategories: ['children', 'pupils-or-students'],
    approximateSubjects: 1,
    approximateRecords: 4,
    recipient: 'untrusted',
    recovery: 'unknown',
  });

/** Social care / Elite Care: ransomware on a care home's system holding vulnerable adults' health data. */
const careHomeRansomware = (overrides: Partial<BreachReportInput> = {}) =>
  aReport({
    breachTypes: ['confidentiality', 'availability'],
    cause: { category: 'ransomware' },
    dataCategories: ['basic-identifiers', 'health', 'social-care-records'],
    subjectCategories: ['service-users', 'vulnerable-adults'],
    approximateSubjects: 60,
    approximateRecords: 1_200,
    recipient: 'unknown',
    recovery: 'not-recovered',
    malicious: 'yes',
    containment: { contained: false },
    ...overrides,
  });

/** A staff sickness record (health) e-mailed to the wrong address. */
const misdirectedHealthEmail = (overrides: Partial<BreachReportInput> = {}) =>
  aReport({
    cause: { category: 'misdirected-email' },
    dataCategories: ['basic-identifiers', 'health'],
    approximateSubjects: 1,
    approximateRecords: 1,
    ...overrides,
  });

/** Social care: access codes to service users' homes exposed to someone outside. */
const propertyAccessCodesExposed = () =>
  aReport({
    cause: { category: 'unauthorised-disclosure' },
    dataCategories: ['basic-identifiers', 'contact-details', 'property-access-codes'],
    subjectCategories: ['service-users'],
    approximateSubjects: 25,
    approximateRecords: 25,
    recipient: 'untrusted',
  });

/** RCOT: a hacked membership database whose e-mail addresses are published. */
const membersEmailsLeaked = () =>
  aReport({
    cause: { category: 'hacking' },
    dataCategories: ['contact-details'],
    subjectCategories: ['members'],
    approximateSubjects: 500_000,
    approximateRecords: 500_000,
    recipient: 'public',
    malicious: 'yes',
  });

/** A laptop with health data is lost; its encryption is outdated. */
const weaklyEncryptedLaptopLost = () =>
  aReport({
    cause: { category: 'lost-device' },
    recipient: 'unknown',
    dataCategories: ['basic-identifiers', 'health'],
    protection: { kind: 'encrypted', strength: 'weak', keyCompromised: false },
  });

/** Customers' bank details e-mailed to the wrong customer. */
const bankDetailsToWrongCustomer = () =>
  aReport({
    cause: { category: 'misdirected-email' },
    dataCategories: ['basic-identifiers', 'financial'],
    subjectCategories: ['customers'],
    approximateSubjects: 20,
    approximateRecords: 20,
    recipient: 'untrusted',
  });

/** A published log of visitors' health screening: many members of the public, no way to write to them. */
const visitorHealthLogPublished = () =>
  aReport({
    cause: { category: 'hacking' },
    dataCategories: ['basic-identifiers', 'health'],
    subjectCategories: ['public'],
    approximateSubjects: 150_000,
    approximateRecords: 150_000,
    recipient: 'public',
    malicious: 'yes',
  });

const SCENARIOS: Record<string, () => BreachReport> = {
  encryptedLaptopLost,
  staffTelephoneListAltered,
  senRecordsToWrongParent,
  careHomeRansomware: () => careHomeRansomware(),
  trustedRecipientDeleted: () => misdirectedHealthEmail({ recipient: 'trusted', recovery: 'deleted-confirmed' }),
  untrustedRecipientUnknown: () => misdirectedHealthEmail({ recipient: 'untrusted', recovery: 'unknown' }),
  propertyAccessCodesExposed,
  membersEmailsLeaked,
  weaklyEncryptedLaptopLost,
  bankDetailsToWrongCustomer,
  visitorHealthLogPublished,
  baseline: () => aReport(),
};

describe('assessBreach', () => {
  describe('the ICO’s non-reportable examples', () => {
    it('recommends no notification for a lost laptop that is strongly encrypted with the key safe', () => {
      const a = assessBreach(encryptedLaptopLost(), SCHOOL);

      expect(a.conclusion).toBe('no-notification');
      expect(a.notifyAuthority).toBe(false);
      expect(a.risk.level).toBe('no-risk');
      expect(a.enisa.ei).toMatchObject({ level: 'negligible', score: 0.25, unintelligible: true });
      expect(a.exemption).toMatchObject({ applies: true, ground: 'data-unintelligible' });
      expect(a.exemption?.explanation).toContain('Art. 34(3)(a)');
      expect(factorIds(a)).toContain('strong-encryption');
    });

    it('recommends no notification when a staff telephone list is altered internally and put right', () => {
      const a = assessBreach(staffTelephoneListAltered(), SCHOOL);

      expect(a.conclusion).toBe('no-notification');
      expect(a.enisa.cb).toMatchObject({ integrity: 0, confidentiality: 0, score: 0 });
      expect(a.enisa.score).toBe(1);
      expect(a.enisa.band).toBe('low');
      expect(factorIds(a)).toEqual(expect.arrayContaining(['simple-data-only', 'integrity-restored']));
    });
  });

  describe('breaches that must be reported', () => {
    it('recommends telling the authority and the family when a child’s SEN records go to the wrong parent', () => {
      const a = assessBreach(senRecordsToWrongParent(), SCHOOL);

      expect(a.conclusion).toBe('authority-and-subjects');
      expect(a.risk).toEqual({ likelihood: 'possible', severity: 'severe', level: 'high-risk' });
      expect(a.enisa.dpc).toMatchObject({ baseType: 'sensitive', score: 4, capped: true });
      expect(a.enisa.cb.confidentiality).toBe(0.25);
      expect(a.enisa.score).toBe(4.25);
      expect(a.subjectsLegallyRequired).toBe(true);
      expect(a.subjectsToBeTold).toBe(true);
      expect(factorIds(a)).toEqual(expect.arrayContaining(['special-category-data', 'vulnerable-subjects']));
    });

    it('recommends telling the authority and the residents after ransomware on a care home’s system, as malicious', () => {
      const a = assessBreach(careHomeRansomware(), ENISA);

      expect(a.conclusion).toBe('authority-and-subjects');
      expect(a.enisa.cb).toMatchObject({ confidentiality: 0.5, availability: 0.5, malicious: 0.5, score: 1.5 });
      expect(a.enisa.score).toBe(5.5);
      expect(a.severityLevel).toEqual({ scale: 'enisa', level: 4, label: 'Very high' });
      expect(a.risk.likelihood).toBe('likely');
      expect(factorIds(a)).toEqual(
        expect.arrayContaining(['malicious-intent', 'vulnerable-subjects', 'not-contained', 'availability-loss']),
      );
    });

    it('counts ransomware as malicious even when the reporter is unsure', () => {
      const a = assessBreach(careHomeRansomware({ malicious: 'unknown' }), ENISA);

      expect(a.enisa.cb.malicious).toBe(0.5);
    });

    it('treats exposed property access codes of service users as a high risk', () => {
      const a = assessBreach(propertyAccessCodesExposed(), SOCIAL_CARE);

      expect(a.risk.level).toBe('high-risk');
      expect(a.conclusion).toBe('authority-and-subjects');
      expect(a.enisa.dpc.score).toBe(4);
      expect(a.policyNotes.join(' ')).toContain('access codes');
      expect(a.policyNotes.join(' ')).toContain('representative');
    });

    it('recommends at least telling the authority when 500,000 members’ e-mail addresses are published', () => {
      const a = assessBreach(membersEmailsLeaked(), ENISA);

      expect(rank(a.conclusion)).toBeGreaterThanOrEqual(rank('authority-only'));
      expect(a.enisa.ei.level).toBe('significant');
      expect(factorIds(a)).toEqual(expect.arrayContaining(['exposed-publicly', 'large-number-of-subjects']));
      // E-mail addresses are the contact route, so there is no disproportionate-effort exemption.
      expect(a.publicCommunication).toBe(false);
    });

    it('recommends only the authority for bank details sent to one wrong customer', () => {
      const a = assessBreach(bankDetailsToWrongCustomer(), SCHOOL);

      expect(a.risk).toEqual({ likelihood: 'possible', severity: 'significant', level: 'risk' });
      expect(a.conclusion).toBe('authority-only');
      expect(a.subjectsToBeTold).toBe(false);
    });
  });

  describe('mitigation and Art. 34(3) exemptions', () => {
    it('lowers the assessment when a misdirected e-mail is confirmed deleted by a trusted recipient', () => {
      const untrusted = assessBreach(misdirectedHealthEmail({ recipient: 'untrusted', recovery: 'unknown' }), SCHOOL);
      const trusted = assessBreach(
        misdirectedHealthEmail({ recipient: 'trusted', recovery: 'deleted-confirmed' }),
        SCHOOL,
      );

      expect(trusted.enisa.score).toBeLessThan(untrusted.enisa.score);
      expect(trusted.severityLevel.level).toBeLessThan(untrusted.severityLevel.level);
      expect(rank(trusted.conclusion)).toBeLessThan(rank(untrusted.conclusion));
      expect(untrusted.conclusion).toBe('authority-and-subjects');
      expect(trusted.conclusion).toBe('authority-only');
      expect(trusted.exemption).toMatchObject({ applies: true, ground: 'subsequent-measures' });
      expect(factorIds(trusted)).toContain('trusted-recipient-deleted');
    });

    it('does not rely on an untrusted recipient’s word that the data was deleted', () => {
      const a = assessBreach(misdirectedHealthEmail({ recipient: 'untrusted', recovery: 'deleted-confirmed' }), SCHOOL);

      expect(a.conclusion).toBe('authority-and-subjects');
      expect(factorIds(a)).toContain('deletion-not-relied-on');
    });

    it('does not exempt weakly encrypted data', () => {
      const a = assessBreach(weaklyEncryptedLaptopLost(), ENISA);

      expect(a.enisa.ei).toMatchObject({ level: 'significant', unintelligible: false });
      expect(a.exemption?.applies).toBe(false);
      expect(a.exemption?.explanation).toContain('weak encryption');
      expect(a.conclusion).toBe('authority-and-subjects');
      expect(factorIds(a)).toContain('weak-encryption');
    });

    it('does not exempt strongly encrypted data whose key went with it', () => {
      const report = aReport({
        ...encryptedLaptopLost(),
        protection: { kind: 'encrypted', strength: 'strong', keyCompromised: true },
      });
      const a = assessBreach(report, ENISA);

      expect(a.enisa.ei.unintelligible).toBe(false);
      expect(a.exemption?.applies).toBe(false);
      expect(factorIds(a)).toContain('encryption-key-compromised');
    });

    it('uses a public communication when many members of the public cannot be reached one by one', () => {
      const a = assessBreach(visitorHealthLogPublished(), ENISA);

      expect(a.conclusion).toBe('authority-and-subjects');
      expect(a.exemption).toMatchObject({ applies: true, ground: 'disproportionate-effort' });
      expect(a.publicCommunication).toBe(true);
      expect(a.subjectsLegallyRequired).toBe(false);
      expect(a.subjectsToBeTold).toBe(false);
      expect(a.subjectsToBeToldReason).toContain('public communication');
    });

    it('leaves the exemption out when the risk is not high and nothing is exempted', () => {
      const a = assessBreach(bankDetailsToWrongCustomer(), ENISA);

      expect(a.exemption).toBeUndefined();
    });
  });

  describe('the organisation’s policy duties', () => {
    it('tells affected people under Elite Care’s policy even when the law does not require it', () => {
      const report = staffTelephoneListAltered();
      const legal = assessBreach(report, ENISA);
      const eliteCare = assessBreach(report, ELITE_CARE);

      expect(eliteCare.conclusion).toBe(legal.conclusion);
      expect(eliteCare.conclusion).toBe('no-notification');
      expect(eliteCare.subjectsLegallyRequired).toBe(false);
      expect(eliteCare.subjectsToBeTold).toBe(true);
      expect(legal.subjectsToBeTold).toBe(false);
      expect(eliteCare.subjectsToBeToldReason).toContain('policy');
      expect(eliteCare.policyNotes.join(' ')).toContain('in all cases');
      expect(eliteCare.policyNotes.join(' ')).toContain('documented');
    });

    it('prompts the police route for a deliberate attack under Elite Care’s policy', () => {
      const a = assessBreach(careHomeRansomware(), ELITE_CARE);

      expect(a.policyNotes.join(' ')).toContain('police');
    });

    it('reminds a processor that the duty is to tell the controller', () => {
      const a = assessBreach(
        aReport({ organisationRole: { role: 'processor', controller: { name: 'Client Ltd' } } }),
        ENISA,
      );

      expect(a.policyNotes.join(' ')).toContain('controller');
    });
  });

  describe('the school’s severity levels 0–4 (Appendix 3)', () => {
    it('gives level 0 when control of the data was never lost', () => {
      expect(assessBreach(encryptedLaptopLost(), SCHOOL).severityLevel).toEqual({
        scale: 'levels-0-4',
        level: 0,
        label: 'Level 0: no loss of control',
      });
    });

    it('gives level 0 when a document nobody received is back in hand', () => {
      const a = assessBreach(aReport({ recipient: 'none', recovery: 'recovered' }), SCHOOL);

      expect(a.severityLevel.level).toBe(0);
      expect(factorIds(a)).toContain('no-loss-of-control');
    });

    it('gives level 1 when control was lost but quickly regained with minimal impact', () => {
      expect(assessBreach(staffTelephoneListAltered(), SCHOOL).severityLevel.level).toBe(1);
    });

    it('gives level 2 when there is a risk of impact', () => {
      expect(assessBreach(bankDetailsToWrongCustomer(), SCHOOL).severityLevel.level).toBe(2);
    });

    it('gives level 3 when the potential consequences are serious', () => {
      expect(assessBreach(senRecordsToWrongParent(), SCHOOL).severityLevel).toMatchObject({
        level: 3,
        label: 'Level 3: high risk',
      });
    });

    it('gives level 4 when many people’s special category data is likely to cause harm', () => {
      const a = assessBreach(careHomeRansomware({ approximateSubjects: 150, approximateRecords: 3_000 }), SCHOOL);

      expect(a.severityLevel).toMatchObject({ level: 4, label: 'Level 4: very high risk' });
      expect(factorIds(a)).toContain('significant-number-of-subjects');
    });
  });

  describe('the ENISA bands', () => {
    it.each([
      [1.75, 'low'],
      [2, 'medium'],
      [2.75, 'medium'],
      [3, 'high'],
      [4, 'very-high'],
      [5.5, 'very-high'],
    ] as const)('puts SE %s in the %s band', (se, band) => {
      expect(enisaBand(se)).toBe(band);
    });

    it('maps the ENISA band to levels 1–4 on the ENISA scale', () => {
      expect(assessBreach(aReport(), ENISA).severityLevel).toEqual({ scale: 'enisa', level: 1, label: 'Low' });
      expect(assessBreach(weaklyEncryptedLaptopLost(), ENISA).severityLevel).toEqual({
        scale: 'enisa',
        level: 3,
        label: 'High',
      });
    });

    it('keeps SE equal to DPC × EI + CB', () => {
      for (const build of Object.values(SCENARIOS)) {
        const { dpc, ei, cb, score } = assessBreach(build(), ENISA).enisa;
        expect(score).toBe(dpc.score * ei.score + cb.score);
        expect(cb.score).toBe(cb.confidentiality + cb.integrity + cb.availability + cb.malicious);
      }
    });
  });

  describe('the explanation', () => {
    it.each(Object.entries(SCENARIOS))('names every factor in the rationale (%s)', (_name, build) => {
      const a = assessBreach(build(), SCHOOL);

      expect(a.factors.length).toBeGreaterThan(0);
      for (const factor of a.factors) expect(a.rationale).toContain(factor.explanation);
      expect(a.rationale).toContain(a.conclusion);
      expect(a.rationale).toContain(a.severityLevel.label);
      expect(a.rationale).toMatch(/What would change it|No single likely change/);
    });

    it('says which change in the facts would change the recommendation', () => {
      const a = assessBreach(encryptedLaptopLost(), SCHOOL);

      expect(a.whatWouldChange).toContainEqual({
        if: 'the encryption key turned out to be compromised',
        conclusion: 'authority-and-subjects',
      });
      expect(a.rationale).toContain('if the encryption key turned out to be compromised');
    });

    it('keeps the free text of the report out of the assessment', () => {
      const report = aReport({
        reporter: { anonymised: false, name: 'Imogen Quill', email: 'imogen.quill@example.org' },
        description: 'Zebedee Marchbanks received the file about Ottoline Frogmore.',
        location: 'Room Zanzibar',
        cause: { category: 'misdirected-email', detail: 'Typed Marchbanks instead.' },
        likelyConsequences: 'Frogmore may be embarrassed.',
        actionsTaken: 'Called Marchbanks.',
      });
      const stored = JSON.stringify(assessBreach(report, ELITE_CARE));

      for (const word of ['Imogen', 'Quill', 'Zebedee', 'Marchbanks', 'Ottoline', 'Frogmore', 'Zanzibar']) {
        expect(stored).not.toContain(word);
      }
    });

    it('records the method version with the assessment', () => {
      expect(assessBreach(aReport(), ENISA).method).toBe(ASSESSMENT_METHOD_VERSION);
    });
  });

  describe('determinism and monotonicity', () => {
    it('gives the same output for the same input', () => {
      for (const build of Object.values(SCENARIOS)) {
        const report = build();
        const first = assessBreach(report, SCHOOL);
        expect(assessBreach(structuredClone(report), SCHOOL)).toEqual(first);
        expect(assessBreach(build(), SCHOOL)).toEqual(first);
      }
    });

    it('does not change the report it assesses', () => {
      const report = careHomeRansomware();
      const before = structuredClone(report);
      assessBreach(report, ELITE_CARE);

      expect(report).toEqual(before);
    });

    const arbitraryReport = fc
      .record({
        breachTypes: fc.subarray([...BREACH_TYPES], { minLength: 1 }),
        dataCategories: fc.subarray([...DATA_CATEGORIES], { minLength: 1 }),
        subjectCategories: fc.subarray([...SUBJECT_CATEGORIES], { minLength: 1 }),
        approximateSubjects: fc.integer({ min: 0, max: 1_000_000 }),
        approximateRecords: fc.integer({ min: 0, max: 5_000_000 }),
        cause: fc.constantFrom(...CAUSES).map((category) => ({ category })),
        recipient: fc.constantFrom(...RECIPIENTS),
        recovery: fc.constantFrom(...RECOVERY),
        malicious: fc.constantFrom(...YES_NO_UNKNOWN),
        contained: fc.boolean(),
        protection: fc.constantFrom<BreachReportInput['protection']>(
          { kind: 'none' },
          { kind: 'password' },
          { kind: 'encrypted', strength: 'strong', keyCompromised: false },
          { kind: 'encrypted', strength: 'strong', keyCompromised: true },
          { kind: 'encrypted', strength: 'weak', keyCompromised: false },
          { kind: 'encrypted', strength: 'unknown', keyCompromised: false },
          { kind: 'pseudonymised', reidentificationKeyCompromised: false },
          { kind: 'pseudonymised', reidentificationKeyCompromised: true },
        ),
      })
      .map(({ contained, ...facts }) => aReport({ ...facts, containment: { contained } }));

    it('never lowers SE or the conclusion when a special category is added', () => {
      fc.assert(
        fc.property(arbitraryReport, fc.constantFrom(...SPECIAL_CATEGORIES), (report, special) => {
          fc.pre(!report.dataCategories.includes(special));
          const before = assessBreach(report, ENISA);
          const after = assessBreach({ ...report, dataCategories: [...report.dataCategories, special] }, ENISA);

          expect(after.enisa.score).toBeGreaterThanOrEqual(before.enisa.score);
          expect(rank(after.conclusion)).toBeGreaterThanOrEqual(rank(before.conclusion));
        }),
        { numRuns: 300 },
      );
    });

    it('never raises SE when the data was strongly encrypted with the key safe', () => {
      fc.assert(
        fc.property(arbitraryReport, (report) => {
          const before = assessBreach(report, ENISA);
          const after = assessBreach(
            { ...report, protection: { kind: 'encrypted', strength: 'strong', keyCompromised: false } },
            ENISA,
          );

          expect(after.enisa.score).toBeLessThanOrEqual(before.enisa.score);
          expect(after.conclusion).toBe('no-notification');
          expect(after.exemption).toMatchObject({ applies: true, ground: 'data-unintelligible' });
        }),
        { numRuns: 300 },
      );
    });
  });
});
