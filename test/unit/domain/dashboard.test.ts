import { describe, expect, it } from 'vitest';
import { countdownText, dashboard } from '../../../functions/domain/dashboard';
import { presetPolicy } from '../../../functions/domain/presets';
import { foldEvents } from '../../../functions/domain/state';
import { aChain, aReport, aReportedEvent } from '../../support/event-fixtures';

const policy = presetPolicy('generic');
const NOW = new Date('2025-03-06T12:00:00Z');

/** A reported breach aware at `awareAt`, with its description. */
const breach = (breachId: string, awareAt: string, description = 'A laptop was lost.') =>
  foldEvents(aChain(breachId, [aReportedEvent(aReport({ awareAt, description }))]));

describe('the dashboard', () => {
  it('puts overdue breaches first, then those due soon, then the rest, each by its nearest deadline', () => {
    const rows = dashboard(
      [
        breach('BR-LATER', '2025-03-06T09:00:00Z'),
        breach('BR-OVERDUE', '2025-03-02T09:00:00Z'),
        breach('BR-SOON', '2025-03-05T14:00:00Z'),
      ],
      policy,
      ['dpo'],
      NOW,
    );

    expect(rows.map((row) => [row.breachId, row.urgency])).toEqual([
      ['BR-OVERDUE', 'overdue'],
      ['BR-SOON', 'due-soon'],
      ['BR-LATER', 'on-track'],
    ]);
    expect(rows[2]?.next?.label).toBeDefined();
  });

  it('filters by deadline state and finds a breach by its reference or its words', () => {
    const states = [
      breach('BR-ONE', '2025-03-02T09:00:00Z', 'Post sent to the wrong parent'),
      breach('BR-TWO', '2025-03-06T09:00:00Z'),
    ];
    expect(dashboard(states, policy, ['dpo'], NOW, { urgency: 'overdue' }).map((r) => r.breachId)).toEqual(['BR-ONE']);
    expect(dashboard(states, policy, ['dpo'], NOW, { q: 'wrong PARENT' }).map((r) => r.breachId)).toEqual(['BR-ONE']);
    expect(dashboard(states, policy, ['dpo'], NOW, { q: 'br-two' }).map((r) => r.breachId)).toEqual(['BR-TWO']);
  });

  it('says how far a deadline is in words', () => {
    expect(countdownText('2025-03-06T17:00:00Z', NOW)).toBe('5 hours left');
    expect(countdownText('2025-03-06T11:30:00Z', NOW)).toBe('overdue by 30 minutes');
    expect(countdownText('2025-03-09T12:00:00Z', NOW)).toBe('3 days left');
    expect(countdownText('2025-03-09T13:01:00Z', NOW)).toBe('3 days 1 hour left');
    expect(countdownText('2025-03-06T12:12:30Z', NOW)).toBe('12 minutes 30 seconds left');
  });
});
