import type { Conclusion, Impact, Likelihood, RiskLevel } from './assessment';
import type { Person } from './decisions';
import type { BreachState } from './state';

/**
 * The risk as the record stands: what a named person decided, or, before anyone has, what the system recommends
 * (marked as such). Every document — the authority report, the notices and letters, the public notice, the register
 * and the board report — takes the risk, the conclusion and the reasons from here, so none of them can say
 * "harm is remote" once the DPO has decided the risk is high.
 *
 * The conclusion carries the risk by law: Art. 33(1) spares the authority a report only when the breach is "unlikely
 * to result in a risk", and Art. 34(1) asks people to be told when it is "likely to result in a high risk". So
 * `authority-and-subjects` is a high risk, `authority-only` a risk that is not high (or a high one where an Art. 34(3)
 * exemption is relied on), and `no-notification` unlikely to result in a risk. Telling people voluntarily changes
 * none of that: it is a choice of its own (`informSubjectsVoluntarily`), not a claim that the risk is high.
 */

export interface DecidedRisk {
  /** `decision`: a person decided. `recommendation`: nobody has yet; documents built now are drafts. */
  source: 'decision' | 'recommendation';
  level: RiskLevel;
  conclusion: Conclusion;
  /** The decision's rationale, or the recommendation's. */
  reasons: string;
  /**
   * How likely harm is and how bad it would be. The assessment's own figures while the decision agrees with its risk
   * level; when a person decided another level, the figures that level implies, not the machine's.
   */
  likelihood: Likelihood;
  severity: Impact;
  /** People are told although the law does not require it. */
  voluntary: boolean;
  decidedBy?: Person;
  decidedAt?: string;
  signedOffBy?: Person;
  /**
   * For the record only (register, board report, audit): where the decision departs from the system's recommendation
   * and why. Never printed in anything sent to the people affected.
   */
  departure?: { recommended: Conclusion; recommendedLevel: RiskLevel; reason: string };
}

export const riskOfConclusion = (conclusion: Conclusion, exemptionRelied: boolean): RiskLevel =>
  conclusion === 'authority-and-subjects'
    ? 'high-risk'
    : conclusion === 'authority-only'
      ? exemptionRelied
        ? 'high-risk'
        : 'risk'
      : 'no-risk';

/** What a level implies when a person decided a level other than the machine's. */
const IMPLIED: Record<RiskLevel, { likelihood: Likelihood; severity: Impact }> = {
  'no-risk': { likelihood: 'remote', severity: 'minimal' },
  risk: { likelihood: 'possible', severity: 'significant' },
  'high-risk': { likelihood: 'likely', severity: 'severe' },
};

type RiskRecord = Pick<BreachState, 'assessment' | 'decisions'>;

/** The decided risk, else the recommended one; undefined before the breach is assessed or decided. */
export function decidedRisk(state: RiskRecord): DecidedRisk | undefined {
  const decision = state.decisions.decide;
  const { assessment } = state;
  if (!decision) {
    if (!assessment) return undefined;
    return {
      source: 'recommendation',
      level: assessment.risk.level,
      conclusion: assessment.conclusion,
      reasons: assessment.rationale,
      likelihood: assessment.risk.likelihood,
      severity: assessment.risk.severity,
      voluntary: false,
    };
  }
  const d = decision.data;
  const level = riskOfConclusion(d.conclusion, d.subjectExemption !== undefined);
  const figures =
    assessment && assessment.risk.level === level
      ? { likelihood: assessment.risk.likelihood, severity: assessment.risk.severity }
      : IMPLIED[level];
  const departs = assessment !== undefined && assessment.conclusion !== d.conclusion;
  return {
    source: 'decision',
    level,
    conclusion: d.conclusion,
    reasons: d.rationale,
    ...figures,
    voluntary: d.informSubjectsVoluntarily === true && d.conclusion !== 'authority-and-subjects',
    decidedBy: d.decidedBy,
    decidedAt: decision.at,
    ...(d.signedOffBy ? { signedOffBy: d.signedOffBy } : {}),
    ...(departs
      ? {
          departure: {
            recommended: assessment.conclusion,
            recommendedLevel: assessment.risk.level,
            reason: d.departureReason ?? 'No reason recorded.',
          },
        }
      : {}),
  };
}
