import { recordReportsAsSent } from './authority-reports-sent';
import { deadlinesFor, HOUR_MS } from './clocks';
import { closureProblems } from './closure';
import { StepNotAwaitedError, StepNotPermittedError } from './decision-errors';
import { type DecisionContext, type DecisionStep, planFor, SENDING_METHODS, validateDecision } from './decisions';
import type { Actor, BreachEvent, EventData } from './events';
import { OrganisationMissingError } from './load-case';
import { checkConfirmedSend } from './notice-reach';
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
import { actingRole, mayTakeStep, ROLE_LABELS, type Role, type StepAuthority, stepAuthority } from './roles';
import type { BreachState } from './state';

/**
 * Taking a decision: the use case behind a step's form in the console (the signed-in person, `via: 'console'`; a
 * mailed decision link opens that form after sign-in, open-decision-link.ts) and `POST /breaches/{id}/decisions/{step}`
 * (a system with the organisation's API key, `via: 'api'`, asserting who decided). Decisions recorded before sign-in
 * existed carry `via: 'link'` (events.ts); nothing records one now.
 *
 * Its errors are plain domain errors; functions/http/problems.ts and html-error-pages.ts say what each means to a
 * caller. `DecisionInvalidError` (decisions.ts) lists every problem with the decision itself.
 */

export interface TakeDecisionLogger {
  info(message: string, attributes: Record<string, unknown>): void;
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

/** The person signed in to the console: who decides is who is signed in, never a typed name. */
export interface ConsolePerson {
  userId: string;
  name: string;
  email: string;
  roles: readonly Role[];
}

export type TakeDecisionInput = (
  | { via: 'api'; organisationId: string; breachId: string; step: DecisionStep }
  | { via: 'console'; organisationId: string; breachId: string; step: DecisionStep; person: ConsolePerson }
) & { body: unknown };

/**
 * The decision as the console records it: `decidedBy` is the signed-in person in the role the step's authority
 * names (whatever the form sent), and where the policy asks for senior management's sign-off and they are the one
 * deciding, the sign-off is theirs too.
 */
const asSignedInPerson = (
  body: unknown,
  step: DecisionStep,
  person: ConsolePerson,
  authority: StepAuthority,
  policy: OrganisationPolicy,
): unknown => {
  const role = actingRole(person.roles, authority);
  if (!role) throw new StepNotPermittedError(step, authority.rule);
  const signed = { name: person.name, role: ROLE_LABELS[role], email: person.email };
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const signOff =
    step === 'decide' && role === 'senior-management' && policy.duties.includes('senior-management-sign-off')
      ? { signedOffBy: signed }
      : {};
  return { ...fields, ...signOff, decidedBy: signed };
};

/**
 * Who the log says recorded the decision. In the console, the signed-in person (with their directory id). Through the
 * API, the organisation's system: the person it names in `decidedBy` is its assertion, kept as `onBehalfOf`, never
 * recorded as a person who was there to sign in.
 */
const actorOf = (input: TakeDecisionInput, decidedBy: { name: string; role: string; email?: string }): Actor => {
  const named = { name: decidedBy.name, role: decidedBy.role, ...(decidedBy.email ? { email: decidedBy.email } : {}) };
  return input.via === 'console'
    ? { kind: 'person', ...named, userId: input.person.userId }
    : { kind: 'api-client', organisationId: input.organisationId, onBehalfOf: named };
};

export interface TakeDecisionResult {
  breachId: string;
  step: DecisionStep;
  event: BreachEvent<'decision-taken'>;
}

interface Target {
  request: DecisionRequest;
  state: BreachState;
  organisation: Organisation;
}

/**
 * What a decision addresses: the caller's own breach (another organisation's answers as unknown) and its step's
 * current request. The mailed link's expiry binds neither the API nor the console: the caller holds the
 * organisation's key or is signed in, and the task may still be waiting after the link has run out. Reads only.
 */
async function resolveApi(
  deps: TakeDecisionDeps,
  input: { organisationId: string; breachId: string; step: DecisionStep },
): Promise<Target> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const organisation = await deps.organisations.get(state.organisationId);
  if (!organisation) throw new OrganisationMissingError(state.organisationId);
  if (!state.pendingSteps.includes(input.step)) throw new StepNotAwaitedError(input.step, state.pendingSteps);
  const request = await deps.requests.current(input.breachId, input.step);
  // Pending with a used request: a decision is being recorded, or one was claimed and lost to a crash (the task's
  // timeout retry issues a new request).
  if (!request || request.usedAt !== undefined)
    throw new StepNotAwaitedError(input.step, otherSteps(state, input.step));
  return { request, state, organisation };
}

