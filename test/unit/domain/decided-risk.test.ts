import { describe, expect, it } from 'vitest';
import { authorityReportText } from '../../../functions/documents/authority-report-text';
import { buildAuthorityReport } from '../../../functions/domain/authority-report';
import { decidedRisk } from '../../../functions/domain/decided-risk';
import { planFor, validateDecision } from '../../../functions/domain/decisions';
import type { NewEvent } from '../../../functions/domain/events';
import { PRESETS, type PresetId } from '../../../functions/domain/presets';
import type { BreachReportInput } from '../../../functions/domain/report';
import type { BreachState } from '../../../functions/domain/state';
import { greetingFor, noticeSections, renderSubjectNotice } from '../../../functions/domain/subject-notice';
import { at, DPO, decisionEvent, reportedEvents, stateOf } from '../../support/authority-histories';

/** A class list e-mailed to one parent: the system recommends the authority only. */
const SCHOOL: Partial<BreachReportInput> = {
  cause: { category: 'misdirected-email' },
  dataCategories: ['basic-identifiers', 'childrens-records', 'contact-details'],
  subjectCategories: ['pupils-or-students', 'parents-or-carers'],
  approximateSubjects: 28,
  approximateRecords: 28,
  recipient: 'untrusted',
};

const decided = (preset: PresetId, facts: Partial<BreachReportInput>, decision: object): BreachState => {
  const reported = reportedEvents(preset, facts);
  const base = stateOf(reported);
  const data = { decidedBy: DPO, ...decision };
  const parsed = validateDecision('decide', data, {
    policy: PRESETS[preset],
    role: 'controller',
    awareAt: base.awareAt,
    authorityDueAt: at(72),
    ...(base.assessment ? { recommendation: base.assessment.conclusion } : {}),
    authorityNotified: false,
    evaluated: false,
    now: new Date(at(20)),
  });
  const plan = planFor(parsed.data as never, { policy: PRESETS[preset], role: 'controller' });
  return stateOf([...reported, decisionEvent('decide', 20, data, plan) as NewEvent]);
};

const reportOf = (state: BreachState, preset: PresetId) =>
  buildAuthorityReport({
    state,
    organisationName: 'St Clare’s',
    policy: PRESETS[preset],
    phase: 'initial',
    now: new Date(at(30)),
  });

const noticeText = (state: BreachState, preset: PresetId) => {
  const sections = noticeSections({ state, organisationName: 'St Clare’s', policy: PRESETS[preset] });
  return sections.sections.flatMap((s) => [...s.paragraphs, ...(s.list ?? [])]).join('\n');
};

