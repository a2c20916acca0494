import { HttpError, UnauthorisedError } from '../http/errors';
import type { Conclusion } from './assessment';
import { type ClockState, clockStatuses, deadlinesFor, HOUR_MS } from './clocks';
import { closureProblems } from './closure';
import { hashSecret, isWellFormedSecret } from './decision-links';
import {
  type DecisionContext,
  type DecisionInvalidError,
  type DecisionStep,
  planFor,
  STEP_TITLES,
  validateDecision,
} from './decisions';
import type { BreachEvent, EventData } from './events';
import { ownBreach } from './own-breach';
import { AUTHORITY_MAX_HOURS, type OrganisationPolicy } from './policy';
import type {
  BreachRepository,
  DecisionRequest,
  DecisionRequestRepository,
  Organisation,
  OrganisationRepository,
  TaskCallbacks,
} from './ports';
import type { DecisionOutput } from './request-decision';
import type { BreachState } from './state';

/**
 * Taking a decision: the use case behind `POST /decisions/{secret}` (the link in the mail, `via: 'link'`) and
 * `POST /breaches/{id}/decisions/{step}` (an organisation's API key, `via: 'api'`), and `describeDecisionRequest`
 * behind the decision page's GET.
 *
 * The errors carry their HTTP status (functions/http/errors.ts); `DecisionInvalidError` (decisions.ts) carries 422.
 */

const problemType = (slug: string): string => `urn:breachdesk:problem:${slug}`;

/**
 * The link is malformed, or no link with this secret was issued. One answer for both, so probing learns nothing.
 */
export class UnknownDecisionLinkError extends HttpError {
  constructor() {
    super(404, 'Not found', 'This decision link is not valid.', { type: problemType('unknown-decision-link') });
  }
}

export class DecisionLinkUsedError extends HttpError {
  constructor() {
    super(410, 'Decision link used', 'This link was already used: a decision link records one decision.', {
      type: problemType('decision-link-used'),
    });
  }
}

export class DecisionLinkExpiredError extends HttpError {
  constructor() {
    super(
      410,
      'Decision link expired',
      'This link has expired. Ask the data protection officer for a new one, or record the decision through the API.',
      { type: problemType('decision-link-expired') },
    );
  }
}

/** A newer link was mailed for the same step (the first mail may have been sent twice after a failure). */
export class DecisionLinkSupersededError extends HttpError {
  constructor() {
    super(410, 'Decision link replaced', 'A newer link was sent for this step: use the latest mail.', {
      type: problemType('decision-link-superseded'),
    });
  }
}

/** The breach is not waiting for this step: it was taken already, is not due yet, or the case is closed. */
export class StepNotAwaitedError extends HttpError {
  constructor(readonly step: DecisionStep) {
    super(409, 'Step not awaited', `The breach is not waiting for the '${step}' step.`, {
      type: problemType('step-not-awaited'),
    });
  }

  override extensions(): Record<string, unknown> {
    return { step: this.step };
  }
}

/** DecisionInvalidError as an HTTP problem: 422, one field error per problem, as the API's 400s list them. */
export class DecisionRejectedError extends HttpError {
  constructor(readonly invalid: DecisionInvalidError) {
    super(422, 'Invalid decision', `The ${invalid.step} decision is not valid; see errors.`, {
      type: problemType('invalid-decision'),
      cause: invalid,
    });
  }

  override extensions(): Record<string, unknown> {
    return { step: this.invalid.step, errors: this.invalid.problems };
  }
}

export interface TakeDecisionLogger {
  info(message: string): void;
}

export interface TakeDecisionDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  requests: DecisionRequestRepository;
  callbacks: TaskCallbacks;
  now: () => Date;
  /** @default console */
  logger?: TakeDecisionLogger;
}

export type TakeDecisionInput = (
  | { via: 'link'; secret: string }
  | { via: 'api'; organisationId: string; breachId: string; step: DecisionStep }
) & { body: unknown };

