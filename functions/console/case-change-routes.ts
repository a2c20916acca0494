import type { APIGatewayProxyResult } from 'aws-lambda';
import { recordAccessCodesChanged } from '../domain/access-codes';
import { actionCloserFor } from '../domain/action-closers';
import { type AmendFactsDeps, amendFacts } from '../domain/amend-facts';
import { assignInvestigator } from '../domain/assign-investigator';
import { recordAuthorityExchange, recordAuthorityOutcome } from '../domain/authority-exchanges';
import { CaseClosedError, CaseInputInvalidError, CaseItemNotFoundError } from '../domain/case-errors';
import { decideParty } from '../domain/decide-party';
import type { DecisionStep, FieldProblem } from '../domain/decisions';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import { linkBreach } from '../domain/link-breaches';
import { findNotABreach, NOT_A_BREACH_STEPS, type NotABreachDeps } from '../domain/not-a-breach';
import { personActor } from '../domain/open-case';
import { PARTY_REASONS, suggestedParties } from '../domain/other-parties';
import { ownBreach } from '../domain/own-breach';
import { OTHER_PARTIES, type OtherParty } from '../domain/policy';
import type { Organisation } from '../domain/ports';
import { recordReceipt } from '../domain/receipts';
import { recordObligationStageSent } from '../domain/record-obligation-stage';
import { reviseDecision } from '../domain/revise-decision';
import { actingRole, can, mayTakeStep, ROLE_LABELS, type Role, stepAuthority } from '../domain/roles';
import type { Session } from '../domain/sessions';
import { signedInBreaches } from '../domain/signed-in-writes';
import type { BreachState } from '../domain/state';
import { closeAction, type TrackActionsDeps } from '../domain/track-actions';
import {
  AMENDABLE_FACTS,
  CASE_CHANGE_FORMS,
  CASE_CHANGES,
  type CaseChange,
  type CaseChangeContext,
  caseChangeFields,
  isCaseChange,
  otherStages,
} from '../pages/case-change-forms';
import { caseChangePath, caseChangesSection, renderCaseChangePage, renderFactsPage } from '../pages/case-change-pages';
import { recommendationSection } from '../pages/case-facts';
import { paragraph } from '../pages/components';
import { type ConsolePageBase, consoleNotFoundPage, forbiddenPage } from '../pages/console-pages';
import { type FormErrors, formErrors, NO_ERRORS, placeFields, readForm, writeForm } from '../pages/forms';
import { html } from '../pages/html';
import { PARTY_TEXT, sentenceCase } from '../pages/labels';
import { htmlResponse } from '../pages/response';

/**
 * The console's forms for what happens on an open case after its first decision, beside its case page
 * (make-handler.ts hands over every path `isCaseChangePath` accepts): `GET|POST /console/breaches/{id}/<change>`, and
 * `…/actions/{actionId}`, `…/other-parties/{party}` for one item. Each records through the same use case as the API's
 * `POST /breaches/{id}/<change>` (functions/case-changes), as the signed-in person: the form never asks who acts, the
 * session says (name, the role they act in, and their directory id on the event).
 *
 * Refusals write nothing: a role that may not change cases (an auditor, a reporter) 403; another organisation's
 * breach, or an action or party it does not have, 404; a closed case, or a change that does not apply now, 409; what
 * the form cannot read or the use case refuses, 422 with the form again, every answer kept and each problem on its
 * field. A change recorded goes back to the case page (303), which shows it.
 */

export type CaseChangeRouteDeps = TrackActionsDeps & NotABreachDeps & AmendFactsDeps;

const PATH = new RegExp(`^/breaches/([^/]+)/(${CASE_CHANGES.join('|')})(?:/([^/]+))?$`);

/** Whether the console path is one of these forms. */
export const isCaseChangePath = (path: string): boolean => PATH.test(path);

type Input = {
  organisationId: string;
  breachId: string;
  body: unknown;
  item?: string;
  /** The signed-in person, for the use cases that take them beside the body. */
  person: { name: string; role: string; email?: string };
};

