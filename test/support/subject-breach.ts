import { assessBreach } from '../../functions/domain/assessment';
import type { DecisionData } from '../../functions/domain/decisions';
import type { BreachRepository, Organisation } from '../../functions/domain/ports';
import { PRESETS, type PresetId } from '../../functions/domain/presets';
import type { BreachReport } from '../../functions/domain/report';
import { aReport, aReportedEvent } from './event-fixtures';

/**
 * A breach that has reached the notify-subjects step, in any BreachRepository: reported, assessed, decided (tell the
 * people), and the notify-subjects decision taken as given. What the SendSubjectNotices task finds in the lifecycle.
 */

export const BREACH_ID = 'BR-7K3M-9QXD-2F8A-1C4E';

export const anOrganisationWithPolicy = (id: string, preset: PresetId = 'generic'): Organisation => ({
  id,
  name: `Riverside ${preset} services`,
  policy: structuredClone(PRESETS[preset]),
});

export const tellByEmail: DecisionData['notify-subjects'] = {
  decidedBy: { name: 'Dana Protection', role: 'DPO' },
  method: 'email',
};

export async function seedSubjectsBreach(
  breaches: BreachRepository,
  options: {
    organisation: Organisation;
    breachId?: string;
    report?: Partial<BreachReport>;
    notifySubjects?: DecisionData['notify-subjects'];
  },
): Promise<string> {
  const breachId = options.breachId ?? BREACH_ID;
  const report = aReport(options.report);
  const reported = aReportedEvent(report);
  await breaches.create(breachId, options.organisation.id, {
    ...reported,
    actor: { kind: 'api-client', organisationId: options.organisation.id },
  });
  await breaches.append(breachId, {
    type: 'assessment-computed',
    at: '2025-03-03T09:20:00Z',
    actor: { kind: 'system', component: 'assess' },
    data: { assessment: assessBreach(report, options.organisation.policy) },
  });
  if (options.notifySubjects) await decideNotifySubjects(breaches, breachId, options.notifySubjects);
  return breachId;
}

/** Records how the people are told; the list takes nobody more after it (add-subjects.ts), so upload before. */
export async function decideNotifySubjects(
  breaches: BreachRepository,
  breachId: string,
  decision: DecisionData['notify-subjects'],
): Promise<void> {
  await breaches.append(breachId, {
    type: 'decision-taken',
    at: '2025-03-03T12:00:00Z',
    actor: { kind: 'person', name: 'Dana Protection', role: 'DPO' },
    data: { step: 'notify-subjects', decision, via: 'api' },
  });
}
