import { assessBreach, type Conclusion, type RiskLevel } from './assessment';
import { loadCase } from './load-case';
import type { BreachRepository, OrganisationRepository } from './ports';

export interface AssessmentSummary {
  conclusion: Conclusion;
  riskLevel: RiskLevel;
  severityLevel: number;
}

/**
 * The Assess task: computes the recommendation from the facts as they stand after containment and records it once.
 * A repeat (Lambda retry, local replay) returns the recorded assessment: the recommendation a person decided on
 * must never change under them.
 */
export async function recordAssessment(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository; now: () => Date },
  breachId: string,
): Promise<AssessmentSummary> {
  const { state, policy } = await loadCase(deps, breachId);
  const assessment =
    state.assessment ??
    (
      await deps.breaches.appendOnce(breachId, 'assessment', {
        type: 'assessment-computed',
        at: deps.now().toISOString(),
        actor: { kind: 'system', component: 'assessment' },
        data: { assessment: assessBreach(state.report, policy) },
      })
    ).event.data.assessment;
  return {
    conclusion: assessment.conclusion,
    riskLevel: assessment.risk.level,
    severityLevel: assessment.severityLevel.level,
  };
}
