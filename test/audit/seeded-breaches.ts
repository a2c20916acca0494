import type { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import type { Assessment } from '../../functions/domain/assessment';
import type { DecisionData, DecisionStep, NotificationPlan } from '../../functions/domain/decisions';
import type { NewEvent } from '../../functions/domain/events';
import { type Clock, DEFAULT_CLOCKS } from '../../functions/domain/policy';
import type { BreachReport } from '../../functions/domain/report';
import { aReport } from '../support/event-fixtures';

/**
 * Four breaches whose logs hold what the auditors' queries must find, appended through the real repository:
 * - LATE: a controller told the ICO 24 h after its 72 h deadline, with the reasons; subjects exempt (encrypted data);
 * - UNREPORTED: a care home decided not to report, with its evidence, signed off;
 * - PROCESSOR: a processor under a 24 h clock told its controller 6 h late;
 * - PHASED: awareness amended 2 h earlier, an initial report on time, a follow-up after the deadline, subjects told
 *   in two batches;
 * - OVERDUE: assessed, never decided, its 72 h long past: late although nothing was reported;
 * - UNSENT: decided to report to the authority, never reported: late as well;
 * - EMAILED: reported on time, the people told by e-mail through the fan-out (two runs), with a notice offset of
 *   +02:00 that every output gives in UTC.
 */

export const LATE = 'BR-LATE-0001';
export const UNREPORTED = 'BR-UNREP-0002';
export const PROCESSOR = 'BR-PROC-0003';
export const PHASED = 'BR-PHASE-0004';
export const OVERDUE = 'BR-OVER-0005';
export const UNSENT = 'BR-UNSENT-0006';
export const EMAILED = 'BR-MAIL-0007';

const dpo = { name: 'Alex Privacy', role: 'Data Protection Officer' };
const manager = { name: 'Morgan Manager', role: 'Registered Manager' };
const director = { name: 'Robin Director', role: 'Director of Operations' };

const reported = (report: BreachReport, at: string, preset: string, clocks: Clock[]): NewEvent<'reported'> => ({
  type: 'reported',
  at,
  actor: { kind: 'api-client', organisationId: 'ignored' },
  data: { report, channel: 'api', requestHash: 'b'.repeat(64), policyPreset: preset, clocks },
});

const assessed = (at: string, conclusion: Assessment['conclusion']): NewEvent<'assessment-computed'> => ({
  type: 'assessment-computed',
  at,
  actor: { kind: 'system', component: 'assess' },
  // The queries read the conclusion only; the rest of an assessment is the domain's business.
  data: { assessment: { method: 'enisa-2013', conclusion, rationale: 'computed' } as unknown as Assessment },
});

const decided = <S extends DecisionStep>(
  step: S,
  at: string,
  decision: DecisionData[S],
  plan?: NotificationPlan,
): NewEvent<'decision-taken'> => ({
  type: 'decision-taken',
  at,
  // Taken in the console by the signed-in person, as every decision by a person is now.
  actor: {
    kind: 'person',
    name: decision.decidedBy.name,
    role: decision.decidedBy.role,
    userId: `usr_${decision.decidedBy.name.toLowerCase().replace(/[^a-z]+/g, '-')}`,
  },
  data: { step, decision, via: 'console', ...(plan ? { plan } : {}) } as NewEvent<'decision-taken'>['data'],
});

const closed = (at: string): NewEvent<'closed'> => ({
  type: 'closed',
  at,
  actor: { kind: 'system', component: 'close-case' },
  data: {},
});

const plan = (authority: boolean, subjects: boolean, controller = false): NotificationPlan => ({
  authority,
  subjects,
  controller,
  otherParties: false,
});

async function seed(
  breaches: DynamoBreachRepository,
  breachId: string,
  organisationId: string,
  first: NewEvent<'reported'>,
  rest: NewEvent[],
): Promise<void> {
  await breaches.create(breachId, organisationId, first);
  for (const event of rest) await breaches.append(breachId, event);
}

export async function seedBreaches(breaches: DynamoBreachRepository): Promise<void> {
  const clocks = [...DEFAULT_CLOCKS];
  await seed(
    breaches,
    LATE,
    'org-generic',
    reported(aReport({ awareAt: '2025-03-03T09:00:00Z' }), '2025-03-03T09:15:00Z', 'generic', clocks),
    [
      decided('contain', '2025-03-03T12:30:00Z', {
        decidedBy: dpo,
        contained: true,
        measures: 'Recipient confirmed deletion',
        containedAt: '2025-03-03T12:00:00Z',
      }),
      assessed('2025-03-03T13:00:00Z', 'authority-only'),
      decided(
        'decide',
        '2025-03-05T10:00:00Z',
        {
          decidedBy: dpo,
          conclusion: 'authority-only',
          rationale: 'Names and addresses of 28 pupils reached one parent; the risk is real but not high.',
          subjectExemption: { ground: 'data-unintelligible', explanation: 'The attachment was encrypted.' },
        },
        plan(true, false),
      ),
      decided('notify-authority', '2025-03-07T09:30:00Z', {
        decidedBy: dpo,
        channel: 'ico-online-form',
        phase: 'initial',
        submittedAt: '2025-03-07T09:00:00+00:00',
        reference: 'ICO-111',
        delayReason: 'The forensic review of the mail server took four days.',
      }),
      closed('2025-03-20T09:00:00Z'),
    ],
  );

  await seed(
    breaches,
    UNREPORTED,
    'org-elite-care',
    reported(aReport({ awareAt: '2025-04-01T10:00:00+01:00' }), '2025-04-01T09:30:00Z', 'elite-care', clocks),
    [
      assessed('2025-04-01T11:00:00Z', 'no-notification'),
      decided(
        'decide',
        '2025-04-02T09:00:00Z',
        {
          decidedBy: manager,
          conclusion: 'no-notification',
          rationale: 'The letter reached another resident’s family, who returned it unopened the same day.',
          evidence: 'Signed statement of the family; sealed envelope photographed.',
          signedOffBy: director,
          police: { report: false, reason: 'No criminal act.' },
        },
        plan(false, false),
      ),
    ],
  );

  await seed(
    breaches,
    PROCESSOR,
    'org-processor',
    reported(
      aReport({
        awareAt: '2025-05-10T06:00:00Z',
        organisationRole: { role: 'processor', controller: { name: 'Acme Controller Ltd', email: 'dpo@acme.example' } },
      } as Partial<BreachReport>),
      '2025-05-10T06:10:00Z',
      'generic-processor',
      // The authority clock first, at 24 h: the view must find it wherever it sits in the list.
      [{ id: 'authority', label: 'Controller told', hours: 24, warnBeforeHours: [6] }, ...clocks.slice(0, 2)],
    ),
    [
      assessed('2025-05-10T07:00:00Z', 'authority-only'),
      decided(
        'decide',
        '2025-05-10T20:00:00Z',
        {
          decidedBy: dpo,
          conclusion: 'authority-only',
          rationale: 'As processor we tell the controller, who decides on the authority and the people affected.',
        },
        plan(false, false, true),
      ),
      decided('notify-controller', '2025-05-11T12:05:00Z', {
        decidedBy: dpo,
        notifiedAt: '2025-05-11T12:00:00Z',
        channel: 'phone',
        controllerContact: 'Acme DPO',
        summary: 'Backup tape lost in transit.',
      }),
    ],
  );

  await seed(
    breaches,
    PHASED,
    'org-rcot',
    reported(aReport({ awareAt: '2025-06-01T10:00:00Z' }), '2025-06-01T10:30:00Z', 'rcot', clocks),
    [
      {
        type: 'fact-amended',
        at: '2025-06-01T15:00:00Z',
        actor: { kind: 'person', ...dpo },
        data: { changes: { awareAt: '2025-06-01T08:00:00Z' }, reason: 'The member told reception at 08:00.' },
      },
      assessed('2025-06-01T16:00:00Z', 'authority-and-subjects'),
      decided(
        'decide',
        '2025-06-02T08:00:00Z',
        {
          decidedBy: dpo,
          conclusion: 'authority-and-subjects',
          rationale: 'Health data of members in a public spreadsheet: high risk to them.',
          signedOffBy: director,
        },
        plan(true, true),
      ),
      decided('notify-authority', '2025-06-03T08:10:00Z', {
        decidedBy: dpo,
        channel: 'ico-online-form',
        phase: 'initial',
        submittedAt: '2025-06-03T08:00:00Z',
        acknowledgement: { receivedAt: '2025-06-03T09:00:00Z', reference: 'ICO-222' },
      }),
      decided('notify-subjects', '2025-06-04T10:00:00Z', {
        decidedBy: dpo,
        method: 'email',
        notifiedAt: '2025-06-04T10:00:00Z',
        count: 120,
      }),
      decided('notify-authority', '2025-06-05T12:10:00Z', {
        decidedBy: dpo,
        channel: 'email',
        phase: 'follow-up',
        submittedAt: '2025-06-05T12:00:00Z',
        reference: 'ICO-222',
      }),
      decided('notify-subjects', '2025-06-06T10:00:00Z', {
        decidedBy: dpo,
        method: 'letter',
        notifiedAt: '2025-06-06T10:00:00Z',
        count: 5,
      }),
      closed('2025-07-01T08:00:00Z'),
    ],
  );

  await seed(
    breaches,
    OVERDUE,
    'org-rcot',
    reported(aReport({ awareAt: '2025-08-01T09:00:00Z' }), '2025-08-01T09:10:00Z', 'rcot', clocks),
    [assessed('2025-08-01T10:00:00Z', 'authority-only')],
  );

  await seed(
    breaches,
    UNSENT,
    'org-generic',
    reported(aReport({ awareAt: '2025-08-02T09:00:00+02:00' }), '2025-08-02T08:00:00Z', 'generic', clocks),
    [
      assessed('2025-08-02T09:00:00Z', 'authority-only'),
      decided(
        'decide',
        '2025-08-02T12:00:00Z',
        {
          decidedBy: dpo,
          conclusion: 'authority-only',
          rationale: 'Staff payroll sent to the wrong branch: a risk to them, not a high one.',
        },
        plan(true, false),
      ),
    ],
  );

  await seed(
    breaches,
    EMAILED,
    'org-school',
    reported(aReport({ awareAt: '2025-09-01T08:00:00Z' }), '2025-09-01T08:30:00Z', 'school', clocks),
    [
      assessed('2025-09-01T09:00:00Z', 'authority-and-subjects'),
      decided(
        'decide',
        '2025-09-01T12:00:00Z',
        {
          decidedBy: dpo,
          conclusion: 'authority-and-subjects',
          rationale: 'Safeguarding notes about pupils reached another parent: a high risk to the children.',
        },
        plan(true, true),
      ),
      decided('notify-authority', '2025-09-02T10:10:00Z', {
        decidedBy: dpo,
        channel: 'ico-online-form',
        phase: 'initial',
        submittedAt: '2025-09-02T12:00:00+02:00',
      }),
      decided('notify-subjects', '2025-09-02T11:00:00Z', { decidedBy: dpo, method: 'email' }),
      {
        type: 'subject-notices-sent',
        at: '2025-09-02T13:00:00+02:00',
        actor: { kind: 'system', component: 'subject-notices' },
        data: { sent: 30, failed: 0, deferred: 4, remaining: 4, unconfirmed: 0 },
      },
      {
        type: 'subject-notices-sent',
        at: '2025-09-02T11:05:00Z',
        actor: { kind: 'system', component: 'subject-notices' },
        data: { sent: 4, failed: 0, deferred: 0, remaining: 0, unconfirmed: 0 },
      },
    ],
  );
}
