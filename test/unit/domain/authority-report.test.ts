import { describe, expect, it } from 'vitest';
import { buildAuthorityReport } from '../../../functions/domain/authority-report';
import { InitialReportMissingError } from '../../../functions/domain/case-errors';
import type { NewEvent } from '../../../functions/domain/events';
import { PRESETS, type PresetId } from '../../../functions/domain/presets';
import type { BreachState } from '../../../functions/domain/state';
import {
  at,
  decisionEvent,
  notifiedHistory,
  PLAN_AUTHORITY,
  reportedEvents,
  stateOf,
} from '../../support/authority-histories';

const reportFor = (state: BreachState, preset: PresetId = 'generic', phase: 'initial' | 'follow-up' = 'initial') =>
  buildAuthorityReport({
    state,
    organisationName: 'St Clare’s',
    policy: PRESETS[preset],
    phase,
    now: new Date(at(31)),
  });

const HEALTH = {
  dataCategories: ['health', 'contact-details'] as const,
  subjectCategories: ['patients'] as const,
  approximateSubjects: 40,
  approximateRecords: 55,
  description: 'A clinic list with diagnoses was e-mailed to a patient by mistake.',
  likelyConsequences: 'Distress, and disclosure of health conditions to a stranger.',
  actionsTaken: 'Staff reminded to check recipients; external autocomplete disabled.',
};

