import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../functions/domain/events';
import { DEFAULT_CLOCKS } from '../../../functions/domain/policy';
import { registerRow, registerRows } from '../../../functions/domain/register';
import { foldEvents } from '../../../functions/domain/state';
import { aChain } from '../../support/event-fixtures';
import { DPO, hoursAfter, lateReportedHistory, unreportedHistory } from '../../support/register-histories';

const NOW = new Date('2025-06-01T12:00:00Z');
const options = { clocks: DEFAULT_CLOCKS, now: NOW };
const stateOf = (id: string, events: readonly NewEvent[]) => foldEvents(aChain(id, events));

const AWARE = '2025-03-03T09:00:00Z';
const late = stateOf('BR-LATE-0000-0000-0001', lateReportedHistory(AWARE));
const unreported = stateOf('BR-UNRP-0000-0000-0002', unreportedHistory('2025-04-01T08:00:00Z'));

describe('the register meets Art. 33(5)', () => {
  it('records the facts, the effects with the risk as decided, and the remedial action', () => {
    const row = registerRow(late, options);

    expect(row.facts).toMatchObject({
      description: late.report.description,
      cause: late.report.cause,
      dataCategories: late.report.dataCategories,
      subjectCategories: late.report.subjectCategories,
      approximateRecords: late.report.approximateRecords,
    });
    expect(row.effects.risk).toEqual({ level: 'high-risk', source: 'decision' });
    expect(row.remedialAction).toMatchObject({ contained: true, rootCauses: ['Autocomplete of addresses'] });
  });

  it('gives each recommended action its status: done at closure, overdue past its date, else open', () => {
    const evaluated = (recommendationsCompleted?: boolean) =>
      stateOf('BR-RECS-0000-0000-0003', [
        ...unreportedHistory(AWARE),
        {
          type: 'decision-taken',
          at: hoursAfter(AWARE, 100),
          actor: { kind: 'person', ...DPO },
          data: {
            step: 'evaluate',
            via: 'api',
            decision: {
              decidedBy: DPO,
              rootCauses: ['No second check'],
              lessons: 'Check twice.',
              recommendations: [
                { action: 'Train the office', owner: 'Head', dueBy: '2025-04-01T00:00:00Z' },
                { action: 'Buy a shredder', owner: 'Bursar', dueBy: '2025-12-01T00:00:00Z' },
              ],
            },
          },
        } as NewEvent,
        ...(recommendationsCompleted
          ? [
              {
                type: 'decision-taken',
                at: hoursAfter(AWARE, 200),
                actor: { kind: 'person', ...DPO },
                data: { step: 'close', via: 'api', decision: { decidedBy: DPO, recommendationsCompleted: true } },
              } as NewEvent,
            ]
          : []),
      ]);

    expect(registerRow(evaluated(), options).remedialAction.recommendations.map((r) => r.status)).toEqual([
      'overdue',
      'open',
    ]);
    expect(registerRow(evaluated(true), options).remedialAction.recommendations.map((r) => r.status)).toEqual([
      'done',
      'done',
    ]);
  });

  it('records the decision not to notify with its evidence', () => {
    const row = registerRow(unreported, options);
    expect(row.conclusion?.value).toBe('no-notification');
    expect(row.conclusion?.evidence).toBeTruthy();
    expect(row.effects.risk?.level).toBe('no-risk');
  });

  it('filters by the risk as decided, with the date and status filters', () => {
    const ids = (risk?: 'no-risk' | 'risk' | 'high-risk') =>
      registerRows([late, unreported], { ...options, filter: risk ? { risk } : {} }).map((r) => r.breachId);

    expect(ids()).toEqual([late.breachId, unreported.breachId]);
    expect(ids('high-risk')).toEqual([late.breachId]);
    expect(ids('no-risk')).toEqual([unreported.breachId]);
    expect(ids('risk')).toEqual([]);
    expect(registerRows([late, unreported], { ...options, filter: { risk: 'high-risk', status: 'open' } })).toEqual([]);
  });
});
