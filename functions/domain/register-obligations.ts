import { breachObligations, obligationCaseOf, primaryObligation } from './breach-obligations';
import type { OrganisationPolicy } from './policy';
import type { BreachState } from './state';

/**
 * Each obligation of a breach as the register shows it (Art. 33(5) with many regimes): to whom under which law, each
 * stage with its deadline, when it was sent, and whether it was met, late or is still open — and, when late, the
 * reasons given.
 *
 * What counts as sent: for the data protection authority of the main establishment, the report recorded at the
 * notify-authority step (its reasons for delay are Art. 33(1)'s); for the people affected, the notify-subjects step
 * that told them; for every other stage, `POST /breaches/{id}/obligation-stages` (with its own reasons for delay).
 */

export interface RegisterObligation {
  /** `<obligation id>/<stage id>`. */
  key: string;
  law: string;
  /** The authority's name, "the people affected", or what is still to be established to know the authority. */
  to: string;
  stage: string;
  dueAt: string;
  /** The law names no hours ("without undue delay"): the deadline is the product's aim. */
  aimOnly: boolean;
  sentAt?: string;
  /** `late`: sent after its deadline, or not sent and past it. */
  status: 'met' | 'late' | 'open';
  /** Hours after the deadline, to one decimal: when sent, or (not sent) as the register is drawn up. */
  hoursLate?: number;
  lateReason?: string;
}

const roundHours = (ms: number): number => Math.round((ms / 3_600_000) * 10) / 10;

export function registerObligations(
  state: BreachState,
  policy: Pick<OrganisationPolicy, 'jurisdiction'>,
  now: Date,
): RegisterObligation[] {
  const obligations = breachObligations(obligationCaseOf(state), policy);
  const primary = primaryObligation(obligations, policy);
  const authorityReport = state.decisions['notify-authority']?.data;
  const told = state.decisions['notify-subjects'];
  const toldAt = told && told.data.method !== 'not-told' ? (told.data.notifiedAt ?? told.at) : undefined;

  return obligations.flatMap((obligation) =>
    obligation.stages.map((stage, index) => {
      const isPrimary = obligation.id === primary?.id && index === 0;
      const isPeople = obligation.recipient === 'people' && index === 0;
      const sentAt = isPrimary
        ? (state.milestones.authority ?? state.obligationsSent?.[stage.key])
        : isPeople
          ? (toldAt ?? state.obligationsSent?.[stage.key])
          : state.obligationsSent?.[stage.key];
      const reason = isPrimary ? authorityReport?.delayReason : state.obligationDelayReasons?.[stage.key];
      const due = Date.parse(stage.dueAt);
      const lateBy = (sentAt ? Date.parse(sentAt) : now.getTime()) - due;
      const late = !stage.aimOnly && lateBy > 0;
      return {
        key: stage.key,
        law: obligation.law,
        to:
          obligation.authority?.name ??
          (obligation.recipient === 'people' ? 'the people affected' : (obligation.toConfirm ?? 'to be established')),
        stage: stage.label,
        dueAt: stage.dueAt,
        aimOnly: stage.aimOnly,
        ...(sentAt ? { sentAt } : {}),
        status: late ? 'late' : sentAt ? 'met' : 'open',
        ...(late ? { hoursLate: roundHours(lateBy) } : {}),
        ...(late && reason ? { lateReason: reason } : {}),
      } satisfies RegisterObligation;
    }),
  );
}
