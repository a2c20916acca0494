import { describe, expect, it } from 'vitest';
import { type AssessmentPolicy, assessBreach } from '../../../functions/domain/assessment';
import type { BreachReportInput } from '../../../functions/domain/report';
import { makeBreachReportSchema } from '../../../functions/domain/report';
import { aReport, aReportInput, REPORT_NOW } from '../../support/reports';

/**
 * The engine's answer on each weak spot of the first edition, each beside the published outcome that shows what the
 * answer should be. Every case compares the same report with and without the new fact, so a test fails if the fact
 * stops mattering as well as if the answer is wrong.
 */

const POLICY: AssessmentPolicy = { severityScale: 'enisa', duties: [] };
const assess = (overrides: Partial<BreachReportInput>) => assessBreach(aReport(overrides), POLICY);
const factorIds = (overrides: Partial<BreachReportInput>) => assess(overrides).factors.map((f) => f.factor);

describe('identity, contact and CV data taken by a malicious actor', () => {
  // EDPB Guidelines 01/2021 Case 05: 213 job applicants' forms exfiltrated from a website: authority and people.
  const jobApplications: Partial<BreachReportInput> = {
    cause: { category: 'hacking' },
    malicious: 'yes',
    recipient: 'unknown',
    dataCategories: ['basic-identifiers', 'contact-details', 'employment', 'education'],
    subjectCategories: ['job-applicants'],
    approximateSubjects: 213,
    approximateRecords: 213,
  };

  it('reaches high risk below 1,000 people: authority and the people are told', () => {
    const a = assess(jobApplications);
    expect(a.conclusion).toBe('authority-and-subjects');
    expect(a.risk.severity).toBe('significant');
    expect(a.factors.map((f) => f.factor)).toContain('profile-in-hostile-hands');
  });

  it('stays below high risk when the same data went astray by accident', () => {
    const a = assess({
      ...jobApplications,
      cause: { category: 'misdirected-email' },
      malicious: 'no',
      recipient: 'untrusted',
    });
    expect(a.conclusion).not.toBe('authority-and-subjects');
    expect(a.factors.map((f) => f.factor)).not.toContain('profile-in-hostile-hands');
  });
});

describe('a small share of mild special category data', () => {
  // EDPB Guidelines 01/2021 Case 15: a course list with two participants' lactose intolerance sent to 15 former
  // participants. Without the new fact, the two health notes count as the full severity for everyone.
  const courseList: Partial<BreachReportInput> = {
    cause: { category: 'misdirected-email' },
    dataCategories: ['basic-identifiers', 'contact-details', 'health'],
    subjectCategories: ['customers'],
    approximateSubjects: 15,
    approximateRecords: 15,
    recipient: 'untrusted',
  };

  it('no longer counts as the full severity for everyone once its share and nature are given', () => {
    const before = assess(courseList);
    const after = assess({ ...courseList, sensitiveData: { subjects: 2, nature: 'incidental' } });
    expect(before.conclusion).toBe('authority-and-subjects');
    expect(after.conclusion).not.toBe('authority-and-subjects');
    expect(after.factors.map((f) => f.factor)).toContain('groups-assessed-separately');
  });

  it('tells directly only the people a revealing special category concerns', () => {
    const a = assess({
      ...courseList,
      approximateSubjects: 1_500,
      approximateRecords: 1_500,
      sensitiveData: { subjects: 5, nature: 'revealing' },
    });
    expect(a.conclusion).toBe('authority-and-subjects');
    expect(a.subjectsToTellDirectly).toBe(5);
    expect(a.groups?.map((g) => [g.subjects, g.toldDirectly])).toEqual([
      [5, true],
      [1_495, false],
    ]);
  });

  it('refuses a sensitive-data count above the number affected', () => {
    const result = makeBreachReportSchema(() => REPORT_NOW).safeParse(
      aReportInput({ approximateSubjects: 3, sensitiveData: { subjects: 4, nature: 'revealing' } }),
    );
    expect(result.success).toBe(false);
  });
});

