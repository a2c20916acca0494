import { describe, expect, it } from 'vitest';
import { whyNoPeopleCanBeAdded } from '../../../functions/domain/add-subjects';
import type { BreachState } from '../../../functions/domain/state';

/** When people can still be added to a breach's list, and the reason given when not. */

const TZ = 'Europe/London';
const told = {
  at: '2026-03-03T11:00:00Z',
  via: 'console',
  data: { method: 'phone', decidedBy: { name: 'Dana', role: 'DPO' } },
} as unknown as NonNullable<BreachState['decisions']['notify-subjects']>;

const state = (over: Partial<BreachState>): BreachState =>
  ({ status: 'open', decisions: {}, pendingSteps: [], ...over }) as BreachState;

describe('whether people can be added to the list', () => {
  it('lets people be added to an open case before the notices are decided, the step waiting or not', () => {
    expect(whyNoPeopleCanBeAdded(state({}), TZ)).toBeUndefined();
    expect(whyNoPeopleCanBeAdded(state({ pendingSteps: ['notify-subjects'] }), TZ)).toBeUndefined();
  });

  it('refuses a closed case', () => {
    expect(whyNoPeopleCanBeAdded(state({ status: 'closed' }), TZ)).toContain('The case is closed');
  });

  it('refuses once how people are told was decided, naming when and how', () => {
    const reason = whyNoPeopleCanBeAdded(state({ decisions: { 'notify-subjects': told } }), TZ);
    expect(reason).toBe(
      'How the people affected are told was decided on Tuesday 3 March 2026, 11:00 GMT (phone): anyone added now would never be told through this case. Tell them another way and record it on the case, or revise the decision, which opens the list again.',
    );
  });

  it('lets people be added again while a revised decision asks the step anew', () => {
    const revised = state({ decisions: { 'notify-subjects': told }, pendingSteps: ['notify-subjects'] });
    expect(whyNoPeopleCanBeAdded(revised, TZ)).toBeUndefined();
  });
});
