import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditDatabase, openExport } from '../../audit/duckdb-audit';
import { EMAILED, LATE, OVERDUE, PHASED, PROCESSOR, UNREPORTED, UNSENT } from './seeded-breaches';
import { exportSeededBreaches } from './seeded-export';

/**
 * Each named query, run by DuckDB (with audit/dialects/duckdb.sql) over an export written by the local exporter of
 * breaches appended through the real repository: the rows an auditor would get from Athena over a real export.
 */

let database: AuditDatabase;
let outDir: string;

beforeAll(async () => {
  const exported = await exportSeededBreaches();
  outDir = exported.outDir;
  database = await openExport(exported.exportDir);
});

afterAll(() => {
  database?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the views', () => {
  it('flattens every event of every breach, in order, once', async () => {
    const { rows } = await database.run(
      'SELECT breach_id, count(*) AS events, max(seq) AS last FROM breach_events GROUP BY breach_id ORDER BY breach_id',
    );
    expect(rows).toEqual([
      { breach_id: LATE, events: 6, last: 6 },
      { breach_id: EMAILED, events: 7, last: 7 },
      { breach_id: OVERDUE, events: 2, last: 2 },
      { breach_id: PHASED, events: 9, last: 9 },
      { breach_id: PROCESSOR, events: 4, last: 4 },
      { breach_id: UNREPORTED, events: 3, last: 3 },
      { breach_id: UNSENT, events: 3, last: 3 },
    ]);
  });

  it('takes awareness as last amended and finds the authority clock wherever the policy lists it', async () => {
    const { rows } = await database.run(
      'SELECT breach_id, aware_at, organisation_role, authority_hours FROM breach_awareness ORDER BY breach_id',
    );
    const controller = { organisation_role: 'controller', authority_hours: 72 };
    expect(rows).toEqual([
      { breach_id: LATE, aware_at: '2025-03-03T09:00:00.000Z', ...controller },
      { breach_id: EMAILED, aware_at: '2025-09-01T08:00:00.000Z', ...controller },
      { breach_id: OVERDUE, aware_at: '2025-08-01T09:00:00.000Z', ...controller },
      { breach_id: PHASED, aware_at: '2025-06-01T08:00:00.000Z', ...controller },
      {
        breach_id: PROCESSOR,
        aware_at: '2025-05-10T06:00:00.000Z',
        organisation_role: 'processor',
        authority_hours: 24,
      },
      // Recorded as 10:00+01:00: given, like every timestamp, in UTC with Z.
      { breach_id: UNREPORTED, aware_at: '2025-04-01T09:00:00.000Z', ...controller },
      { breach_id: UNSENT, aware_at: '2025-08-02T07:00:00.000Z', ...controller },
    ]);
  });

  it('gives every timestamp an auditor reads in one format: UTC, milliseconds, Z', async () => {
    const { rows } = await database.run('SELECT DISTINCT recorded_at FROM breach_events');
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.recorded_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('late-notifications', () => {
  it('lists first notices after the deadline, and breaches past it with none, and no other', async () => {
    const { rows } = await database.run('late-notifications');
    const outstanding = { notified_at: null, delay_reason: null, channel: null, reference: null, recorded_by: null };
    // Hours late of a breach not yet notified run on with the clock: at least the hours from its deadline to this
    // test's writing.
    const hoursSince = (iso: string) => (Date.parse('2026-12-01T00:00:00Z') - Date.parse(iso)) / 3_600_000;

    expect(rows).toEqual([
      {
        breach_id: LATE,
        organisation_id: 'org-generic',
        status: 'notified late',
        notified: 'authority',
        aware_at: '2025-03-03T09:00:00.000Z',
        authority_hours: 72,
        // Recorded with +00:00: given in UTC with Z.
        notified_at: '2025-03-07T09:00:00.000Z',
        hours_late: 24,
        delay_reason: 'The forensic review of the mail server took four days.',
        channel: 'ico-online-form',
        reference: 'ICO-111',
        recorded_by: 'Alex Privacy',
      },
      {
        breach_id: PROCESSOR,
        organisation_id: 'org-processor',
        status: 'notified late',
        notified: 'controller',
        aware_at: '2025-05-10T06:00:00.000Z',
        authority_hours: 24,
        notified_at: '2025-05-11T12:00:00.000Z',
        hours_late: 6,
        delay_reason: null,
        channel: 'phone',
        reference: null,
        recorded_by: 'Alex Privacy',
      },
      {
        breach_id: OVERDUE,
        organisation_id: 'org-rcot',
        status: 'not notified',
        notified: 'authority',
        aware_at: '2025-08-01T09:00:00.000Z',
        authority_hours: 72,
        hours_late: expect.any(Number),
        ...outstanding,
      },
      {
        breach_id: UNSENT,
        organisation_id: 'org-generic',
        status: 'not notified',
        notified: 'authority',
        aware_at: '2025-08-02T07:00:00.000Z',
        authority_hours: 72,
        hours_late: expect.any(Number),
        ...outstanding,
      },
    ]);
    expect(rows[2]?.hours_late).toBeGreaterThan(hoursSince('2025-08-04T09:00:00Z'));
    expect(rows[3]?.hours_late).toBeGreaterThan(hoursSince('2025-08-05T07:00:00Z'));
    // Not listed: PHASED and EMAILED (first report on time, a later phase does not count), UNREPORTED (decided that
    // no report is due, with its reasons).
  });
});

describe('unreported-breaches', () => {
  it('lists the breach decided not to be reported, with rationale, evidence, recommendation and who decided', async () => {
    const { rows } = await database.run('unreported-breaches');
    expect(rows).toEqual([
      {
        breach_id: UNREPORTED,
        organisation_id: 'org-elite-care',
        aware_at: '2025-04-01T09:00:00.000Z',
        decided_at: '2025-04-02T09:00:00.000Z',
        decided_by: 'Morgan Manager',
        decided_by_role: 'Registered Manager',
        signed_off_by: 'Robin Director',
        recommendation: 'no-notification',
        rationale: 'The letter reached another resident’s family, who returned it unopened the same day.',
        evidence: 'Signed statement of the family; sealed envelope photographed.',
        departure_reason: null,
      },
    ]);
  });
});

describe('decisions-by-person', () => {
  it('lists every decision under the person who took it, in time order', async () => {
    const { rows } = await database.run('decisions-by-person');
    expect(rows.map((r) => [r.decided_by, r.step, r.breach_id])).toEqual([
      ['Alex Privacy', 'contain', LATE],
      ['Alex Privacy', 'decide', LATE],
      ['Alex Privacy', 'notify-authority', LATE],
      ['Alex Privacy', 'decide', PROCESSOR],
      ['Alex Privacy', 'notify-controller', PROCESSOR],
      ['Alex Privacy', 'decide', PHASED],
      ['Alex Privacy', 'notify-authority', PHASED],
      ['Alex Privacy', 'notify-subjects', PHASED],
      ['Alex Privacy', 'notify-authority', PHASED],
      ['Alex Privacy', 'notify-subjects', PHASED],
      ['Alex Privacy', 'decide', UNSENT],
      ['Alex Privacy', 'decide', EMAILED],
      ['Alex Privacy', 'notify-authority', EMAILED],
      ['Alex Privacy', 'notify-subjects', EMAILED],
      ['Morgan Manager', 'decide', UNREPORTED],
    ]);
    expect(rows.at(-1)).toEqual({
      decided_by: 'Morgan Manager',
      role: 'Registered Manager',
      step: 'decide',
      decided_at: '2025-04-02T09:00:00.000Z',
      breach_id: UNREPORTED,
      organisation_id: 'org-elite-care',
      via: 'console',
      conclusion: 'no-notification',
      signed_off_by: 'Robin Director',
    });
  });
});

describe('time-to-milestones', () => {
  it('gives the hours from awareness to each milestone reached, counting the phases reported', async () => {
    const { rows } = await database.run('time-to-milestones');
    const byBreach = Object.fromEntries(
      rows.map(({ breach_id, organisation_id, aware_at, ...rest }) => [breach_id, rest]),
    );
    expect(byBreach).toEqual({
      [LATE]: {
        hours_to_containment: 3,
        hours_to_assessment: 4,
        hours_to_decision: 49,
        hours_to_authority_notification: 96,
        authority_reports: 1,
        hours_to_closure: 408,
      },
      [UNREPORTED]: {
        hours_to_containment: null,
        hours_to_assessment: 2,
        hours_to_decision: 24,
        hours_to_authority_notification: null,
        authority_reports: 0,
        hours_to_closure: null,
      },
      [PROCESSOR]: {
        hours_to_containment: null,
        hours_to_assessment: 1,
        hours_to_decision: 14,
        hours_to_authority_notification: 30,
        authority_reports: 0,
        hours_to_closure: null,
      },
      [PHASED]: {
        hours_to_containment: null,
        hours_to_assessment: 8,
        hours_to_decision: 24,
        hours_to_authority_notification: 48,
        authority_reports: 2,
        hours_to_closure: 720,
      },
      [OVERDUE]: {
        hours_to_containment: null,
        hours_to_assessment: 1,
        hours_to_decision: null,
        hours_to_authority_notification: null,
        authority_reports: 0,
        hours_to_closure: null,
      },
      [UNSENT]: {
        hours_to_containment: null,
        hours_to_assessment: 2,
        hours_to_decision: 5,
        hours_to_authority_notification: null,
        authority_reports: 0,
        hours_to_closure: null,
      },
      [EMAILED]: {
        hours_to_containment: null,
        hours_to_assessment: 1,
        hours_to_decision: 4,
        hours_to_authority_notification: 26,
        authority_reports: 1,
        hours_to_closure: null,
      },
    });
    expect(rows.map((r) => r.breach_id)).toEqual([LATE, UNREPORTED, PROCESSOR, PHASED, OVERDUE, UNSENT, EMAILED]);
  });
});

describe('subjects-told', () => {
  it('gives per breach decided on the people told, how and when, and the exemption relied on', async () => {
    const { rows } = await database.run('subjects-told');
    const none = {
      notices: null,
      subjects_told: null,
      method: null,
      notified_at: null,
      through_representatives: null,
      recorded_by: null,
    };

    expect(rows).toEqual([
      {
        breach_id: LATE,
        organisation_id: 'org-generic',
        conclusion: 'authority-only',
        subjects_planned: 'false',
        ...none,
        exemption: 'data-unintelligible',
        exemption_explanation: 'The attachment was encrypted.',
      },
      {
        breach_id: EMAILED,
        organisation_id: 'org-school',
        conclusion: 'authority-and-subjects',
        subjects_planned: 'true',
        notices: 1,
        // Told by e-mail through the fan-out: its two runs sent 30 and 4.
        subjects_told: 34,
        method: 'email',
        // The first notices left at 13:00+02:00.
        notified_at: '2025-09-02T11:00:00.000Z',
        through_representatives: null,
        exemption: null,
        exemption_explanation: null,
        recorded_by: 'Alex Privacy',
      },
      {
        breach_id: PHASED,
        organisation_id: 'org-rcot',
        conclusion: 'authority-and-subjects',
        subjects_planned: 'true',
        notices: 2,
        subjects_told: 125,
        method: 'letter',
        // When they were first told: the e-mail batch, before the letters.
        notified_at: '2025-06-04T10:00:00.000Z',
        through_representatives: null,
        exemption: null,
        exemption_explanation: null,
        recorded_by: 'Alex Privacy',
      },
      {
        breach_id: PROCESSOR,
        organisation_id: 'org-processor',
        conclusion: 'authority-only',
        subjects_planned: 'false',
        ...none,
        exemption: null,
        exemption_explanation: null,
      },
      {
        breach_id: UNREPORTED,
        organisation_id: 'org-elite-care',
        conclusion: 'no-notification',
        subjects_planned: 'false',
        ...none,
        exemption: null,
        exemption_explanation: null,
      },
      {
        breach_id: UNSENT,
        organisation_id: 'org-generic',
        conclusion: 'authority-only',
        subjects_planned: 'false',
        ...none,
        exemption: null,
        exemption_explanation: null,
      },
    ]);
    // Not listed: OVERDUE, on which nothing has been decided.
  });
});
