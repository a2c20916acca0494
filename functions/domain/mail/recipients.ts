import type { RiskLevel } from '../assessment';
import type { EscalationContact, OrganisationPolicy } from '../policy';
import type { BreachReport } from '../report';
import type { BreachState } from '../state';
import type { MailKind } from './message';

/**
 * Who receives each DPO mail: the DPO always, as the addressee; escalation contacts in copy when their rule applies,
 * so that a governor sees at a glance that the DPO holds the case and they are kept informed.
 */

/** Risk levels that count as high for the 'severity-high' rule: Art. 34's "high risk". */
export const HIGH_RISK_LEVELS: readonly RiskLevel[] = ['high-risk'];

export interface RecipientContext {
  /** Who caused the breach, by role: a breach by the head rests with the governors (school policy). */
  responsibleRole?: BreachReport['responsibleRole'];
  /** The assessment's risk level, once there is one; before the assessment the 'severity-high' rule cannot apply. */
  riskLevel?: RiskLevel;
  /** The severity level on the 0–4 scale (decided, else computed), once there is one: escalation by level. */
  severityLevel?: number;
}

/**
 * The context of a breach's mails: who caused it, the risk, and its severity level on the 0–4 scale (the level the
 * person decided, else the computed one; none on another scale).
 */
export const recipientContextOf = (
  state: Pick<BreachState, 'report' | 'assessment' | 'decisions'>,
): RecipientContext => {
  const computed = state.assessment?.severityLevel;
  const severityLevel =
    state.decisions.decide?.data.severityLevel ?? (computed?.scale === 'levels-0-4' ? computed.level : undefined);
  return {
    responsibleRole: state.report.responsibleRole,
    ...(state.assessment ? { riskLevel: state.assessment.risk.level } : {}),
    ...(severityLevel !== undefined ? { severityLevel } : {}),
  };
};

export interface Recipients {
  to: string[];
  cc: string[];
}

export const escalationApplies = (
  contact: Pick<EscalationContact, 'when' | 'severityLevels'>,
  kind: MailKind,
  context: RecipientContext,
): boolean => {
  if (
    contact.severityLevels !== undefined &&
    context.severityLevel !== undefined &&
    !contact.severityLevels.includes(context.severityLevel)
  ) {
    return false;
  }
  switch (contact.when) {
    case 'always':
      return true;
    case 'head-responsible':
      return context.responsibleRole === 'head';
    case 'severity-high':
      return context.riskLevel !== undefined && HIGH_RISK_LEVELS.includes(context.riskLevel);
    case 'deadline-missed':
      return kind === 'deadline-missed';
  }
};

const normalise = (address: string) => address.trim().toLowerCase();

export const recipientsFor = (
  kind: MailKind,
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation'>,
  context: RecipientContext = {},
): Recipients => {
  const to = [policy.dpo.email.trim()];
  const seen = new Set(to.map(normalise));
  const cc: string[] = [];
  for (const contact of policy.escalation) {
    // The policy schema requires an address for escalation contacts; one stored before that rule is skipped, not sent.
    const address = contact.email?.trim();
    if (!address || seen.has(normalise(address)) || !escalationApplies(contact, kind, context)) continue;
    seen.add(normalise(address));
    cc.push(address);
  }
  return { to, cc };
};