describe('the authority report', () => {
  it('maps Art. 33(3)(a) to the nature, categories and approximate numbers of people and records from the record', () => {
    const report = reportFor(
      stateOf(
        notifiedHistory('generic', {
          ...HEALTH,
          dataCategories: [...HEALTH.dataCategories],
          subjectCategories: [...HEALTH.subjectCategories],
        }),
      ),
    );

    expect(report.art33.a).toEqual({
      nature: HEALTH.description,
      breachTypes: ['confidentiality'],
      subjectCategories: ['patients'],
      approximateSubjects: 40,
      recordCategories: ['health', 'contact-details'],
      approximateRecords: 55,
    });
    expect(report.about.specialCategories).toEqual(['health']);
    expect(report.about.discoveredAt).toBe('2025-03-03T09:00:00Z');
    expect(report.about.occurred).toEqual({ kind: 'at', at: at(-1) });
  });

  it('names the DPO from the policy as the contact point, Art. 33(3)(b)', () => {
    const report = reportFor(stateOf(notifiedHistory('rcot')), 'rcot');

    expect(report.art33.b).toEqual(PRESETS.rcot.dpo);
    expect(report.aboutYou.dpo.email).toBe('dpo@rcot.example.org');
  });

  it('takes the likely consequences from the report, and how likely serious ones are from the assessment, Art. 33(3)(c)', () => {
    const state = stateOf(notifiedHistory('generic', { likelyConsequences: HEALTH.likelyConsequences }));
    const report = reportFor(state);

    expect(report.about.likelyConsequences).toEqual({ text: HEALTH.likelyConsequences, source: 'report' });
    expect(report.art33.c.likelyConsequences).toBe(HEALTH.likelyConsequences);
    expect(report.about.seriousConsequences.explanation).toContain(state.assessment?.risk.likelihood);
  });

  it('derives the likely consequences from the data and the assessment when the report does not describe them', () => {
    const report = reportFor(stateOf(notifiedHistory('generic', { dataCategories: ['financial'] })));

    expect(report.about.likelyConsequences?.source).toBe('assessment');
    expect(report.about.likelyConsequences?.text).toContain('fraud and financial loss');
  });

  it('lists the containment decision and the actions taken, and the evaluation’s recommendations as proposed, Art. 33(3)(d)', () => {
    const events: NewEvent[] = [
      ...notifiedHistory('generic', { actionsTaken: HEALTH.actionsTaken }),
      decisionEvent('evaluate', 60, {
        rootCauses: ['Autocomplete of external addresses'],
        lessons: 'Check recipients before sending lists.',
        recommendations: [{ action: 'Disable autocomplete', owner: 'IT', dueBy: at(100) }],
      }),
    ];
    const report = reportFor(stateOf(events));

    expect(report.actions.containment).toMatchObject({ source: 'decision', contained: true });
    expect(report.art33.d.taken).toEqual([
      'Containment: Recipient deleted the e-mail and confirmed in writing.',
      HEALTH.actionsTaken,
    ]);
    expect(report.art33.d.proposed).toEqual(['Disable autocomplete (owner: IT, by 2025-03-07)']);
    expect(report.actions.prevention?.rootCauses).toEqual(['Autocomplete of external addresses']);
  });

  it('needs no reasons for delay when reported within 72 hours', () => {
    const report = reportFor(stateOf(notifiedHistory('generic')));

    expect(report.art33.e).toMatchObject({ required: false, hoursLate: 0, dueAt: '2025-03-06T09:00:00.000Z' });
    expect(report.missing).toEqual([]);
    expect(report.reportType.complete).toBe(true);
  });

  it('requires the reasons for delay past 72 hours and says they are missing when none were given, Art. 33(3)(e)', () => {
    const late = reportFor(stateOf(notifiedHistory('generic', {}, {}, 80)));

    expect(late.art33.e).toMatchObject({ required: true, hoursLate: 8 });
    expect(late.art33.e.reason).toBeUndefined();
    expect(late.missing).toEqual([expect.objectContaining({ item: 'Art. 33(3)(e)' })]);
    expect(late.reportType.complete).toBe(false);
  });

  it('carries the reasons for delay recorded with the report', () => {
    const delayReason = 'The processor only confirmed on day four which records were affected.';
    const report = reportFor(stateOf(notifiedHistory('generic', {}, { delayReason }, 80)));

    expect(report.art33.e).toMatchObject({ required: true, reason: delayReason });
    expect(report.missing).toEqual([]);
  });

  it('measures a report still to be made against now', () => {
    const state = stateOf(reportedEvents('generic'));
    const report = buildAuthorityReport({
      state,
      organisationName: 'Org',
      policy: PRESETS.generic,
      phase: 'initial',
      now: new Date(at(73)),
    });

    expect(report.art33.e.required).toBe(true);
    expect(report.missing.map((m) => m.item)).toContain('Art. 33(3)(e)');
  });

  it('never includes a severity level, the ENISA score or the reporter, even when the school graded one', () => {
    const events: NewEvent[] = [
      ...reportedEvents('school', { reporter: { anonymised: false, name: 'Sam Taylor', role: 'Teacher' } }),
      decisionEvent(
        'decide',
        20,
        {
          conclusion: 'authority-only',
          rationale: 'Pupil data reached an untrusted recipient; the risk is real.',
          severityLevel: 3,
        },
        PLAN_AUTHORITY,
      ),
    ];
    const state = stateOf(events);
    expect(state.assessment?.severityLevel.label).toBeDefined();

    const serialised = JSON.stringify(reportFor(state, 'school'));

    expect(serialised).not.toMatch(/severity/i);
    expect(serialised).not.toMatch(/enisa/i);
    expect(serialised).not.toContain(state.assessment?.severityLevel.label ?? 'unreachable');
    expect(serialised).not.toContain('Sam Taylor');
  });

  it('asks the cyber questions only for cyber incidents', () => {
    const cyber = reportFor(
      stateOf(
        notifiedHistory('generic', {
          cause: { category: 'ransomware' },
          breachTypes: ['availability', 'confidentiality'],
          malicious: 'yes',
          cyberImpact: { impact: 'Case management offline for two days.', recoveryTime: '48 hours' },
        }),
      ),
    );
    const ordinary = reportFor(stateOf(notifiedHistory('generic')));

    expect(cyber.about.cyberIncident).toBe(true);
    expect(cyber.cyber).toEqual({
      systemsAffected: ['availability', 'confidentiality'],
      impact: 'Case management offline for two days.',
      recoveryTime: '48 hours',
    });
    expect(ordinary.about.cyberIncident).toBe(false);
    expect(ordinary.cyber).toBeUndefined();
  });

  it('reports staff involvement by role and their training', () => {
    const report = reportFor(stateOf(notifiedHistory('generic')));

    expect(report.staff).toEqual({
      involved: 'staff',
      trainingCompleted: 'yes',
      trainingDetail: 'Annual data protection training.',
    });
  });

  it('makes a follow-up carry the case reference and the reports made so far', () => {
    const events: NewEvent[] = [
      ...notifiedHistory('rcot'),
      {
        type: 'authority-acknowledged',
        at: at(31),
        actor: { kind: 'api-client', organisationId: 'org-1' },
        data: { receivedAt: at(30.5), reference: 'IC-1234-5678' },
      },
    ];
    const report = reportFor(stateOf(events), 'rcot', 'follow-up');

    expect(report.reportType).toMatchObject({
      phase: 'follow-up',
      caseReference: 'IC-1234-5678',
      previousReports: [{ phase: 'initial', submittedAt: at(30), reference: 'IC-1234-5678' }],
      acknowledgement: { receivedAt: at(30.5), reference: 'IC-1234-5678' },
    });
  });

  it('refuses a follow-up before the initial report is recorded', () => {
    expect(() => reportFor(stateOf(reportedEvents('generic')), 'generic', 'follow-up')).toThrow(
      InitialReportMissingError,
    );
  });

  it('lists the other organisations told, including the DSPT report of the social-care route', () => {
    const events: NewEvent[] = [
      ...notifiedHistory('social-care', {}, { dspt: { reference: 'DSPT-77', icoConfirmationSentAt: at(29) } }),
      decisionEvent('notify-other-parties', 40, {
        parties: [
          { party: 'local-authority', told: true, at: at(39), reference: 'LA-5' },
          { party: 'insurer', told: false, note: 'No claim expected.' },
        ],
      }),
    ];
    const report = reportFor(stateOf(events), 'social-care');

    expect(report.actions.otherOrganisations).toEqual([
      { party: 'local-authority', told: true, at: at(39), reference: 'LA-5' },
      { party: 'dspt', told: true, reference: 'DSPT-77' },
    ]);
  });
});