/** The use case each change records through: the same as the API's route of that name. */
const RECORD: Record<CaseChange, (deps: CaseChangeRouteDeps, input: Input) => Promise<unknown>> = {
  amendments: (deps, input) => amendFacts(deps, input),
  'authority-outcome': (deps, input) => recordAuthorityOutcome(deps, input),
  actions: (deps, { item, ...input }) => closeAction(deps, { ...input, actionId: item ?? '' }),
  'other-parties': (deps, input) => decideParty(deps, input),
  'authority-exchanges': (deps, input) => recordAuthorityExchange(deps, input),
  'not-a-breach': (deps, input) => findNotABreach(deps, input),
  revisions: (deps, input) => reviseDecision(deps, input),
  investigator: (deps, input) => assignInvestigator(deps, input),
  'access-codes': (deps, input) => recordAccessCodesChanged(deps, input),
  receipts: (deps, input) => recordReceipt(deps, input),
  links: (deps, input) => linkBreach(deps, input),
  'obligation-stages': (deps, { person, ...input }) =>
    recordObligationStageSent(deps, { ...input, actor: personActor(person) }),
};

/** Where the case page scrolls to after a change. */
const ANCHOR: Partial<Record<CaseChange, string>> = {
  'authority-outcome': '#authority',
  'authority-exchanges': '#authority',
  actions: '#actions',
  'other-parties': '#other-parties',
  'obligation-stages': '#obligations',
};

const isOtherParty = (value: string): value is OtherParty => OTHER_PARTIES.some((party) => party === value);

/** The roles someone may change cases in, theirs in order. */
const changeRoles = (roles: readonly Role[]): Role[] => roles.filter((role) => can([role], 'change-cases'));

/**
 * The role a change is recorded in. Closing an action: the role the policy names for it (the school's DSIRO confirms
 * an action complete, SLT accepts one not done), when the person holds it; the use case refuses anyone else, with
 * the policy's words. The outcome "not a breach" and a revision: the role the step's authority names (stepOf). Else
 * their first role that may change cases.
 */
const roleFor = (
  change: CaseChange,
  session: Session,
  ctx: CaseChangeContext,
  outcome: string | undefined,
): Role | undefined => {
  const roles = changeRoles(session.roles);
  const step = stepOf(change, ctx.state);
  if (step) return actingRole(roles, stepAuthority(step, ctx.policy, ctx.state.report));
  if (change === 'actions' && ctx.action) {
    const closer = actionCloserFor(ctx.policy, ctx.action.source, outcome === 'accepted' ? 'accepted' : 'complete');
    return roles.find((role) => closer.roles.test(ROLE_LABELS[role])) ?? roles[0];
  }
  return roles[0];
};

/**
 * The decision step whose authority a change needs: not-a-breach is taken at the step that waits (contain, decide),
 * a revision is a new notification decision. Undefined for the changes any role that may change cases makes.
 */
const stepOf = (change: CaseChange, state: BreachState): DecisionStep | undefined => {
  if (change === 'revisions') return 'decide';
  if (change === 'not-a-breach') return NOT_A_BREACH_STEPS.find((s) => state.pendingSteps.includes(s)) ?? 'contain';
  return undefined;
};

/** A fact of the report as it now stands. */
const factOf = (state: BreachState, fact: string): unknown =>
  Object.entries(state.report).find(([key]) => key === fact)?.[1];

/** The item a form is about, from the address (an action, a party, a fact, a stage); undefined when there is none. */
const contextFor = (
  change: CaseChange,
  item: string | undefined,
  state: BreachState,
  organisation: Organisation,
): CaseChangeContext | undefined => {
  const form = CASE_CHANGE_FORMS[change];
  const ctx: CaseChangeContext = { policy: organisation.policy, state };
  if ((form.item === undefined) !== (item === undefined)) return undefined;
  if (form.item === 'action') {
    const action = state.actions?.find((a) => a.actionId === item);
    return action ? { ...ctx, action } : undefined;
  }
  if (form.item === 'party') return item && isOtherParty(item) ? { ...ctx, party: item } : undefined;
  if (form.item === 'stage') {
    const stage = /^\d{1,3}$/.test(item ?? '') ? otherStages(ctx)[Number(item)] : undefined;
    return stage ? { ...ctx, stage } : undefined;
  }
  if (form.item === 'fact') return item && AMENDABLE_FACTS.includes(item) ? { ...ctx, fact: item } : undefined;
  return ctx;
};

