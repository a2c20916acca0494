import { assessBreach } from '../../functions/domain/assessment';
import { clockStatuses } from '../../functions/domain/clocks';
import { type DecisionStep, STEP_TITLES } from '../../functions/domain/decisions';
import type { OrganisationPolicy } from '../../functions/domain/policy';
import { type PolicyOverrides, type PresetId, presetPolicy } from '../../functions/domain/presets';
import type { BreachReport } from '../../functions/domain/report';
import type { BreachState } from '../../functions/domain/state';
import type { DecisionRequestView } from '../../functions/domain/take-decision';
import { aReport } from './event-fixtures';

/** A decision page's view built in memory, as describeDecisionRequest returns it, for rendering tests. */

export const VIEW_NOW = new Date('2025-03-03T12:00:00Z');
export const BREACH_ID = 'BR-7K3M-9QXD-2F8A-1C4T';

export interface ViewOptions {
  preset?: PresetId;
  overrides?: PolicyOverrides;
  policy?: OrganisationPolicy;
  report?: Partial<BreachReport>;
  state?: Partial<BreachState>;
  now?: Date;
}

export const aDecisionView = (step: DecisionStep, options: ViewOptions = {}): DecisionRequestView => {
  const policy = options.policy ?? presetPolicy(options.preset ?? 'generic', options.overrides);
  const report = aReport(options.report);
  const assessment = assessBreach(report, policy);
  const state: BreachState = {
    breachId: BREACH_ID,
    organisationId: 'org-1',
    stage: 'assessed',
    status: 'open',
    report,
    awareAt: report.awareAt,
    reportedAt: '2025-03-03T09:15:00Z',
    channel: 'api',
    policyPreset: policy.preset,
    requestHash: 'a'.repeat(64),
    clocks: policy.clocks,
    failures: [],
    assessment,
    decisions: {},
    pendingSteps: [step],
    alerted: [],
    mailed: [],
    milestones: {},
    version: 2,
    lastHash: 'b'.repeat(64),
    ...options.state,
  };
  const now = options.now ?? VIEW_NOW;
  return {
    organisationName: 'St Clare’s',
    request: {
      secretHash: 'c'.repeat(64),
      breachId: state.breachId,
      organisationId: state.organisationId,
      step,
      issuedAt: '2025-03-03T10:00:00Z',
      expiresAt: '2025-03-06T10:00:00Z',
      mailed: true,
    },
    step,
    title: STEP_TITLES[step],
    state,
    policy,
    deadlines: clockStatuses(state.awareAt, state.clocks ?? policy.clocks, now, state.milestones),
    recommendation: assessment.conclusion,
  };
};
