import { describe, expect, it } from 'vitest';
import { closureProblems } from '../../../functions/domain/closure';
import type { NewEvent } from '../../../functions/domain/events';
import { PRESETS } from '../../../functions/domain/presets';
import { at, DPO, decisionEvent, notifiedHistory, stateOf } from '../../support/authority-histories';

/** What keeps a case open, from its log alone (closure.ts). */

const evaluated = (recommendations: object[]): NewEvent =>
  decisionEvent('evaluate', 40, { rootCauses: ['Autocomplete'], lessons: 'Check addresses.', recommendations });

const closed = (actionId: string, role: string): NewEvent => ({
  type: 'action-closed',
  at: at(50),
  actor: { kind: 'person', name: 'Sam Risk', role },
  data: { actionId, outcome: 'complete', note: 'Done.', closedBy: { name: 'Sam Risk', role } },
});

describe('closureProblems', () => {
  it('names every open recommendation and undecided party, and the ICO outcome the school waits for', () => {
    const state = stateOf([...notifiedHistory('school'), evaluated([{ action: 'Disable autocomplete', owner: 'IT' }])]);

    const paths = closureProblems(state, PRESETS.school).map((p) => p.path);

    expect(paths).toContain('actions.R1');
    expect(paths).toContain('authorityOutcome');
    expect(paths.filter((p) => p.startsWith('otherParties.')).length).toBeGreaterThan(0);
  });

  it('holds once each action is closed, each party decided and the outcome recorded', () => {
    const parties = PRESETS.school.otherParties.map(
      (party): NewEvent => ({
        type: 'party-decided',
        at: at(45),
        actor: { kind: 'person', ...DPO },
        data: { party, told: false, note: 'Not concerned by this breach.', decidedBy: DPO },
      }),
    );
    const state = stateOf([
      ...notifiedHistory('school'),
      evaluated([{ action: 'Disable autocomplete', owner: 'IT' }]),
      ...parties,
      {
        type: 'authority-outcome',
        at: at(48),
        actor: { kind: 'person', ...DPO },
        data: { outcome: 'no-further-action', at: at(47), summary: 'File closed.', recordedBy: DPO },
      },
      closed('R1', 'DSIRO'),
    ]);

    expect(closureProblems(state, PRESETS.school)).toEqual([]);
  });

  it('keeps a case open while a reassessment’s request for a revision is unanswered', () => {
    const state = stateOf([
      ...notifiedHistory('rcot'),
      {
        type: 'revision-requested',
        at: at(41),
        actor: { kind: 'system', component: 'assessment' },
        data: {
          assessmentSeq: 5,
          decidedConclusion: 'authority-only',
          recommendedConclusion: 'authority-and-subjects',
        },
      },
    ]);

    expect(closureProblems(state, PRESETS.rcot).map((p) => p.path)).toEqual(['revision']);
  });
});
