import * as z from 'zod/mini';
import type { Factor } from './enisa';
import './zod-english';

/**
 * The policies' own questions, answered as facts of the breach (at intake, or by an amendment, which reassesses), and
 * what each answer does to the level the assessment recommends. Law as data: every rule cites the policy text.
 */

const answer = z.enum(['yes', 'no', 'unknown']);
type Answer = z.infer<typeof answer>;

/**
 * Elite Care Homes, "Levels of Seriousness": "When deciding whether a breach is sufficiently serious to be notified
 * to the ICO, the following points should be borne in mind".
 */
export const SERIOUSNESS_QUESTIONS = {
  highRiskToRights: 'Is there a high risk of it adversely affecting the rights of data subjects?',
  notificationEnablesMitigation: 'Would notification enable them or others on their behalf to take mitigating action?',
  notificationPreventsMisuse:
    'Would notification help to prevent the unauthorised or unlawful use of the data concerned?',
  contractualDuty: 'Does Elite Care Homes have a contractual duty to take such action?',
} as const;

/** St Clare's, Appendix 3 "Guidance on Determining Severity Level of Breach": "Does the data breach: …". */
export const SEVERITY_QUESTIONS = {
  threatToLifeOrSafety: 'Pose a threat to human life or safety?',
  distress: 'Cause distress or substantial distress to the privacy or well-being of one or many individual(s)?',
  regulatoryObligations:
    "Compromise the School's ability to meet its regulatory, statutory or contractual obligations?",
  businessContinuity: 'Pose a threat to business continuity in the School?',
  crimeOrInvestigation: 'Prejudice an investigation or facilitate the commission of crime?',
  thirdPartyDamage: 'Damage the commercial interests or, reputation of a third party organisation?',
  actualHarm: 'Have any individual(s) suffered actual harm?',
} as const;

const answersTo = <Q extends Record<string, string>>(questions: Q) =>
  z.partial(
    z.strictObject(
      Object.fromEntries(Object.keys(questions).map((key) => [key, answer])) as { [K in keyof Q]: typeof answer },
    ),
  );

export const seriousnessSchema = answersTo(SERIOUSNESS_QUESTIONS);
export const severityQuestionsSchema = answersTo(SEVERITY_QUESTIONS);
export type SeriousnessAnswers = Partial<Record<keyof typeof SERIOUSNESS_QUESTIONS, Answer>>;
export type SeverityAnswers = Partial<Record<keyof typeof SEVERITY_QUESTIONS, Answer>>;

/** A risk level the answers raise the assessment to at least, with the factor that says why. */
export interface Floor<L> {
  atLeast: L;
  reason: Factor;
}

/**
 * Elite Care's questions as floors on the risk (only where control of the data was lost: a breach that never left
 * the organisation's control stays unlikely to result in a risk whatever is answered).
 *
 * - "a high risk of it adversely affecting the rights of data subjects": yes → high risk (Art. 34 follows).
 * - Notification would enable mitigation, prevent misuse, or is a contractual duty: yes → at least a risk, so the
 *   recommendation is to notify the ICO (the policy's reasons for notifying).
 */
export function seriousnessFloor(answers: SeriousnessAnswers | undefined): Floor<'risk' | 'high-risk'> | undefined {
  if (!answers) return undefined;
  if (answers.highRiskToRights === 'yes') {
    return {
      atLeast: 'high-risk',
      reason: {
        factor: 'seriousness-high-risk-to-rights',
        effect: 'raises',
        explanation: `Answered yes to "${SERIOUSNESS_QUESTIONS.highRiskToRights}" (Elite Care, Levels of Seriousness).`,
      },
    };
  }
  const reasons = (['notificationEnablesMitigation', 'notificationPreventsMisuse', 'contractualDuty'] as const).filter(
    (key) => answers[key] === 'yes',
  );
  if (reasons.length === 0) return undefined;
  return {
    atLeast: 'risk',
    reason: {
      factor: 'seriousness-notification-warranted',
      effect: 'raises',
      explanation: `Answered yes to ${reasons.map((key) => `"${SERIOUSNESS_QUESTIONS[key]}"`).join(' and ')} (Elite Care, Levels of Seriousness): notifying the ICO serves a purpose.`,
    },
  };
}

/**
 * The school's Appendix 3 questions as floors on its severity level (0–4), where control was lost (level 0 is "No
 * loss of control" whatever is answered):
 *
 * - a threat to life or safety, or actual harm suffered → at least level 3 ("serious potential consequences");
 * - distress, a compromised obligation, business continuity, crime or an investigation prejudiced, damage to a third
 *   party → at least level 2 ("there is a risk of impact to the individual(s)").
 */
export function severityQuestionsFloor(answers: SeverityAnswers | undefined): Floor<2 | 3> | undefined {
  if (!answers) return undefined;
  const yes = (Object.keys(SEVERITY_QUESTIONS) as (keyof typeof SEVERITY_QUESTIONS)[]).filter(
    (key) => answers[key] === 'yes',
  );
  if (yes.length === 0) return undefined;
  const serious = yes.filter((key) => key === 'threatToLifeOrSafety' || key === 'actualHarm');
  const named = (serious.length > 0 ? serious : yes).map((key) => `"${SEVERITY_QUESTIONS[key]}"`).join(' and ');
  return {
    atLeast: serious.length > 0 ? 3 : 2,
    reason: {
      factor: serious.length > 0 ? 'appendix-3-serious-consequences' : 'appendix-3-risk-of-impact',
      effect: 'raises',
      explanation: `Answered yes to ${named} (St Clare's Appendix 3): at least level ${serious.length > 0 ? 3 : 2}.`,
    },
  };
}
