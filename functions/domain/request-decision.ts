import { HOUR_MS } from './clocks';
import { consoleCaseUrl } from './console-links';
import { DecisionRequestUsedError, decisionLinkUrl, hashSecret, newDecisionSecret } from './decision-links';
import type { DecisionStep, NotificationPlan } from './decisions';
import { isEvent } from './events';
import { loadCase } from './load-case';
import { buildDecisionRequestMails, type DecisionRequestMailInput } from './mail/decision-request';
import { recipientContextOf } from './mail/recipients';
import { NOT_A_BREACH_OUTPUT } from './not-a-breach';
import { DEFAULT_DECISION_LINK_HOURS } from './policy';
import type {
  BreachRepository,
  DecisionRequest,
  DecisionRequestRepository,
  Mailer,
  OrganisationRepository,
  TaskCallbacks,
} from './ports';
import { stepAuthority } from './roles';
import { sendMailOnce } from './send-mail-once';
import type { BreachState } from './state';
import type { PeopleDirectory } from './users';
import { WORKFLOW_ERRORS } from './workflow-errors';

/** What a callback task completes with; `$.decision.plan.*` routes the Choice states after Decide. */
export interface DecisionOutput {
  step: DecisionStep;
  decidedAt: string;
  plan?: NotificationPlan;
}

export interface RequestDecisionInput {
  breachId: string;
  step: DecisionStep;
  /** `$$.Task.Token` of the waiting task. Never logged, never mailed. */
  taskToken: string;
}

export interface RequestDecisionResult {
  /**
   * completed-from-record: the decision was already taken, and the task was completed with it.
   * waiting: the link already in the decision maker's mailbox now completes this task.
   * requested: a new link was issued and mailed.
   */
  status: 'completed-from-record' | 'waiting' | 'requested';
}

export interface RequestDecisionDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  requests: DecisionRequestRepository;
  callbacks: TaskCallbacks;
  mailer: Mailer;
  /** Where decision links point, e.g. `https://breachdesk.example.org`. */
  publicBaseUrl: string;
  now: () => Date;
  /** The organisation's people: who decides the step, and whether the DPO is away. */
  people?: PeopleDirectory;
}

/** The step is `decide`, but the breach has no assessment: there is no recommendation to decide on yet. */
export class AssessmentMissingError extends Error {
  override readonly name = WORKFLOW_ERRORS.AssessmentMissing.name;
  constructor(readonly breachId: string) {
    super(`breach ${breachId}: the decide step needs the assessment first`);
  }
}

/**
 * Someone claimed the step's link a moment ago and their decision is being recorded: the task's Retry asks again
 * shortly, and then finds the decision and completes from it.
 */
export class DecisionInProgressError extends Error {
  override readonly name = WORKFLOW_ERRORS.DecisionInProgress.name;
  constructor(
    readonly breachId: string,
    readonly step: DecisionStep,
  ) {
    super(`breach ${breachId}: a ${step} decision is being recorded`);
  }
}

/**
 * How long after a claim a missing decision counts as still being written rather than lost to a crash. Taking a
 * decision is a handful of writes; a minute is far beyond it, and far below a task's retry horizon.
 */
const CLAIM_SETTLE_MS = 60_000;

const ACTOR = { kind: 'system', component: 'request-decision' } as const;

/** `decision-request:<step>:<first 12 of the hash>`: names the link without making it usable. */
export const decisionMailPurpose = (step: DecisionStep, secretHash: string): string =>
  `decision-request:${step}:${secretHash.slice(0, 12)}`;

/** The output for the step's recorded decision, or undefined when none is recorded. */
export const recordedOutput = (state: BreachState, step: DecisionStep): DecisionOutput | undefined => {
  const recorded = state.decisions[step];
  if (recorded === undefined) return undefined;
  return step === 'decide' && state.plan
    ? { step, decidedAt: recorded.at, plan: state.plan }
    : { step, decidedAt: recorded.at };
};

/**
 * Whether a recorded decision answers a request for the step. A step is decided once, except `recover`: each
 * failure needs its own decision to resume, so only one recorded after the latest failure counts. The log's order
 * decides, not timestamps, which may tie.
 */
const answers = async (breaches: BreachRepository, state: BreachState, step: DecisionStep): Promise<boolean> => {
  if (state.decisions[step] === undefined) return false;
  if (step !== 'recover' || state.failures.length === 0) return true;
  let lastFailure = 0;
  let lastRecovery = 0;
  for (const event of await breaches.events(state.breachId)) {
    if (event.type === 'step-failed') lastFailure = event.seq;
    if (isEvent(event, 'decision-taken') && event.data.step === 'recover') lastRecovery = event.seq;
  }
  return lastRecovery > lastFailure;
};

/**
 * A claim whose decision is not in the log yet: still being written if recent, else lost to a crash (and a new link
 * is due). A decision is recorded with its claim's time, so a recorded one at or after the claim is that claim's.
 */
const claimUnsettled = (state: BreachState, step: DecisionStep, usedAt: string, now: Date): boolean => {
  const recordedAt = state.decisions[step]?.at;
  if (recordedAt !== undefined && Date.parse(recordedAt) >= Date.parse(usedAt)) return false;
  return now.getTime() - Date.parse(usedAt) < CLAIM_SETTLE_MS;
};

const expired = (request: DecisionRequest, now: Date): boolean => Date.parse(request.expiresAt) <= now.getTime();