describe('intent and misuse already under way', () => {
  // EDPB Guidelines 01/2021 Case 17: an impostor took over one customer's telecom account: authority and person.
  const oneAccount: Partial<BreachReportInput> = {
    cause: { category: 'unauthorised-access' },
    dataCategories: ['basic-identifiers', 'contact-details'],
    subjectCategories: ['customers'],
    approximateSubjects: 1,
    approximateRecords: 3,
    recipient: 'untrusted',
    malicious: 'yes',
  };

  it('raises the severity, not only the likelihood, when identity theft is under way', () => {
    const before = assess(oneAccount);
    const after = assess({ ...oneAccount, misuse: { underWay: true, kinds: ['identity-theft'] } });
    expect(before.risk.severity).toBe('minimal');
    expect(after.risk.severity).toBe('significant');
    expect(after.risk.likelihood).toBe('likely');
    expect(after.conclusion).toBe('authority-and-subjects');
    expect(after.rationale).toContain('identity theft');
  });

  it('raises the severity when one person was deliberately targeted', () => {
    const a = assess({ ...oneAccount, misuse: { underWay: false, targetedIndividual: true } });
    expect(a.risk.severity).toBe('significant');
    expect(a.factors.map((f) => f.factor)).toEqual(
      expect.arrayContaining(['targeted-individual', 'harm-materialising']),
    );
  });
});

describe('how long data was unavailable and what that disrupted', () => {
  const ransomware = (overrides: Partial<BreachReportInput>): Partial<BreachReportInput> => ({
    breachTypes: ['availability'],
    cause: { category: 'ransomware' },
    malicious: 'yes',
    recipient: 'none',
    dataCategories: ['basic-identifiers', 'contact-details'],
    subjectCategories: ['customers', 'employees'],
    approximateSubjects: 40,
    approximateRecords: 40,
    recovery: 'recovered',
    ...overrides,
  });

  it('needs no notification when restored within hours and nothing was disrupted (EDPB 01/2021 Case 01)', () => {
    const a = assess(ransomware({ unavailability: { hours: 4, disruption: 'none' } }));
    expect(a.conclusion).toBe('no-notification');
    expect(a.rationale).toContain('for about 4 hours');
  });

  it('is high risk when patients’ care was postponed for two days (EDPB 01/2021 Case 03)', () => {
    // A clinic's appointment system: only names and contact details, but its patients could not be treated.
    const clinic = ransomware({ subjectCategories: ['patients'], approximateSubjects: 500, approximateRecords: 500 });
    const critical = assess({ ...clinic, unavailability: { hours: 48, disruption: 'critical' } });
    expect(critical.conclusion).toBe('authority-and-subjects');
    expect(critical.risk.severity).toBe('severe');
    expect(assess(clinic).conclusion).toBe('authority-only');
  });

  it('is reportable when no backup left deliveries disrupted for days (EDPB 9/2022; 01/2021 Case 02)', () => {
    const a = assess(
      ransomware({
        recovery: 'not-recovered',
        restoration: 'partly',
        unavailability: { hours: 120, disruption: 'significant' },
      }),
    );
    expect(a.notifyAuthority).toBe(true);
    expect(a.factors.map((f) => f.factor)).toContain('significant-disruption');
  });

  it('keeps "copy retrieved" apart from "restored": a retrieved copy does not make the data usable', () => {
    const failure = { cause: { category: 'equipment-failure' as const }, malicious: 'no' as const };
    const copyBackNotUsable = ransomware({ ...failure, recovery: 'recovered', restoration: 'not-restored' });
    expect(assess(copyBackNotUsable).risk.likelihood).toBe('likely');
    expect(assess(ransomware({ ...failure, recovery: 'recovered' })).risk.likelihood).toBe('remote');
  });
});

describe('passwords hashed, and how', () => {
  // EDPB Guidelines 01/2021 Case 06: salted, state-of-the-art hashes exfiltrated from a recipe website: no notification.
  const recipeSite: Partial<BreachReportInput> = {
    cause: { category: 'hacking' },
    malicious: 'yes',
    recipient: 'unknown',
    dataCategories: ['contact-details', 'credentials'],
    subjectCategories: ['customers'],
    approximateSubjects: 600,
    approximateRecords: 600,
  };

  it('treats strongly hashed passwords as simple data', () => {
    expect(assess({ ...recipeSite, passwordStorage: 'hashed-strong' }).enisa.dpc.baseType).toBe('simple');
    expect(factorIds({ ...recipeSite, passwordStorage: 'hashed-strong' })).toContain('passwords-strongly-hashed');
  });

  it('treats weakly hashed passwords as readable ones', () => {
    const weak = assess({ ...recipeSite, passwordStorage: 'hashed-weak' });
    expect(weak.enisa.dpc.baseType).toBe('financial');
    expect(weak.conclusion).toBe(assess(recipeSite).conclusion);
    expect(rankOf(weak.conclusion)).toBeGreaterThan(
      rankOf(assess({ ...recipeSite, passwordStorage: 'hashed-strong' }).conclusion),
    );
  });
});

