import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breachObligations, obligationStatus } from '../../functions/domain/breach-obligations';
import type { BreachEvent } from '../../functions/domain/events';
import { buildObligationReport } from '../../functions/domain/obligation-report';
import { presetPolicy } from '../../functions/domain/presets';
import { recordObligationStageSent } from '../../functions/domain/record-obligation-stage';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * Rules as data, end to end on the embedded runtime: a UK organisation whose breach reaches people in the UK, Ireland
 * and Germany runs three authorities' obligations, each with its own deadline, alert and report.
 */

const HOUR_MS = 3_600_000;
const DPC = 'eu-gdpr-art-33@dpc-ie/notification';
const BERLIN = 'eu-gdpr-art-33@bln-bfdi-be/notification';

describe('a UK breach with people in the UK, Ireland and Germany', () => {
  let world: LifecycleWorld;
  let org: Organisation;
  let breachId: string;

  beforeAll(async () => {
    world = await startLifecycleWorld();
    org = await world.organisation('generic');
    // Reported 80 hours after awareness: every mark has passed, so each obligation's missed-deadline alert fires at once.
    const input = aReportInput(
      {
        description: 'Members’ records were exposed by a misconfigured file share.',
        dataCategories: ['basic-identifiers', 'contact-details', 'financial'],
        subjectCategories: ['members'],
        approximateSubjects: 900,
        approximateRecords: 900,
        peopleIn: [
          { place: 'GB', subjects: 600 },
          { place: 'IE', subjects: 200 },
          { place: 'DE-BE', subjects: 100 },
        ],
      },
      new Date(Date.now() - 78 * HOUR_MS),
    );
    const response = await world.report(org, input);
    expect(response.statusCode).toBe(201);
    breachId = JSON.parse(response.body).breachId;
  });

  afterAll(async () => {
    await world?.close();
  });

  it('plans three authorities: the ICO, the Irish DPC and the Berlin commissioner', async () => {
    const state = await world.state(breachId);
    const obligations = breachObligations(state, presetPolicy('generic'));
    expect(obligations.map((o) => [o.law, o.authority?.name])).toEqual([
      ['UK GDPR', "Information Commissioner's Office (ICO)"],
      ['EU GDPR', 'Data Protection Commission'],
      ['EU GDPR', 'Berliner Beauftragte für Datenschutz und Informationsfreiheit'],
    ]);
  });

  it('alerts each authority’s deadline on its own, once', async () => {
    const missed = async () =>
      (await world.eventsOf(breachId, 'deadline-missed')).map((e: BreachEvent<'deadline-missed'>) => e.data.clockId);
    await world.waitUntil('three authorities’ missed deadlines', async () => {
      const ids = await missed();
      return ['authority', DPC, BERLIN].every((id) => ids.includes(id)) && ids;
    });
    const ids = await missed();
    expect(ids.filter((id) => id === DPC)).toHaveLength(1);
    expect(ids.filter((id) => id === BERLIN)).toHaveLength(1);

    const subjects = (await world.mails(breachId)).map((m) => m.subject);
    expect(subjects).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/deadline missed – Notification to the supervisory authority$/),
        expect.stringMatching(/deadline missed – .*\(EU GDPR\) to Data Protection Commission/),
        expect.stringMatching(/deadline missed – .*\(EU GDPR\) to Berliner Beauftragte/),
      ]),
    );
  });

  it('writes each authority’s report in its own structure, and records each as sent', async () => {
    const state = await world.state(breachId);
    const obligations = breachObligations(state, presetPolicy('generic'));
    const reports = obligations.map((obligation) =>
      buildObligationReport({
        obligation,
        stage: obligation.stages[0] ?? (undefined as never),
        report: state.report,
        ...(state.assessment ? { assessment: state.assessment } : {}),
        dpo: { name: 'Dana Protection', email: org.dpo, role: 'Data Protection Officer' },
        now: new Date(),
      }),
    );
    expect(reports.map((r) => r.sections[0]?.heading)).toEqual([
      'About the breach',
      '(a) Nature of the breach',
      '(a) Nature of the breach',
    ]);
    expect(reports.map((r) => r.translationNeeded)).toEqual([false, false, true]);
    expect(reports[1]?.sections.find((s) => s.heading.startsWith('Reasons'))?.text).toContain('after its deadline');

    const deps = { breaches: world.breaches, organisations: world.organisations, now: () => new Date() };
    const sentAt = new Date().toISOString();
    await recordObligationStageSent(deps, { organisationId: org.id, breachId, body: { key: DPC, sentAt } });
    const after = await world.state(breachId);
    const status = obligationStatus(
      breachObligations(after, presetPolicy('generic')),
      after.obligationsSent ?? {},
      new Date(),
    );
    expect(status.find((o) => o.id === 'eu-gdpr-art-33@dpc-ie')?.stages[0]?.status).toBe('met-late');
    expect(status.find((o) => o.id === 'eu-gdpr-art-33@bln-bfdi-be')?.stages[0]?.status).toBe('missed');
  });
});