/** What the form is about, above its fields: the action and who may close it; why the party is suggested. */
const introFor = (change: CaseChange, ctx: CaseChangeContext) => {
  if (change === 'actions' && ctx.action) {
    const { action } = ctx;
    const complete = actionCloserFor(ctx.policy, action.source, 'complete');
    const accepted = actionCloserFor(ctx.policy, action.source, 'accepted');
    return html`${paragraph(html`<strong>${action.actionId}</strong>: ${action.title}`)}${paragraph(
      `Owner: ${action.owner.name}${action.owner.role ? `, ${action.owner.role}` : ''}.`,
    )}${paragraph(
      `Your policy says ${complete.title} confirms it complete, and ${accepted.title} accepts the reasons if it will not be done.`,
      'govuk-body-s',
    )}`;
  }
  // A revision answers the assessment as it now stands: show it, as the decide step does.
  if (change === 'revisions') return recommendationSection(ctx.state.assessment);
  if (change === 'other-parties' && ctx.party) {
    const reasons = suggestedParties(ctx.state, ctx.policy).get(ctx.party) ?? [];
    const why = reasons.length > 0 ? reasons.map((r) => r.text).join(' ') : PARTY_REASONS[ctx.party];
    return paragraph(`${PARTY_TEXT[ctx.party]}: ${why}`);
  }
  return undefined;
};

/** Problems the use case names at the person it was given belong on the answer that chose whom it needed. */
const onTheirFields = (change: CaseChange, problems: readonly FieldProblem[]): FieldProblem[] =>
  problems.map((problem) =>
    change === 'actions' && problem.path.startsWith('closedBy') ? { ...problem, path: 'outcome' } : problem,
  );

export interface CaseChangeRequest {
  path: string;
  method: string;
  form: URLSearchParams | undefined;
  page: ConsolePageBase;
  organisation: Organisation;
}