/** The steps still awaited besides one whose decision is being recorded (or was lost to a crash). */
const otherSteps = (state: BreachState, step: DecisionStep): DecisionStep[] =>
  state.pendingSteps.filter((pending) => pending !== step);

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
    subjectsListed: Math.max(0, (state.subjects?.listed ?? 0) - (state.subjects?.erased ?? 0)),
    evaluated: state.decisions.evaluate !== undefined,
    // Only the close step is held to them; no other step should fail on what closure needs.
    ...(step === 'close' ? { closureProblems: closureProblems(state, policy) } : {}),
    now,
  };
};

/**
 * Records a person's decision and completes the task that waits for it.
 *
 * 1. Resolve what is addressed: the breach of the caller's organisation (404 otherwise) and its step's current
 *    request (409 when the breach is not waiting for the step). In the console, refuse a person holding none of the
 *    roles the policy gives the step (StepNotPermittedError, 403).
 * 2. Validate the body against the step's schema and the policy's rules (DecisionInvalidError, 422); a sending
 *    notify-subjects decision's confirmed counts must match the list now (StaleConfirmationError, 409).
 *    Nothing is written before this point: a refused request leaves no trace and completes nothing.
 * 3. Claim the request (a conditional update): of two concurrent decisions on one step, one wins; the other is
 *    told the step is no longer awaited.
 * 4. Record `decision-taken`, keyed by the request, with who decided (actorOf), how (console or API), and for
 *    `decide` the notification plan and whether it departs from the recommendation.
 * 5. Complete the task with the request's token as it stood after the claim (a replayed task may have moved it).
 *    A token no longer waited on is fine: the replayed task completes itself from the recorded decision.
 */
export async function takeDecision(deps: TakeDecisionDeps, input: TakeDecisionInput): Promise<TakeDecisionResult> {
  const { logger = console } = deps;
  const now = deps.now();
  const { request, state, organisation } = await resolveApi(deps, input);
  const { step, breachId } = request;

  let body = input.body;
  if (input.via === 'console') {
    const authority = stepAuthority(step, organisation.policy, state.report);
    if (!mayTakeStep(input.person.roles, authority)) throw new StepNotPermittedError(step, authority.rule);
    body = asSignedInPerson(input.body, step, input.person, authority, organisation.policy);
  }
  const context = decisionContextFor(state, organisation.policy, now, step);
  const decision = validateDecision(step, body, context);
  if (decision.step === 'notify-subjects' && SENDING_METHODS.includes(decision.data.method)) {
    checkConfirmedSend(decision.data, state.subjects);
  }

  const at = now.toISOString();
  if (!(await deps.requests.claim(request.secretHash, at))) {
    throw new StepNotAwaitedError(step, otherSteps(state, step));
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
    actor: actorOf(input, decidedBy),
    data,
  });

  const claimed = await deps.requests.bySecretHash(request.secretHash);
  const output: DecisionOutput = event.data.plan
    ? { step, decidedAt: event.at, plan: event.data.plan }
    : { step, decidedAt: event.at };
  const completed = await deps.callbacks.succeed((claimed ?? request).taskToken, output);
  if (!completed) {
    logger.info('task no longer waiting', { breachId, step, seq: event.seq });
  }
  // The report marked sent is frozen now. Should this fail, the report is still served as sent (rebuilt from the log
  // up to this decision) and the next report marked sent writes its snapshot.
  if (step === 'notify-authority') await recordReportsAsSent(deps, breachId);
  return { breachId, step, event };
}
