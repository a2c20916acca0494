import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditDatabase, openExport } from '../../audit/duckdb-audit';
import { LATE, PHASED, PROCESSOR, UNREPORTED } from './seeded-breaches';
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
      { breach_id: PHASED, events: 9, last: 9 },
      { breach_id: PROCESSOR, events: 4, last: 4 },
      { breach_id: UNREPORTED, events: 3, last: 3 },
    ]);
  });

  it('takes awareness as last amended and finds the authority clock wherever the policy lists it', async () => {
    const { rows } = await database.run(
      'SELECT breach_id, aware_at, organisation_role, authority_hours FROM breach_awareness ORDER BY breach_id',
    );
    expect(rows).toEqual([
      { breach_id: LATE, aware_at: '2025-03-03T09:00:00Z', organisation_role: 'controller', authority_hours: 72 },
      { breach_id: PHASED, aware_at: '2025-06-01T08:00:00Z', organisation_role: 'controller', authority_hours: 72 },
      { breach_id: PROCESSOR, aware_at: '2025-05-10T06:00:00Z', organisation_role: 'processor', authority_hours: 24 },
      {
        breach_id: UNREPORTED,
        aware_at: '2025-04-01T10:00:00+01:00',
        organisation_role: 'controller',
        authority_hours: 72,
      },
    ]);
  });
});

describe('late-notifications', () => {
  it('lists first notices after the deadline with hours late and the reason, and not an on-time phased report', async () => {
    const { rows } = await database.run('late-notifications');
    expect(rows).toEqual([
      expect.objectContaining({
        breach_id: LATE,
        notified: 'authority',
        notified_at: '2025-03-07T09:00:00+00:00',
        hours_late: 24,
        delay_reason: 'The forensic review of the mail server took four days.',
        reference: 'ICO-111',
        recorded_by: 'Alex Privacy',
      }),
      expect.objectContaining({
        breach_id: PROCESSOR,
        notified: 'controller',
        authority_hours: 24,
        hours_late: 6,
        delay_reason: null,
        channel: 'phone',
      }),
    ]);
  });
});

describe('unreported-breaches', () => {
  it('lists the breach decided not to be reported, with rationale, evidence, recommendation and who decided', async () => {
    const { rows } = await database.run('unreported-breaches');
    expect(rows).toEqual([
      {
        breach_id: UNREPORTED,
        organisation_id: 'org-elite-care',
        aware_at: '2025-04-01T10:00:00+01:00',
        decided_at: '2025-04-02T09:00:00Z',
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
      ['Morgan Manager', 'decide', UNREPORTED],
    ]);
    expect(rows.at(-1)).toEqual({
      decided_by: 'Morgan Manager',
      role: 'Registered Manager',
      step: 'decide',
      decided_at: '2025-04-02T09:00:00Z',
      breach_id: UNREPORTED,
      organisation_id: 'org-elite-care',
      via: 'link',
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
    });
    expect(rows.map((r) => r.breach_id)).toEqual([LATE, UNREPORTED, PROCESSOR, PHASED]);
  });
});

describe('subjects-told', () => {
  it('gives per breach the people told, how, and the exemption relied on', async () => {
    const { rows } = await database.run('subjects-told');
    const byBreach = Object.fromEntries(rows.map(({ breach_id, organisation_id, ...rest }) => [breach_id, rest]));
    expect(byBreach[LATE]).toMatchObject({
      conclusion: 'authority-only',
      subjects_planned: 'false',
      subjects_told: null,
      exemption: 'data-unintelligible',
      exemption_explanation: 'The attachment was encrypted.',
    });
    expect(byBreach[PHASED]).toMatchObject({
      conclusion: 'authority-and-subjects',
      subjects_planned: 'true',
      notices: 2,
      subjects_told: 125,
      method: 'letter',
      notified_at: '2025-06-06T10:00:00Z',
      exemption: null,
    });
    expect(byBreach[UNREPORTED]).toMatchObject({ conclusion: 'no-notification', notices: null, exemption: null });
    expect(byBreach[PROCESSOR]).toMatchObject({ conclusion: 'authority-only', subjects_planned: 'false' });
    expect(rows).toHaveLength(4);
  });
});
