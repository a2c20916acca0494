import { assessBreach } from '../../functions/domain/assessment';
import type { DecisionStep, NotificationPlan } from '../../functions/domain/decisions';
import type { NewEvent } from '../../functions/domain/events';
import { PRESETS, type PresetId } from '../../functions/domain/presets';
import type { BreachReportInput } from '../../functions/domain/report';
import { type BreachState, foldEvents } from '../../functions/domain/state';
import { aChain } from './event-fixtures';
import { hoursAfter } from './register-histories';
import { aReport } from './reports';

/**
 * Breach histories for the authority report, the phases and the other parties: a report (through the real schema)
 * and its assessment, then the decisions people take, each at a given number of hours after awareness.
 */

export const AWARE_AT = '2025-03-03T09:00:00Z';
export const DPO = { name: 'Dana Protection', role: 'Data Protection Officer' };
export const at = (hours: number) => hoursAfter(AWARE_AT, hours);

export const reportedEvents = (preset: PresetId, overrides: Partial<BreachReportInput> = {}): NewEvent[] => {
  const report = aReport(
    { ...overrides, awareAt: AWARE_AT, occurred: overrides.occurred ?? { kind: 'at', at: at(-1) } },
    new Date(at(2)),
  );
  return [
    {
      type: 'reported',
      at: at(1),
      actor: { kind: 'api-client', organisationId: 'org-1' },
      data: {
        report,
        channel: 'api',
        requestHash: 'a'.repeat(64),
        policyPreset: preset,
        clocks: PRESETS[preset].clocks,
      },
    },
    {
      type: 'assessment-computed',
      at: at(2),
      actor: { kind: 'system', component: 'assess' },
      data: { assessment: assessBreach(report, PRESETS[preset]) },
    },
  ];
};

export const decisionEvent = (step: DecisionStep, hours: number, decision: object, plan?: NotificationPlan): NewEvent =>
  ({
    type: 'decision-taken',
    at: at(hours),
    actor: { kind: 'person', ...DPO },
    data: { step, decision: { decidedBy: DPO, ...decision }, via: 'api', ...(plan ? { plan } : {}) },
  }) as NewEvent;

export const PLAN_AUTHORITY: NotificationPlan = {
  authority: true,
  subjects: false,
  controller: false,
  otherParties: true,
};

/** Reported to the authority (initial), with the decisions before it. */
export const notifiedHistory = (
  preset: PresetId,
  overrides: Partial<BreachReportInput> = {},
  authority: object = {},
  authorityHours = 30,
): NewEvent[] => [
  ...reportedEvents(preset, overrides),
  decisionEvent('contain', 3, { contained: true, measures: 'Recipient deleted the e-mail and confirmed in writing.' }),
  decisionEvent(
    'decide',
    20,
    { conclusion: 'authority-only', rationale: 'Health data reached an untrusted recipient; the risk is real.' },
    PLAN_AUTHORITY,
  ),
  decisionEvent('notify-authority', authorityHours, {
    channel: 'ico-online-form',
    phase: 'initial',
    submittedAt: at(authorityHours),
    reference: 'IC-1234-5678',
    ...authority,
  }),
];

export const BREACH_ID = 'BR-AAAA-0000-0000-0001';

export const stateOf = (events: readonly NewEvent[], breachId = BREACH_ID): BreachState =>
  foldEvents(aChain(breachId, events));
