import type { ActionSource } from './events';
import type { OrganisationPolicy } from './policy';

/**
 * Who may close a tracked action, as each procedure names them. Until people sign in with roles, the person closing
 * states their role and it is matched here; the record keeps who they said they were.
 */
export interface ActionCloser {
  /** Named in the refusal: "only <title> can ...". */
  title: string;
  roles: RegExp;
  /** Where the procedure says so. */
  source: string;
}

const DPO: ActionCloser = {
  title: 'the data protection officer',
  roles: /\b(dpo|data protection officer|deputy dpo)\b/i,
  source:
    'Elite Care Homes, Further Action: the final report with its recommendations is prepared by the DPO; RCOT 4: the DPO handles breaches; generic procedure: the DPO is the contact point.',
};

const SCHOOL_SIRO: ActionCloser = {
  title: 'the senior information risk owner (DSIRO or DDSIRO)',
  roles: /\b(d?dsiro|(deputy )?senior information risk owner)\b/i,
  source:
    "St Clare's RC Primary School, 8. Closure: 'The incident should be closed only when all recommended actions have been completed to the satisfaction of the relevant DSIRO or DDSIRO.'",
};

const SCHOOL_SLT: ActionCloser = {
  title: 'a member of the Senior Leadership Team',
  roles: /\b(slt|senior leadership( team)?|head ?teacher|headteacher|deputy head)\b/i,
  source:
    "St Clare's RC Primary School, 8. Closure: 'If a decision is made not to implement the recommendation, this must be supported by an appropriate rationale which should be agreed with the relevant SLT member.'",
};

/** Who may close this action with this outcome under this policy. */
export function actionCloserFor(
  policy: Pick<OrganisationPolicy, 'duties'>,
  source: ActionSource,
  outcome: 'complete' | 'accepted',
): ActionCloser {
  if (!policy.duties.includes('closure-after-authority-actions')) return DPO;
  return source === 'authority' && outcome === 'accepted' ? SCHOOL_SLT : SCHOOL_SIRO;
}
