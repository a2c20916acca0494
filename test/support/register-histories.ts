import { assessBreach } from '../../functions/domain/assessment';
import type { DecisionStep, NotificationPlan } from '../../functions/domain/decisions';
import type { NewEvent } from '../../functions/domain/events';
import { PRESETS, type PresetId } from '../../functions/domain/presets';
import type { BreachReportInput } from '../../functions/domain/report';
import { aReport } from './reports';

/**
 * Realistic breach histories for the register and verification tests: the events a breach collects when people take
 * the steps through the API, from the report to closure. Each history names its awareness time, so a test can
 * reason about the 72 h clock.
 */

const HOUR_MS = 3_600_000;
export const hoursAfter = (iso: string, hours: number): string =>
  new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();

export const DPO = { name: 'Dana Protection', role: 'Data Protection Officer' };
export const HEAD = { name: 'Harriet Head', role: 'Headteacher' };

const reported = (awareAt: string, preset: PresetId, overrides: Partial<BreachReportInput> = {}) => {
  const report = aReport(
    { ...overrides, awareAt, occurred: { kind: 'at', at: hoursAfter(awareAt, -1) } },
    new Date(hoursAfter(awareAt, 2)),
  );
  const event: NewEvent<'reported'> = {
    type: 'reported',
    at: hoursAfter(awareAt, 1),
    actor: { kind: 'api-client', organisationId: 'org-1' },
    data: { report, channel: 'api', requestHash: 'a'.repeat(64), policyPreset: preset, clocks: PRESETS[preset].clocks },
  };
  const assessed: NewEvent<'assessment-computed'> = {
    type: 'assessment-computed',
    at: hoursAfter(awareAt, 2),
    actor: { kind: 'system', component: 'assess' },
    data: { assessment: assessBreach(report, PRESETS[preset]) },
  };
  return [event, assessed];
};

const decision = (step: DecisionStep, at: string, decision: unknown, plan?: NotificationPlan): NewEvent =>
  ({
    type: 'decision-taken',
    at,
    actor: { kind: 'person', ...DPO },
    data: { step, decision, via: 'api', ...(plan ? { plan } : {}) },
  }) as NewEvent;

const closing = (awareAt: string, afterHours: number): NewEvent[] => [
  decision('evaluate', hoursAfter(awareAt, afterHours), {
    decidedBy: DPO,
    rootCauses: ['Autocomplete of addresses'],
    lessons: 'Turn off autocomplete for external addresses.',
    recommendations: [],
  }),
  decision('close', hoursAfter(awareAt, afterHours + 1), { decidedBy: DPO, recommendationsCompleted: true }),
  {
    type: 'closed',
    at: hoursAfter(awareAt, afterHours + 1),
    actor: { kind: 'system', component: 'close-case' },
    data: {},
  },
];

/** Reported to the authority 24 h after its 72 h clock ran out, with the reasons; people told by e-mail; closed. */
export const lateReportedHistory = (awareAt: string): NewEvent[] => [
  ...reported(awareAt, 'generic', { approximateSubjects: 40, dataCategories: ['basic-identifiers', 'health'] }),
  decision(
    'decide',
    hoursAfter(awareAt, 30),
    {
      decidedBy: DPO,
      conclusion: 'authority-and-subjects',
      rationale: 'Health data of forty people went to an unknown recipient; the risk to them is high.',
    },
    { authority: true, subjects: true, controller: false, otherParties: false },
  ),
  decision('notify-authority', hoursAfter(awareAt, 96), {
    decidedBy: DPO,
    channel: 'ico-online-form',
    phase: 'initial',
    submittedAt: hoursAfter(awareAt, 96),
    reference: 'ICO-0001',
    delayReason: 'The recipient only confirmed on day four which records were in the attachment.',
  }),
  decision('notify-subjects', hoursAfter(awareAt, 100), {
    decidedBy: DPO,
    method: 'email',
    notifiedAt: hoursAfter(awareAt, 100),
    count: 40,
  }),
  ...closing(awareAt, 200),
];

/** Not reported: the school decided no notification is due, with its rationale and evidence; still open. */
export const unreportedHistory = (awareAt: string): NewEvent[] => [
  ...reported(awareAt, 'school', { recipient: 'trusted', approximateSubjects: 3 }),
  decision(
    'decide',
    hoursAfter(awareAt, 20),
    {
      decidedBy: HEAD,
      conclusion: 'no-notification',
      rationale: 'The only recipient is a governor bound by confidentiality who deleted the e-mail at once.',
      evidence: 'Written confirmation of deletion from the governor, 10:42.',
      severityLevel: 1,
    },
    { authority: false, subjects: false, controller: false, otherParties: false },
  ),
];

/** As processor: the controller was told by phone within the hour; the controller decides about the authority. */
export const processorHistory = (awareAt: string): NewEvent[] => [
  ...reported(awareAt, 'generic-processor', {
    organisationRole: { role: 'processor', controller: { name: 'Acme Schools Trust', email: 'dpo@acme.example' } },
  }),
  decision(
    'decide',
    hoursAfter(awareAt, 3),
    {
      decidedBy: DPO,
      conclusion: 'authority-only',
      rationale: 'As processor we tell the controller, who decides whether to report to the authority.',
    },
    { authority: false, subjects: false, controller: true, otherParties: false },
  ),
  decision('notify-controller', hoursAfter(awareAt, 4), {
    decidedBy: DPO,
    notifiedAt: hoursAfter(awareAt, 4),
    channel: 'phone',
    controllerContact: 'Acme DPO',
    summary: 'Told the controller what happened and what data was involved.',
  }),
];

/** Reported in time; the authority's acknowledgement recorded; people not told under an Art. 34(3) exemption. */
export const inTimeHistory = (awareAt: string): NewEvent[] => [
  ...reported(awareAt, 'rcot'),
  decision(
    'decide',
    hoursAfter(awareAt, 10),
    {
      decidedBy: DPO,
      signedOffBy: { name: 'Sam Senior', role: 'Chief Executive' },
      conclusion: 'authority-only',
      rationale: 'Staff names only, but to an untrusted recipient: we report, the risk to people is not high.',
      subjectExemption: {
        ground: 'subsequent-measures',
        explanation: 'The recipient deleted the data under a signed undertaking.',
      },
    },
    { authority: true, subjects: false, controller: false, otherParties: false },
  ),
  decision('notify-authority', hoursAfter(awareAt, 40), {
    decidedBy: DPO,
    channel: 'ico-online-form',
    phase: 'initial',
    submittedAt: hoursAfter(awareAt, 40),
    reference: '=HYPERLINK("http://evil.example")',
    acknowledgement: { receivedAt: hoursAfter(awareAt, 41) },
  }),
];
