import { describe, expect, it } from 'vitest';
import { planExport } from '../../../functions/export-table/plan-export';

const now = new Date('2026-01-10T12:00:00.000Z');
const pending = {
  exportArn: 'arn:aws:dynamodb:eu-west-2:1:table/t/export/1',
  type: 'FULL_EXPORT' as const,
  to: '2026-01-10T06:00:00.000Z',
};

describe('planExport', () => {
  it('starts with a full export when nothing was ever exported', () => {
    expect(planExport({}, undefined, now)).toEqual({ action: 'full', exportTime: now.toISOString() });
  });

  it('waits while the last export is still running', () => {
    expect(planExport({ pending }, 'IN_PROGRESS', now)).toMatchObject({ action: 'wait' });
  });

  it('exports incrementally from where the last completed export ended', () => {
    expect(planExport({ pending }, 'COMPLETED', now)).toEqual({
      action: 'incremental',
      from: '2026-01-10T06:00:00.000Z',
      to: now.toISOString(),
    });
  });

  it('asks again for the window of a failed export', () => {
    const watermark = {
      exportedTo: '2026-01-10T00:00:00.000Z',
      pending: { ...pending, type: 'INCREMENTAL_EXPORT' as const },
    };
    expect(planExport(watermark, 'FAILED', now)).toEqual({
      action: 'incremental',
      from: '2026-01-10T00:00:00.000Z',
      to: now.toISOString(),
    });
  });

  it('catches up a long gap 24 hours at a time', () => {
    expect(planExport({ exportedTo: '2026-01-07T12:00:00.000Z' }, undefined, now)).toEqual({
      action: 'incremental',
      from: '2026-01-07T12:00:00.000Z',
      to: '2026-01-08T12:00:00.000Z',
    });
  });

  it('starts afresh with a full export once the history end has left the recovery window', () => {
    expect(planExport({ exportedTo: '2025-12-01T00:00:00.000Z' }, undefined, now)).toEqual({
      action: 'full',
      exportTime: now.toISOString(),
    });
  });

  it('waits when less than the 15-minute minimum window has passed', () => {
    expect(planExport({ exportedTo: '2026-01-10T11:50:00.000Z' }, undefined, now)).toMatchObject({ action: 'wait' });
  });
});
