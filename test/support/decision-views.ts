import { assessBreach } from '../../functions/domain/assessment';
import type { DecisionStep, FieldProblem } from '../../functions/domain/decisions';
import type { OrganisationPolicy } from '../../functions/domain/policy';
import { type PolicyOverrides, type PresetId, presetPolicy } from '../../functions/domain/presets';
import type { BreachReport } from '../../functions/domain/report';
import type { Session } from '../../functions/domain/sessions';
import type { BreachState } from '../../functions/domain/state';
import { renderStepPage } from '../../functions/pages/console-pages';
import {
  DECISION_FORMS,
  type FormReading,
  formErrors,
  formToDecision,
  type PlacedField,
  placeFields,
} from '../../functions/pages/decision-forms';
import { NO_ERRORS } from '../../functions/pages/forms';
import { aReport } from './event-fixtures';

/** A breach waiting for a step, built in memory, and its step's form as the console renders it, for rendering tests. */

export const VIEW_NOW = new Date('2025-03-03T12:00:00Z');
export const BREACH_ID = 'BR-7K3M-9QXD-2F8A-1C4T';

export interface ViewOptions {
  preset?: PresetId;
  overrides?: PolicyOverrides;
  policy?: OrganisationPolicy;
  report?: Partial<BreachReport>;
  state?: Partial<BreachState>;
}

export interface DecisionView {
  step: DecisionStep;
  state: BreachState;
  policy: OrganisationPolicy;
  organisationName: string;
}

export const aDecisionView = (step: DecisionStep, options: ViewOptions = {}): DecisionView => {
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
  return { organisationName: 'St Clare’s', step, state, policy };
};

export const A_SESSION: Session = {
  tokenHash: 'd'.repeat(64),
  userId: 'user-dpo',
  organisationId: 'org-1',
  name: 'Dana Protection',
  email: 'dpo@example.org',
  roles: ['dpo'],
  createdAt: '2025-03-03T11:00:00Z',
  lastSeenAt: '2025-03-03T11:00:00Z',
  endsAt: '2025-03-03T19:00:00Z',
};

export interface StepFormOptions {
  values?: URLSearchParams;
  reading?: FormReading;
  problems?: readonly FieldProblem[];
  csrfToken?: string;
  assetsPath?: string;
  /** Which of the step's fields are on the form. @default every field the form engine places */
  place?: (placed: PlacedField[]) => PlacedField[];
}

/** The step's form page as the console renders it (renderStepPage), problems placed as the console places them. */
export const renderStepForm = (view: DecisionView, options: StepFormOptions = {}): string => {
  const values = options.values ?? new URLSearchParams();
  const ctx = { policy: view.policy, state: view.state };
  const placed = (options.place ?? ((all) => all))(placeFields(view.step, ctx, values));
  const reading = options.reading ?? formToDecision(view.step, values, { timeZone: view.policy.timeZone });
  const errors =
    options.problems || options.reading
      ? formErrors(view.step, placed, values, reading, options.problems ?? [])
      : NO_ERRORS;
  return renderStepPage({
    base: '/v1/console',
    assetsPath: options.assetsPath ?? '/v1/assets',
    session: A_SESSION,
    csrfToken: options.csrfToken ?? 'the-token',
    organisationName: view.organisationName,
    policy: view.policy,
    now: VIEW_NOW,
    state: view.state,
    step: view.step,
    placed,
    values,
    errors,
    ctx,
    submit: DECISION_FORMS[view.step].submit,
    actingAs: 'Data Protection Officer',
  });
};

/** The page without the signed-in bar, whose sign-out form would otherwise be the first form on it. */
export const mainOf = (page: string): string => page.slice(page.indexOf('<main'));