export interface TakeDecisionResult {
  breachId: string;
  step: DecisionStep;
  event: BreachEvent<'decision-taken'>;
}

/** What the decision page shows. The task token stays on the server. */
export interface DecisionRequestView {
  request: Omit<DecisionRequest, 'taskToken'>;
  step: DecisionStep;
  title: string;
  state: BreachState;
  policy: OrganisationPolicy;
  /** The breach's clocks and where each stands now. */
  deadlines: ClockState[];
  /** The system's recommendation, for the decide step's page. */
  recommendation?: Conclusion;
}

interface Target {
  request: DecisionRequest;
  state: BreachState;
  organisation: Organisation;
}

/**
 * Finds what a link addresses and checks it may still be used: well-formed, issued, unused, unexpired, the step's
 * current link, and the breach waiting for that step. Reads only.
 */
async function resolveLink(deps: TakeDecisionDeps, secret: string, now: Date): Promise<Target> {
  if (!isWellFormedSecret(secret)) throw new UnknownDecisionLinkError();
  const request = await deps.requests.bySecretHash(hashSecret(secret));
  if (!request) throw new UnknownDecisionLinkError();
  const state = await deps.breaches.state(request.breachId);
  const organisation = state && (await deps.organisations.get(state.organisationId));
  if (!state || !organisation || state.organisationId !== request.organisationId) throw new UnknownDecisionLinkError();
  if (request.usedAt !== undefined) throw new DecisionLinkUsedError();
  if (Date.parse(request.expiresAt) <= now.getTime()) throw new DecisionLinkExpiredError();
  const current = await deps.requests.current(request.breachId, request.step);
  if (current?.secretHash !== request.secretHash) throw new DecisionLinkSupersededError();
  if (!state.pendingSteps.includes(request.step)) throw new StepNotAwaitedError(request.step);
  return { request, state, organisation };
}

/**
 * What an API call addresses. The link's expiry does not bind the API: the caller holds the organisation's key, and
 * the task may still be waiting after the link has run out. Reads only.
 */
async function resolveApi(
  deps: TakeDecisionDeps,
  input: { organisationId: string; breachId: string; step: DecisionStep },
): Promise<Target> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const organisation = await deps.organisations.get(state.organisationId);
  if (!organisation) throw new UnauthorisedError();
  if (!state.pendingSteps.includes(input.step)) throw new StepNotAwaitedError(input.step);
  const request = await deps.requests.current(input.breachId, input.step);
  // Pending with a used request: a decision is being recorded, or one was claimed and lost to a crash (the task's
  // timeout retry issues a new request).
  if (!request || request.usedAt !== undefined) throw new StepNotAwaitedError(input.step);
  return { request, state, organisation };
}

/** What a decision is checked against besides its own fields: the policy, the breach so far and its clocks. */
export const decisionContextFor = (
  state: BreachState,
  policy: OrganisationPolicy,
  now: Date,
  step?: DecisionStep,
): DecisionContext => {
  const clocks = state.clocks ?? policy.clocks;
  const authority = deadlinesFor(state.awareAt, clocks).find((deadline) => deadline.clockId === 'authority');
  const authorityDueAt =
    authority?.dueAt ?? new Date(Date.parse(state.awareAt) + AUTHORITY_MAX_HOURS * HOUR_MS).toISOString();
  const recommendation = state.assessment?.conclusion;
  const conclusion = state.decisions.decide?.data.conclusion;
  return {
    policy,
    role: state.report.organisationRole.role,
    awareAt: state.awareAt,
    authorityDueAt,
    ...(recommendation ? { recommendation } : {}),
    ...(conclusion ? { conclusion } : {}),
    authorityNotified: state.decisions['notify-authority'] !== undefined,
    authorityAcknowledged: state.authorityAcknowledgement !== undefined,
    evaluated: state.decisions.evaluate !== undefined,
    // Only the close step is held to them; no other step should fail on what closure needs.
    ...(step === 'close' ? { closureProblems: closureProblems(state, policy) } : {}),
    now,
  };
};

