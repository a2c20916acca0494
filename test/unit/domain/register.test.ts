import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOCKS } from '../../../functions/domain/policy';
import { registerRow, registerRows } from '../../../functions/domain/register';
import { type BreachState, foldEvents } from '../../../functions/domain/state';
import { aChain } from '../../support/event-fixtures';
import {
  DPO,
  HEAD,
  hoursAfter,
  inTimeHistory,
  lateReportedHistory,
  processorHistory,
  unreportedHistory,
} from '../../support/register-histories';

const NOW = new Date('2025-06-01T12:00:00Z');
const options = { clocks: DEFAULT_CLOCKS, now: NOW };

const stateOf = (breachId: string, events: Parameters<typeof aChain>[1]): BreachState =>
  foldEvents(aChain(breachId, events));

const LATE = stateOf('BR-LATE-0000-0000-0001', lateReportedHistory('2025-03-03T09:00:00Z'));
const UNREPORTED = stateOf('BR-UNRP-0000-0000-0002', unreportedHistory('2025-04-01T08:00:00Z'));
const PROCESSOR = stateOf('BR-PROC-0000-0000-0003', processorHistory('2025-04-10T10:00:00Z'));
const IN_TIME = stateOf('BR-TIME-0000-0000-0004', inTimeHistory('2025-05-05T07:30:00Z'));

describe('register rows', () => {
  it('shows a late authority notification with how late it was and the reason, and a closed case', () => {
    const row = registerRow(LATE, options);

    expect(row).toMatchObject({
      breachId: 'BR-LATE-0000-0000-0001',
      status: 'closed',
      stage: 'closed',
      awareAt: '2025-03-03T09:00:00Z',
      organisationRole: 'controller',
      conclusion: {
        value: 'authority-and-subjects',
        decidedBy: DPO,
        decidedAt: hoursAfter('2025-03-03T09:00:00Z', 30),
      },
      authority: {
        status: 'notified-late',
        dueAt: '2025-03-06T09:00:00.000Z',
        notifiedAt: '2025-03-07T09:00:00.000Z',
        hoursLate: 24,
        delayReason: 'The recipient only confirmed on day four which records were in the attachment.',
        reference: 'ICO-0001',
      },
      subjects: { status: 'told', count: 40, method: 'email' },
      closedAt: hoursAfter('2025-03-03T09:00:00Z', 201),
    });
    expect(row.severity).toMatchObject({ scale: 'enisa', source: 'assessment', label: expect.any(String) });
    expect(row.controller).toBeUndefined();
  });

  it('keeps a breach that was not reported, with the rationale, the evidence and who decided', () => {
    const row = registerRow(UNREPORTED, options);

    expect(row).toMatchObject({
      status: 'open',
      conclusion: {
        value: 'no-notification',
        label: 'no notification is required',
        decidedBy: HEAD,
        rationale: 'The only recipient is a governor bound by confidentiality who deleted the e-mail at once.',
        evidence: 'Written confirmation of deletion from the governor, 10:42.',
      },
      authority: { status: 'not-required' },
      subjects: { status: 'not-required' },
    });
    expect(row.authority.notifiedAt).toBeUndefined();
    expect(row.closedAt).toBeUndefined();
  });

  it("shows the severity level a person chose, in the words of the organisation's scale", () => {
    expect(registerRow(UNREPORTED, options).severity).toEqual({
      scale: 'levels-0-4',
      level: 1,
      label: 'Level 1: low risk',
      source: 'decision',
    });
  });

  it('shows, for a processor, when the controller was told, and leaves the authority to the controller', () => {
    const row = registerRow(PROCESSOR, options);

    expect(row).toMatchObject({
      organisationRole: 'processor',
      controller: { name: 'Acme Schools Trust', notifiedAt: '2025-04-10T14:00:00.000Z', channel: 'phone' },
      authority: { status: 'controller-decides' },
    });
  });

  it('shows an in-time report with its acknowledgement, a sign-off, and the exemption relied on for not telling people', () => {
    const row = registerRow(IN_TIME, options);

    expect(row).toMatchObject({
      conclusion: { value: 'authority-only', signedOffBy: { name: 'Sam Senior', role: 'Chief Executive' } },
      authority: {
        status: 'notified',
        hoursLate: 0,
        acknowledgedAt: hoursAfter('2025-05-05T07:30:00Z', 41),
      },
      subjects: { status: 'not-told', exemption: { ground: 'subsequent-measures' } },
    });
  });

  it('counts an authority report that is due and not made as pending until the mark, then overdue by the hours since', () => {
    const events = lateReportedHistory('2025-05-29T12:00:00Z').slice(0, 3);
    const row = registerRow(stateOf('BR-OVER-0000-0000-0005', events), options);

    // At the mark itself the report is still in time ("within 72 hours").
    expect(row.authority).toEqual({ status: 'pending', dueAt: '2025-06-01T12:00:00.000Z' });
    const later = registerRow(stateOf('BR-OVER-0000-0000-0005', events), {
      ...options,
      now: new Date('2025-06-02T00:30:00Z'),
    });
    expect(later.authority).toMatchObject({ status: 'overdue', hoursLate: 12.5 });
  });

  it('says "undecided" before anyone has decided on notification', () => {
    const row = registerRow(
      stateOf('BR-UNDC-0000-0000-0006', lateReportedHistory('2025-05-30T09:00:00Z').slice(0, 2)),
      options,
    );

    expect(row.conclusion).toBeUndefined();
    expect(row.authority.status).toBe('undecided');
    expect(row.subjects.status).toBe('undecided');
  });
});

describe('register filters', () => {
  const all = [IN_TIME, PROCESSOR, LATE, UNREPORTED];

  it('lists every breach, oldest awareness first', () => {
    expect(registerRows(all, options).map((r) => r.breachId)).toEqual([
      LATE.breachId,
      UNREPORTED.breachId,
      PROCESSOR.breachId,
      IN_TIME.breachId,
    ]);
  });

  it('selects by awareness, both ends included', () => {
    const rows = registerRows(all, {
      ...options,
      filter: { from: '2025-04-01T08:00:00Z', to: '2025-04-10T10:00:00Z' },
    });
    expect(rows.map((r) => r.breachId)).toEqual([UNREPORTED.breachId, PROCESSOR.breachId]);
  });

  it('selects by status', () => {
    expect(registerRows(all, { ...options, filter: { status: 'closed' } }).map((r) => r.breachId)).toEqual([
      LATE.breachId,
    ]);
    expect(registerRows(all, { ...options, filter: { status: 'open' } })).toHaveLength(3);
  });
});
