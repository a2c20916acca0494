import type { DecisionStep } from './decisions';
import type { OrganisationPolicy } from './policy';
import type { BreachReport } from './report';

/**
 * The roles a person holds in their organisation, and what each lets them do. Roles belong to Breachdesk's user
 * directory, never to the identity provider: Cognito, Entra ID, Google or the local provider only say who someone is.
 *
 * Who may take a step is the organisation's policy, as data with its source beside it: by default the DPO or their
 * deputy; RCOT's conclusions are signed off by senior management; at St Clare's a breach caused by the head is
 * decided by the governors.
 */

export const ROLES = [
  'reporter',
  'dpo',
  'deputy-dpo',
  'slt',
  'governors',
  'senior-management',
  'board',
  'siro',
  'auditor',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  reporter: 'Reporter',
  dpo: 'Data protection officer',
  'deputy-dpo': 'Deputy data protection officer',
  slt: 'Senior leadership team',
  governors: 'Governors',
  'senior-management': 'Senior management',
  board: 'Board',
  siro: 'Senior information risk owner',
  auditor: 'Auditor (read only)',
  administrator: 'Administrator',
};

export const isRole = (value: unknown): value is Role => typeof value === 'string' && ROLES.includes(value as Role);

/** What a role may do in the console. Every action is refused unless a role here grants it. */
export const ACTIONS = ['report', 'view-cases', 'decide', 'change-cases', 'administer'] as const;
export type Action = (typeof ACTIONS)[number];

// `change-cases`: record what happens on an open case after its first decision (the authority's outcome, actions,
// other parties…); who may close an action or revise the decision is narrower still (action-closers.ts, stepAuthority).
const GRANTS: Record<Role, readonly Action[]> = {
  // A member of staff reports; the cases themselves are for those who handle them.
  reporter: ['report'],
  dpo: ['report', 'view-cases', 'decide', 'change-cases'],
  'deputy-dpo': ['report', 'view-cases', 'decide', 'change-cases'],
  slt: ['report', 'view-cases', 'decide', 'change-cases'],
  governors: ['view-cases', 'decide', 'change-cases'],
  'senior-management': ['report', 'view-cases', 'decide', 'change-cases'],
  board: ['view-cases', 'decide', 'change-cases'],
  // The school's DSIRO: "closed only when all recommended actions have been completed to the satisfaction of the
  // relevant DSIRO" (St Clare's 8. Closure): sees the cases and confirms their actions complete.
  siro: ['report', 'view-cases', 'change-cases'],
  // Read only: sees every case and the register, writes nothing.
  auditor: ['view-cases'],
  administrator: ['administer'],
};

export const can = (roles: readonly Role[], action: Action): boolean =>
  roles.some((role) => GRANTS[role].includes(action));

/** Who may take a step of one breach, and the rule that says so. */
export interface StepAuthority {
  roles: readonly Role[];
  /** The rule, with its source, in words for the person who is refused. */
  rule: string;
}

const DPO_OR_DEPUTY: StepAuthority = {
  roles: ['dpo', 'deputy-dpo'],
  rule: 'Steps of the procedure are taken by the data protection officer or their deputy.',
};

/**
 * Who may take `step` of a breach under `policy`:
 * - RCOT (duty `senior-management-sign-off`): "The conclusion … must be signed off by senior management" (RCOT
 *   Personal Data Breach Procedure, Assessment) — the decision on notification is theirs.
 * - St Clare's (an escalation contact for `head-responsible`): "breaches by the head teacher are escalated to the
 *   governors" (St Clare's Data Breach Policy, Escalation) — when the report says the head is responsible, the
 *   decision on notification is the governors'.
 * - Otherwise the DPO or their deputy (UK GDPR Art. 38–39: the DPO is involved in every data protection matter).
 */
export const stepAuthority = (
  step: DecisionStep,
  policy: Pick<OrganisationPolicy, 'duties' | 'escalation'>,
  report: Pick<BreachReport, 'responsibleRole'>,
): StepAuthority => {
  if (step !== 'decide') return DPO_OR_DEPUTY;
  const headContact = policy.escalation.find((contact) => contact.when === 'head-responsible');
  if (headContact && report.responsibleRole === 'head') {
    return {
      // The contact's group names the body ('governors' in the school preset).
      roles: [isRole(headContact.group) ? headContact.group : 'governors'],
      rule: 'Your policy says a breach caused by the head is decided by the governors.',
    };
  }
  if (policy.duties.includes('senior-management-sign-off')) {
    return {
      roles: ['senior-management'],
      rule: 'Your policy says the decision on notification is signed off by senior management.',
    };
  }
  return DPO_OR_DEPUTY;
};

/** Whether someone holding `roles` may take the step. */
export const mayTakeStep = (roles: readonly Role[], authority: StepAuthority): boolean =>
  can(roles, 'decide') && roles.some((role) => authority.roles.includes(role));

/** The role a person acts in for a step: the first of theirs the step's authority names. */
export const actingRole = (roles: readonly Role[], authority: StepAuthority): Role | undefined =>
  authority.roles.find((role) => roles.includes(role));