const rankOf = (c: string) => ['no-notification', 'authority-only', 'authority-and-subjects'].indexOf(c);

describe('national identifiers', () => {
  // UODO (Poland) DKN.5131.3.2021: insurance offers with names and PESEL numbers e-mailed to the wrong people:
  // the authority and the people had to be told.
  it('makes a misdirected letter with a name and NI number high risk', () => {
    const a = assess({
      cause: { category: 'misdirected-post' },
      dataCategories: ['basic-identifiers', 'contact-details', 'national-identifiers'],
      subjectCategories: ['customers'],
      approximateSubjects: 1,
      approximateRecords: 1,
    });
    expect(a.conclusion).toBe('authority-and-subjects');
    expect(a.factors.map((f) => f.factor)).toContain('identity-fraud-kit');
  });
});

describe('behavioural and traffic data', () => {
  it('scores purchase histories and call records as ENISA behavioural data', () => {
    for (const category of ['behavioural', 'communications-traffic'] as const) {
      const a = assess({ dataCategories: ['contact-details', category], subjectCategories: ['customers'] });
      expect(a.enisa.dpc.baseType).toBe('behavioural');
    }
  });
});

describe('whether the organisation holds contact details for everyone (Art. 34(3)(c))', () => {
  const publicLeak: Partial<BreachReportInput> = {
    cause: { category: 'hacking' },
    malicious: 'yes',
    recipient: 'public',
    dataCategories: ['basic-identifiers', 'health'],
    subjectCategories: ['patients'],
    approximateSubjects: 150_000,
    approximateRecords: 150_000,
  };

  it('writes to everyone, however many, when it holds their contact details', () => {
    expect(assess(publicLeak).publicCommunication).toBe(true);
    const a = assess({ ...publicLeak, contactDetailsHeld: 'all' });
    expect(a.publicCommunication).toBe(false);
    expect(a.subjectsLegallyRequired).toBe(true);
    expect(a.exemption?.applies).toBe(false);
  });

  it('uses a public communication, however few, when it holds none', () => {
    const a = assess({ ...publicLeak, approximateSubjects: 30, approximateRecords: 30, contactDetailsHeld: 'none' });
    expect(a.exemption).toMatchObject({ applies: true, ground: 'disproportionate-effort' });
    expect(a.publicCommunication).toBe(true);
  });

  it('does both when it holds contact details for some', () => {
    const a = assess({ ...publicLeak, contactDetailsHeld: 'some' });
    expect(a.subjectsLegallyRequired).toBe(true);
    expect(a.publicCommunication).toBe(true);
  });
});

describe('groups of people exposed differently', () => {
  // EDPB Guidelines 01/2021 Case 07: credential stuffing on a bank's site: only the customers whose accounts were
  // entered are told.
  it('tells directly only the group at high risk', () => {
    const a = assess({
      cause: { category: 'hacking' },
      malicious: 'yes',
      recipient: 'unknown',
      dataCategories: ['basic-identifiers', 'contact-details', 'financial', 'credentials'],
      subjectCategories: ['customers'],
      approximateSubjects: 2_000,
      approximateRecords: 2_000,
      groups: [
        {
          label: 'customers whose accounts were entered',
          subjects: 50,
          dataCategories: ['basic-identifiers', 'financial'],
        },
        {
          label: 'customers whose log-in was only tried',
          subjects: 1_950,
          dataCategories: ['contact-details'],
          recipient: 'none',
        },
      ],
    });
    expect(a.conclusion).toBe('authority-and-subjects');
    expect(a.subjectsToTellDirectly).toBe(50);
    expect(a.groups?.map((g) => g.toldDirectly)).toEqual([true, false]);
  });
});

describe('backward compatibility', () => {
  it('assesses a report without the new facts exactly as the same report with them left undefined', () => {
    const plain = aReport({ cause: { category: 'ransomware' }, breachTypes: ['availability'], recovery: 'partly' });
    const withUndefined = { ...plain, restoration: undefined, misuse: undefined, groups: undefined };
    const { method: _a, ...one } = assessBreach(plain, POLICY);
    const { method: _b, ...two } = assessBreach(withUndefined, POLICY);
    expect(two).toEqual(one);
  });
});
