import { describe, expect, it } from 'vitest';
import { type DecisionContext, validateDecision } from '../../../functions/domain/decisions';
import type { NewEvent } from '../../../functions/domain/events';
import { PRESETS } from '../../../functions/domain/presets';
import { decisionContextFor } from '../../../functions/domain/take-decision';
import { at, DPO, notifiedHistory, stateOf } from '../../support/authority-histories';

const followUp = (hours: number, phase: 'follow-up' | 'final'): NewEvent<'authority-follow-up'> => ({
  type: 'authority-follow-up',
  at: at(hours),
  actor: { kind: 'api-client', organisationId: 'org-1' },
  data: { phase, submittedAt: at(hours), reference: 'IC-1', added: 'More facts.' },
});

describe('the phases of the authority report in the state', () => {
  it('records the initial report from the notify-authority step, then each follow-up in order', () => {
    const state = stateOf([...notifiedHistory('generic'), followUp(34, 'follow-up'), followUp(40, 'final')]);

    expect(state.authorityReports).toEqual([
      { phase: 'initial', submittedAt: at(30), reference: 'IC-1234-5678' },
      { phase: 'follow-up', submittedAt: at(34), reference: 'IC-1' },
      { phase: 'final', submittedAt: at(40), reference: 'IC-1' },
    ]);
  });

  it('takes the acknowledgement from the notify-authority step or from its own event, the latest winning', () => {
    const withDecision = stateOf(notifiedHistory('rcot', {}, { acknowledgement: { receivedAt: at(31) } }));
    const withEvent = stateOf([
      ...notifiedHistory('rcot'),
      {
        type: 'authority-acknowledged',
        at: at(33),
        actor: { kind: 'person', ...DPO },
        data: { receivedAt: at(32), reference: 'IC-9' },
      },
    ]);

    expect(withDecision.authorityAcknowledgement).toEqual({ receivedAt: at(31) });
    expect(withEvent.authorityAcknowledgement).toEqual({ receivedAt: at(32), reference: 'IC-9' });
  });

  it('leaves the new fields out of a breach that has none of these events', () => {
    const state = stateOf(notifiedHistory('generic').slice(0, 3));

    expect(state).not.toHaveProperty('authorityReports');
    expect(state).not.toHaveProperty('authorityAcknowledgement');
  });
});

describe('the RCOT closure condition', () => {
  const close = { decidedBy: DPO, recommendationsCompleted: true };
  const context = (overrides: Partial<DecisionContext>): DecisionContext => ({
    ...decisionContextFor(stateOf(notifiedHistory('rcot')), PRESETS.rcot, new Date(at(50))),
    evaluated: true,
    ...overrides,
  });

  it('refuses to close a notified case without the authority’s written receipt', () => {
    expect(() => validateDecision('close', close, context({}))).toThrow(/written confirmation of receipt/);
  });

  it('closes once the receipt is recorded, or when the authority was never notified', () => {
    expect(validateDecision('close', close, context({ authorityAcknowledged: true })).step).toBe('close');
    expect(validateDecision('close', close, context({ authorityNotified: false })).step).toBe('close');
  });

  it('does not ask for a receipt under a policy without the duty', () => {
    const generic = { ...context({}), policy: PRESETS.generic };

    expect(validateDecision('close', close, generic).step).toBe('close');
  });
});