describe('documents speak the recorded decision', () => {
  const departing = () =>
    decided('school', SCHOOL, {
      conclusion: 'authority-and-subjects',
      rationale: 'The children’s records include safeguarding notes; the families must be able to act.',
      departureReason: 'The recipient is an ex-partner under a court order: the risk to two children is high.',
    });

  it('takes the high risk a DPO decided against the recommendation, not the machine’s', () => {
    const state = departing();
    expect(state.assessment?.conclusion).not.toBe('authority-and-subjects');
    const risk = decidedRisk(state);

    expect(risk).toMatchObject({ source: 'decision', level: 'high-risk', conclusion: 'authority-and-subjects' });
    expect(risk?.departure?.reason).toContain('court order');
  });

  it('puts the decided risk and its reasons in the authority report, and leaves the departure out of its text', () => {
    const state = departing();
    const report = reportOf(state, 'school');
    const text = authorityReportText(report, 'Europe/London');

    expect(['likely', 'very-likely']).toContain(report.about.seriousConsequences.likelihood);
    expect(report.about.seriousConsequences.explanation).toContain('a high risk to people');
    expect(report.riskAssessment).toMatchObject({ source: 'decision', risk: 'high-risk' });
    expect(text).toContain('The children’s records include safeguarding notes');
    expect(text).not.toMatch(/Neutral|remote|unlikely/i);
    expect(text).not.toContain('court order');
  });

  it('tells the parents the risk is high, never that misuse is unlikely, and nothing of the departure', () => {
    const state = departing();
    const text = noticeText(state, 'school');

    expect(text).toContain('We think there is a high risk that this could affect you.');
    expect(text).not.toMatch(/unlikely/i);
    expect(text).not.toContain('court order');
    expect(text).not.toContain('recommend');
  });

  it('reports the risk an RCOT DPO decided once the key was found compromised, not "very unlikely"', () => {
    const facts: Partial<BreachReportInput> = {
      cause: { category: 'stolen-device' },
      dataCategories: ['basic-identifiers', 'health'],
      subjectCategories: ['members'],
      protection: { kind: 'encrypted', strength: 'strong', keyCompromised: false },
      recipient: 'unknown',
    };
    const before = stateOf(reportedEvents('rcot', facts));
    expect(reportOf(before, 'rcot').about.seriousConsequences.likelihood).toBe('very-unlikely');

    const state = decided('rcot', facts, {
      conclusion: 'authority-only',
      rationale: 'The laptop’s passphrase was on a note in the same bag: the encryption does not protect it.',
      departureReason: 'The key was compromised with the device.',
      signedOffBy: { name: 'Sam Senior', role: 'Chief Executive' },
    });
    const report = reportOf(state, 'rcot');

    expect(report.about.seriousConsequences.likelihood).toBe('neutral');
    expect(report.about.seriousConsequences.explanation).toContain('a risk to people, but not a high one');
  });

  it('makes a voluntary notice a choice of its own: the risk stays as decided and the notice says it is not high', () => {
    const state = decided(
      'school',
      { ...SCHOOL, recipient: 'trusted', recovery: 'deleted-confirmed' },
      {
        conclusion: 'authority-only',
        rationale: 'A parent at the school received it and deleted it; we tell the families anyway.',
        departureReason: 'We prefer to report a children’s records breach to the ICO.',
        informSubjectsVoluntarily: true,
      },
    );

    expect(state.plan?.subjects).toBe(true);
    expect(decidedRisk(state)).toMatchObject({ level: 'risk', voluntary: true });
    expect(noticeText(state, 'school')).toContain('We do not think the risk to you is high');
  });

  it('refuses a voluntary notice with a high risk: telling people is then required', () => {
    expect(() =>
      decided('school', SCHOOL, {
        conclusion: 'authority-and-subjects',
        rationale: 'The records are sensitive and the families must be able to act.',
        departureReason: 'High risk.',
        informSubjectsVoluntarily: true,
      }),
    ).toThrow(/not voluntary/);
  });
});

describe('a parent’s letter reads as one', () => {
  it('writes to a parent about their child, without asking them to go through it with the child', () => {
    const greeting = greetingFor(
      { name: 'Noah Whitfield', representative: { name: 'Sarah Whitfield', relationship: 'parent' } },
      'St Clare’s',
    );

    expect(greeting).toContain('We are writing to you as Noah Whitfield’s parent');
    expect(greeting).not.toMatch(/support|representative|go through it with them/);
  });

  it('names the UK GDPR and the ICO with its contact details for a UK organisation', () => {
    const state = decided('school', SCHOOL, {
      conclusion: 'authority-and-subjects',
      rationale: 'The records are sensitive and the families must be able to act.',
      departureReason: 'High risk.',
    });
    const notice = renderSubjectNotice(
      { state, organisationName: 'St Clare’s', policy: PRESETS.school },
      { name: 'Noah Whitfield', representative: { name: 'Sarah Whitfield', relationship: 'guardian' } },
    ).text;

    expect(notice).toContain('Article 34 of the UK GDPR');
    expect(notice).toContain("You also have the right to complain to the Information Commissioner's Office");
    expect(notice).toContain('https://ico.org.uk/make-a-complaint/');
    expect(notice).toContain('0303 123 1113');
  });

  it('names the GDPR and the organisation’s own authority elsewhere', () => {
    const policy = {
      ...PRESETS.school,
      supervisoryAuthority: {
        name: 'Data Protection Commission',
        email: 'info@dataprotection.ie',
        phone: '+353 1 765 0100',
      },
    };
    const state = decided('school', SCHOOL, {
      conclusion: 'authority-and-subjects',
      rationale: 'The records are sensitive and the families must be able to act.',
      departureReason: 'High risk.',
    });
    const notice = renderSubjectNotice({ state, organisationName: 'St Clare’s', policy }, { name: 'Noah' }).text;

    expect(notice).toContain('Article 34 of the GDPR');
    expect(notice).not.toContain('UK GDPR');
    expect(notice).toContain('complain to the Data Protection Commission');
    expect(notice).toContain('E-mail: info@dataprotection.ie');
  });
});