/**
 * Records a person's decision and completes the task that waits for it.
 *
 * 1. Resolve what is addressed: the link's request (unknown 404, used or expired or replaced 410, step not awaited
 *    409), or for the API the breach of the caller's organisation (404 otherwise) and its step's current request
 *    (409 when the breach is not waiting for the step).
 * 2. Validate the body against the step's schema and the policy's rules (DecisionInvalidError, 422).
 *    Nothing is written before this point: a refused request leaves no trace and completes nothing.
 * 3. Claim the request (a conditional update): of two concurrent decisions on one link, one wins; the other is
 *    told the link was used.
 * 4. Record `decision-taken`, keyed by the request, with who decided, how (link or API), and for `decide` the
 *    notification plan and whether it departs from the recommendation.
 * 5. Complete the task with the request's token as it stood after the claim (a replayed task may have moved it).
 *    A token no longer waited on is fine: the replayed task completes itself from the recorded decision.
 */
export async function takeDecision(deps: TakeDecisionDeps, input: TakeDecisionInput): Promise<TakeDecisionResult> {
  const { logger = console } = deps;
  const now = deps.now();
  const { request, state, organisation } =
    input.via === 'link' ? await resolveLink(deps, input.secret, now) : await resolveApi(deps, input);
  const { step, breachId } = request;

  const context = decisionContextFor(state, organisation.policy, now, step);
  const decision = validateDecision(step, input.body, context);

  const at = now.toISOString();
  if (!(await deps.requests.claim(request.secretHash, at))) {
    throw input.via === 'link' ? new DecisionLinkUsedError() : new StepNotAwaitedError(step);
  }

  const { decidedBy } = decision.data;
  let data: EventData['decision-taken'];
  if (decision.step === 'decide') {
    const plan = planFor(decision.data, context);
    const departs = context.recommendation !== undefined && decision.data.conclusion !== context.recommendation;
    data = { step: 'decide', decision: decision.data, via: input.via, plan, departsFromRecommendation: departs };
  } else {
    data = { step: decision.step, decision: decision.data, via: input.via } as EventData['decision-taken'];
  }
  const { event } = await deps.breaches.appendOnce(breachId, `decision:${request.secretHash}`, {
    type: 'decision-taken',
    at,
    actor: {
      kind: 'person',
      name: decidedBy.name,
      role: decidedBy.role,
      ...(decidedBy.email ? { email: decidedBy.email } : {}),
    },
    data,
  });

  const claimed = await deps.requests.bySecretHash(request.secretHash);
  const output: DecisionOutput = event.data.plan
    ? { step, decidedAt: event.at, plan: event.data.plan }
    : { step, decidedAt: event.at };
  const completed = await deps.callbacks.succeed((claimed ?? request).taskToken, output);
  if (!completed) {
    logger.info(JSON.stringify({ level: 'INFO', message: 'task no longer waiting', breachId, step, seq: event.seq }));
  }
  return { breachId, step, event };
}

/**
 * What the decision page shows for a link. Reads only, so a mail scanner that fetches the link changes nothing;
 * it refuses the same links `takeDecision` would.
 */
export async function describeDecisionRequest(deps: TakeDecisionDeps, secret: string): Promise<DecisionRequestView> {
  const now = deps.now();
  const { request, state, organisation } = await resolveLink(deps, secret, now);
  const { taskToken: _token, ...visible } = request;
  const policy = organisation.policy;
  const recommendation = state.assessment?.conclusion;
  return {
    request: visible,
    step: request.step,
    title: STEP_TITLES[request.step],
    state,
    policy,
    deadlines: clockStatuses(state.awareAt, state.clocks ?? policy.clocks, now, state.milestones),
    ...(recommendation ? { recommendation } : {}),
  };
}
