import { type Assessment, assessBreach } from './assessment';
import { buildRevisionRequestMail } from './mail/revision-request';
import type { OrganisationPolicy } from './policy';
import type { BreachRepository, Mailer } from './ports';
import { sendMailOnce } from './send-mail-once';
import type { BreachState } from './state';

export interface ReassessDeps {
  breaches: BreachRepository;
  mailer: Mailer;
  breachUrl: (breachId: string) => string;
  now: () => Date;
}

export interface Reassessment {
  assessment: Assessment;
  /** Whether the new conclusion differs from the one decided, so a revision is asked for. */
  revisionRequested: boolean;
}

/**
 * The assessment computed again from the facts as they stand (after containment and every amendment), after the
 * event `afterSeq` changed them.
 *
 * 1. Before the first assessment there is nothing to redo: the Assess task will read the amended facts.
 * 2. Record the new assessment, keyed by the event that prompted it, naming the conclusion it replaces.
 * 3. When a decision was taken and the new conclusion differs from it, record that a revision is requested and mail
 *    the DPO. The decision itself is never changed by the machine: a person revises it, or confirms it with reasons.
 *
 * Every write is keyed by `afterSeq`, so a retried call records and mails nothing twice.
 */
export async function reassess(
  deps: ReassessDeps,
  input: { state: BreachState; policy: OrganisationPolicy; afterSeq: number; why: string },
): Promise<Reassessment | undefined> {
  const { state, policy, afterSeq } = input;
  const previous = state.assessment;
  if (!previous) return undefined;
  const now = deps.now();
  const assessment = assessBreach(state.report, policy);
  const { event } = await deps.breaches.appendOnce(state.breachId, `reassessment:${afterSeq}`, {
    type: 'assessment-computed',
    at: now.toISOString(),
    actor: { kind: 'system', component: 'assessment' },
    data: { assessment, reassessment: { afterSeq, previousConclusion: previous.conclusion } },
  });
  const decided = state.decisions.decide?.data.conclusion;
  if (decided === undefined || decided === assessment.conclusion) return { assessment, revisionRequested: false };

  const { event: requested } = await deps.breaches.appendOnce(state.breachId, `revision-request:${afterSeq}`, {
    type: 'revision-requested',
    at: now.toISOString(),
    actor: { kind: 'system', component: 'assessment' },
    data: { assessmentSeq: event.seq, decidedConclusion: decided, recommendedConclusion: assessment.conclusion },
  });
  const mail = buildRevisionRequestMail({
    breachId: state.breachId,
    policy,
    decidedConclusion: decided,
    recommendedConclusion: assessment.conclusion,
    amendmentReason: input.why,
    breachUrl: deps.breachUrl(state.breachId),
    context: { responsibleRole: state.report.responsibleRole, riskLevel: assessment.risk.level },
  });
  const mailed = await deps.breaches.state(state.breachId);
  await sendMailOnce(deps, mailed ?? state, `revision-request:${requested.seq}`, mail, now);
  return { assessment, revisionRequested: true };
}