export const caseChangeRoute = async (
  deps: CaseChangeRouteDeps,
  input: CaseChangeRequest,
): Promise<APIGatewayProxyResult> => {
  const { page: p, organisation, method } = input;
  const { session } = p;
  const notFound = () => htmlResponse(404, consoleNotFoundPage(p.assetsPath, p.base));
  const refused = (statusCode: number, message: string) =>
    htmlResponse(statusCode, forbiddenPage(p.assetsPath, message));
  const match = PATH.exec(input.path);
  const change = match?.[2];
  if (!match?.[1] || !isCaseChange(change)) return notFound();
  const item = match[3];
  if (method !== 'GET' && method !== 'POST') return notFound();
  if (changeRoles(session.roles).length === 0) {
    return refused(403, 'Your role lets you read cases, not change them. Nothing was recorded.');
  }
  let state: BreachState;
  try {
    state = await ownBreach(deps.breaches, session.organisationId, match[1]);
  } catch (error) {
    if (error instanceof NotFoundError) return notFound();
    throw error;
  }
  if (change === 'amendments' && item === undefined && method === 'GET' && state.status !== 'closed') {
    return htmlResponse(200, renderFactsPage({ ...p, state }));
  }
  const ctx = contextFor(change, item, state, organisation);
  if (!ctx) return notFound();
  const form = CASE_CHANGE_FORMS[change];
  if (state.status === 'closed') return refused(409, 'The case is closed: its record can no longer change.');
  if (!form.applies(ctx)) {
    return refused(409, `“${form.title(ctx)}” does not apply to this breach now. Nothing was recorded.`);
  }
  const fields = caseChangeFields(change, ctx);
  const timeZone = ctx.policy.timeZone;
  // An amendment's form opens on the fact as it stands, so the person changes only what is wrong.
  const values =
    input.form ??
    (ctx.fact
      ? writeForm(fields, { changes: { [ctx.fact]: factOf(state, ctx.fact) } }, { timeZone })
      : new URLSearchParams());
  const role = roleFor(change, session, ctx, values.get('outcome') ?? undefined);
  if (!role) {
    const step = stepOf(change, state) ?? 'contain';
    return refused(403, `You cannot do this. ${stepAuthority(step, ctx.policy, state.report).rule}`);
  }
  const action = caseChangePath(p.base, state.breachId, change, item);
  const show = (statusCode: number, errors: FormErrors = NO_ERRORS) =>
    htmlResponse(
      statusCode,
      renderCaseChangePage({
        ...p,
        change,
        ctx,
        action,
        placed: placeFields(fields, ctx, values),
        values,
        errors,
        actingAs: ROLE_LABELS[role],
        intro: introFor(change, ctx),
      }),
    );
  if (method === 'GET') return show(200);

  const reading = readForm(fields, values, { timeZone });
  const person = { name: session.name, role: ROLE_LABELS[role], email: session.email };
  // Senior management deciding where the policy asks for their sign-off: the sign-off is theirs (as take-decision.ts).
  const signOff =
    change === 'revisions' && role === 'senior-management' && ctx.policy.duties.includes('senior-management-sign-off');
  const body = {
    ...(change === 'amendments' ? { changes: {} } : {}),
    ...reading.body,
    ...(form.item === 'party' ? { party: item } : {}),
    ...(signOff ? { signedOffBy: person } : {}),
    ...(ctx.stage ? { key: ctx.stage.key } : {}),
    ...(form.actor ? { [form.actor]: person } : {}),
  };
  const invalid = (problems: readonly FieldProblem[]) =>
    show(
      422,
      formErrors({
        placed: placeFields(fields, ctx, values),
        values,
        reading,
        problems: onTheirFields(change, problems),
        fromSchema: !form.schema.safeParse(body).success,
      }),
    );
  if (reading.problems.length > 0) return invalid([]);
  try {
    await RECORD[change](
      { ...deps, breaches: signedInBreaches(deps.breaches, session.userId) },
      { organisationId: session.organisationId, breachId: state.breachId, body, person, ...(item ? { item } : {}) },
    );
  } catch (error) {
    if (error instanceof CaseInputInvalidError) return invalid(error.problems);
    if (error instanceof ValidationError) return invalid(error.errors);
    // The case itself was found above: what is unknown is the breach typed in, another organisation's included.
    if (change === 'links' && error instanceof NotFoundError) {
      return invalid([
        { path: 'relatedBreachId', message: 'there is no breach with this reference in your organisation' },
      ]);
    }
    if (error instanceof NotFoundError || error instanceof CaseItemNotFoundError) return notFound();
    if (error instanceof CaseClosedError) return refused(409, 'The case is closed: its record can no longer change.');
    if (error instanceof ConflictError) return refused(409, `${sentenceCase(error.message)}. Nothing was recorded.`);
    throw error;
  }
  return {
    statusCode: 303,
    headers: { location: `${p.base}/breaches/${state.breachId}${ANCHOR[change] ?? ''}`, 'cache-control': 'no-store' },
    body: '',
  };
};

/** The case page's section of these changes, with the links this person may follow now. */
export const caseChangesFor = (p: ConsolePageBase, state: BreachState, organisation: Organisation) => {
  const ctx: CaseChangeContext = { policy: organisation.policy, state };
  const mayChange = changeRoles(p.session.roles).length > 0;
  return caseChangesSection({
    ...p,
    ctx,
    may: (change) => {
      const step = stepOf(change, state);
      return mayChange && (!step || mayTakeStep(p.session.roles, stepAuthority(step, ctx.policy, state.report)));
    },
  });
};