/**
 * The callback task behind every human step (`${RequestDecisionFunctionArn}`): asks the right person for the decision
 * and leaves the task waiting until the decision is taken (take-decision.ts completes it).
 *
 * 1. Load the breach and its organisation.
 * 2. If the step's decision is already recorded and answers this request (a replay after a restart, a retry after a
 *    timeout), complete the task at once with the recorded output and send nothing.
 * 3. Else if the step's current request is unused, unexpired and was mailed, move it to this task's token and send
 *    nothing: the link already in the mailbox completes this task. (A mail whose `mail-sent` is recorded counts as
 *    mailed, which repairs a crash between the mail and `markMailed`.)
 * 4. Else issue a new link: a fresh secret, stored only as its hash with the token (mailed=false); record
 *    `decision-requested`; mail the link to those who decide the step (for `decide`, with the recommendation) and
 *    tell the others without it, recording `mail-sent` for each; then mark the request mailed.
 *
 * Every write is keyed, so a crash at any point is repaired by the task's retry: at worst a link is mailed twice
 * (the newer one works), never lost.
 */
export async function requestDecision(
  deps: RequestDecisionDeps,
  input: RequestDecisionInput,
): Promise<RequestDecisionResult> {
  const { breaches, requests, callbacks } = deps;
  const { breachId, step, taskToken } = input;
  const now = deps.now();
  const { state, policy, clocks } = await loadCase(deps, breachId);

  const completeFromRecord = async (from: BreachState): Promise<RequestDecisionResult> => {
    const output = recordedOutput(from, step);
    // answers() was true, so there is a recorded decision; the check only narrows the type.
    if (output === undefined) throw new DecisionInProgressError(breachId, step);
    // false: the token is no longer waited on, and whatever waits now will come here again and complete.
    await callbacks.succeed(taskToken, output);
    return { status: 'completed-from-record' };
  };

  // Found not a personal-data breach while this step waited (not-a-breach.ts): a replay finishes the same way.
  if (state.notABreach && (step === 'contain' || step === 'decide')) {
    await callbacks.succeed(taskToken, { step, decidedAt: state.notABreach.at, ...NOT_A_BREACH_OUTPUT });
    return { status: 'completed-from-record' };
  }
  if (await answers(breaches, state, step)) return completeFromRecord(state);

  const current = await requests.current(breachId, step);
  if (current && current.usedAt === undefined && !expired(current, now)) {
    const purpose = decisionMailPurpose(step, current.secretHash);
    if (current.mailed || state.mailed.includes(purpose)) {
      try {
        await requests.updateToken(current.secretHash, taskToken);
      } catch (error) {
        if (!(error instanceof DecisionRequestUsedError)) throw error;
        // Claimed between our read and the update: the decision is being recorded with the old token.
        const after = await deps.breaches.state(breachId);
        if (after && (await answers(breaches, after, step))) return completeFromRecord(after);
        throw new DecisionInProgressError(breachId, step);
      }
      if (!current.mailed) await requests.markMailed(current.secretHash);
      return { status: 'waiting' };
    }
  }
  if (current?.usedAt !== undefined && claimUnsettled(state, step, current.usedAt, now)) {
    throw new DecisionInProgressError(breachId, step);
  }

  if (step === 'decide' && !state.assessment) throw new AssessmentMissingError(breachId);

  const secret = newDecisionSecret();
  const secretHash = hashSecret(secret);
  // A policy stored before the field existed has no value: the schema's default is what it would parse to.
  const linkHours = policy.decisionLinkHours ?? DEFAULT_DECISION_LINK_HOURS;
  const expiresAt = new Date(now.getTime() + linkHours * HOUR_MS).toISOString();
  await requests.issue({
    secretHash,
    breachId,
    organisationId: state.organisationId,
    step,
    taskToken,
    issuedAt: now.toISOString(),
    expiresAt,
    mailed: false,
  });
  const purpose = decisionMailPurpose(step, secretHash);
  await breaches.appendOnce(breachId, `requested:${purpose}`, {
    type: 'decision-requested',
    at: now.toISOString(),
    actor: ACTOR,
    data: { step, expiresAt },
  });

  const base = {
    breachId,
    policy: { ...policy, clocks },
    url: decisionLinkUrl(deps.publicBaseUrl, secret),
    expiresAt,
    requestedAt: now.toISOString(),
    awareAt: state.awareAt,
    breachUrl: consoleCaseUrl(deps.publicBaseUrl, breachId),
    context: {
      ...recipientContextOf(state),
      people: deps.people ? await deps.people.usersOf(state.organisationId) : [],
      at: now.toISOString(),
      deciderRoles: stepAuthority(step, policy, state.report).roles,
    },
  };
  const mail: DecisionRequestMailInput =
    step === 'decide' && state.assessment
      ? {
          ...base,
          step,
          recommendation: {
            conclusion: state.assessment.conclusion,
            rationale: state.assessment.rationale,
            riskLevel: state.assessment.risk.level,
          },
        }
      : { ...base, step: step as Exclude<DecisionStep, 'decide'> };
  // The fold of the log up to the request: `mailed` as the state had it, which cannot yet hold this new purpose.
  // The link goes to those who decide the step; anyone else told is told without it (decision-recipients.ts).
  const { request, notice } = buildDecisionRequestMails(mail);
  await sendMailOnce(deps, { breachId, mailed: state.mailed }, purpose, request, now);
  if (notice) await sendMailOnce(deps, { breachId, mailed: state.mailed }, `${purpose}:notice`, notice, now);
  await requests.markMailed(secretHash);
  return { status: 'requested' };
}
