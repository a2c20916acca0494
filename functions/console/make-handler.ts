import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { whyNoPeopleCanBeAdded } from '../domain/add-subjects';
import { RISK_LEVELS } from '../domain/assessment';
import { type DashboardFilters, dashboard, dashboardRow } from '../domain/dashboard';
import { DecisionInvalidError, StepNotAwaitedError, StepNotPermittedError } from '../domain/decision-errors';
import { DECISION_STEPS, type DecisionStep, type FieldProblem, STEP_TITLES } from '../domain/decisions';
import { NotFoundError } from '../domain/errors';
import { ownBreach } from '../domain/own-breach';
import type { Organisation } from '../domain/ports';
import { similarIncidentsOf } from '../domain/review-breach';
import { actingRole, can, mayTakeStep, ROLE_LABELS, stepAuthority } from '../domain/roles';
import { csrfTokenFor, isValidCsrfToken, type Session } from '../domain/sessions';
import {
  beginSignIn,
  completeSignIn,
  currentSession,
  IdentityProviderUnavailableError,
  type SignInDeps,
  SignInRefusedError,
  signOut,
} from '../domain/sign-in';
import type { BreachState } from '../domain/state';
import { type TakeDecisionDeps, type TakeDecisionLogger, takeDecision } from '../domain/take-decision';
import { readUrlencodedForm, UnreadableFormError } from '../http/form-body';
import { assetsPathOf, consoleBaseOf, consoleSignInPath, stagePrefixOf } from '../http/links';
import type { ErrorLogger } from '../http/problem-json';
import { describeError } from '../http/problem-json';
import { logger as powertoolsLogger } from '../observability/logger';
import {
  type ConsolePageBase,
  consoleNotFoundPage,
  consolePage,
  forbiddenPage,
  forgedFormPage,
  renderCasePage,
  renderDashboard,
  renderStepPage,
  signedOutPage,
  signInFailedPage,
  signInUnavailablePage,
} from '../pages/console-pages';
import {
  DECISION_FORMS,
  defaultFormValues,
  type FormContext,
  type FormErrors,
  formErrors,
  formToDecision,
  placeFields,
} from '../pages/decision-forms';
import { CSRF_FIELD, NO_ERRORS } from '../pages/forms';
import { previewOrSend } from '../pages/notice-confirmation';
import { needsPreview, renderNoticePreview } from '../pages/notice-preview';
import { htmlResponse, scriptedHtmlResponse } from '../pages/response';
import { type CaseChangeRouteDeps, caseChangeRoute, caseChangesFor, isCaseChangePath } from './case-change-routes';
import { clearedCookie, cookieOf, SESSION_COOKIE, SIGN_IN_COOKIE, sessionCookie, signInCookie } from './cookies';
import { decisionLinkRoute, isDecisionLinkPath } from './decision-link-route';
import { type ConsoleEvidence, evidenceRoute, evidenceSection, isEvidencePath } from './evidence-routes';
import { type PeopleRouteDeps, peopleRoute } from './people-routes';
import { readPage } from './read-pages';
import { type ConsoleSubjects, isSubjectsPath, subjectsRoute } from './subjects-routes';

/**
 * The console: GET|POST /console/… — sign-in (OIDC), the dashboard, the case page and each step's form.
 *
 * Every page but sign-in and its callback needs a live session; without one a GET is sent to sign in and comes
 * back to where it was going (only ever a path inside the console: a mailed decision link, /console/decisions/{secret},
 * then leads to its step's form), and a POST writes nothing. Every POST carries the session's anti-forgery token.
 * Another organisation's breach answers exactly as one that does not exist (404). What a person may see and do comes
 * from their roles (domain/roles.ts), never from the page they were shown.
 */

export const MAX_FORM_BYTES = 64 * 1024;
const STATE_PATTERN = /^BR-[0-9A-Z-]{4,40}$/;

export interface ConsoleDeps extends Omit<TakeDecisionDeps, 'now' | 'logger'> {
  provider: SignInDeps['provider'];
  /** The people pages (users, away): the directory and the change log (console/people-routes.ts). */
  people?: Omit<PeopleRouteDeps, 'now'>;
  sessions: SignInDeps['sessions'];
  users: SignInDeps['users'];
  now?: () => Date;
  logger?: ErrorLogger & TakeDecisionLogger;
  /** Evidence: the case page lists it and people add it (evidence-routes.ts). @default none shown */
  evidence?: ConsoleEvidence;
  /** The list of people affected: people add it from a CSV (subjects-routes.ts). @default no upload page */
  subjects?: ConsoleSubjects['subjects'];
  /**
   * The case changes after the first decision (case-change-routes.ts): the reminder loop new actions wake, the clock
   * an amended awareness wakes, and the mailer of a reassessment that asks for a revision. @default none offered
   */
  changes?: Pick<CaseChangeRouteDeps, 'reminders' | 'clock' | 'mailer' | 'breachUrl'>;
}

type Result = APIGatewayProxyResult;

const withCookies = (result: Result, cookies: readonly string[]): Result =>
  cookies.length === 0 ? result : { ...result, multiValueHeaders: { 'set-cookie': [...cookies] } };

const redirect = (location: string, cookies: readonly string[] = []): Result =>
  withCookies({ statusCode: 303, headers: { location, 'cache-control': 'no-store' }, body: '' }, cookies);

const filtersOf = (query: APIGatewayProxyEvent['queryStringParameters']): DashboardFilters => {
  const q = query ?? {};
  const status = q.status === 'closed' || q.status === 'all' ? q.status : 'open';
  const stage = (['reported', 'contained', 'assessed', 'decided', 'notified', 'evaluated', 'closed'] as const).find(
    (s) => s === q.stage,
  );
  const urgency = q.urgency === 'overdue' || q.urgency === 'due-soon' ? q.urgency : undefined;
  const risk = RISK_LEVELS.find((level) => level === q.risk);
  return {
    status,
    ...(stage ? { stage } : {}),
    ...(risk ? { risk } : {}),
    ...(urgency ? { urgency } : {}),
    ...(q.mine === 'yes' ? { mine: true } : {}),
    ...(q.q ? { q: q.q.slice(0, 200) } : {}),
  };
};

export const makeHandler = (deps: ConsoleDeps) => {
  const {
    provider,
    sessions,
    users,
    people,
    now = () => new Date(),
    logger = powertoolsLogger,
    evidence,
    subjects,
    changes,
    ...ports
  } = deps;
  const takeDeps: TakeDecisionDeps = { ...ports, now, logger };

  /** Everything the organisation has open (or all, for the closed filter), read page by page. */
  const statesOf = async (organisationId: string, filters: DashboardFilters): Promise<BreachState[]> => {
    const states: BreachState[] = [];
    let cursor: string | undefined;
    do {
      const page = await ports.breaches.list(organisationId, {
        ...(filters.status === 'all' ? {} : { status: filters.status ?? 'open' }),
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      const read = await Promise.all(page.items.map((item) => ports.breaches.state(item.breachId)));
      states.push(...read.filter((state): state is BreachState => state !== undefined));
      cursor = page.cursor;
    } while (cursor);
    return states;
  };

  const handle = async (event: APIGatewayProxyEvent): Promise<Result> => {
    const assetsPath = assetsPathOf(event);
    const stagePrefix = stagePrefixOf(event);
    const base = consoleBaseOf(event);
    const path = (event.path.replace(/^\/console/, '') || '/').replace(/\/+$/, '') || '/';
    const method = event.httpMethod;
    const signInDeps: SignInDeps = { provider, sessions, users, now, consoleBase: base };
    const page = (statusCode: number, body: string, cookies: readonly string[] = []) =>
      withCookies(htmlResponse(statusCode, body), cookies);

    // Signing in and out.
    if (path === '/sign-in' && method === 'GET') {
      try {
        const { redirectTo, browserToken } = await beginSignIn(signInDeps, {
          returnTo: event.queryStringParameters?.returnTo,
        });
        return { ...redirect(redirectTo, [signInCookie(browserToken)]), statusCode: 302 };
      } catch (error) {
        if (!(error instanceof IdentityProviderUnavailableError)) throw error;
        return page(503, signInUnavailablePage(assetsPath, base));
      }
    }
    if (path === '/callback' && method === 'GET') {
      try {
        const { sessionToken, returnTo } = await completeSignIn(signInDeps, {
          state: event.queryStringParameters?.state,
          code: event.queryStringParameters?.code,
          browserToken: cookieOf(event, SIGN_IN_COOKIE),
          previousSessionToken: cookieOf(event, SESSION_COOKIE),
        });
        return redirect(returnTo, [sessionCookie(sessionToken), clearedCookie(SIGN_IN_COOKIE)]);
      } catch (error) {
        if (!(error instanceof SignInRefusedError)) throw error;
        logger.error('sign-in refused', { reason: error.reason });
        return page(400, signInFailedPage(assetsPath, base), [clearedCookie(SIGN_IN_COOKIE)]);
      }
    }

    const token = cookieOf(event, SESSION_COOKIE);
    const session = await currentSession(signInDeps, token);
    if (!session || token === undefined) {
      // A form needs its session's anti-forgery token, so a post without a session is refused, never carried out.
      if (method !== 'GET') return page(403, forgedFormPage(assetsPath), [clearedCookie(SESSION_COOKIE)]);
      return redirect(consoleSignInPath(base, `${base}${path === '/' ? '/' : path}`, event));
    }
    const csrfToken = csrfTokenFor(token);

    let form: URLSearchParams | undefined;
    // A file upload is multipart: its route reads the body and checks the token itself (subjects-routes.ts).
    const upload = subjects !== undefined && isSubjectsPath(path);
    if (method === 'POST' && !upload) {
      try {
        form = readUrlencodedForm(event, MAX_FORM_BYTES);
      } catch (error) {
        if (error instanceof UnreadableFormError) return page(error.statusCode, forgedFormPage(assetsPath));
        throw error;
      }
      if (!isValidCsrfToken(token, form.get(CSRF_FIELD))) return page(403, forgedFormPage(assetsPath));
    }

    if (path === '/sign-out' && method === 'POST') {
      await signOut(signInDeps, token);
      return page(200, signedOutPage(assetsPath, base), [clearedCookie(SESSION_COOKIE)]);
    }

    const organisation = await ports.organisations.get(session.organisationId);
    if (!organisation) return page(404, consoleNotFoundPage(assetsPath, base));
    const pageBase: ConsolePageBase = {
      base,
      assetsPath,
      session,
      csrfToken,
      organisationName: organisation.name,
      policy: organisation.policy,
      now: now(),
    };
    if (people) {
      const query = event.queryStringParameters ?? {};
      const answered = await peopleRoute({ ...people, now }, { path, method, query, form, page: pageBase });
      if (answered) return answered;
    }
    // An administrator's console is the users page: cases are for those who handle them.
    if (path === '/' && people && can(session.roles, 'administer') && !can(session.roles, 'view-cases')) {
      return redirect(`${base}/users`);
    }
    if (!can(session.roles, 'view-cases')) {
      return page(
        403,
        forbiddenPage(
          assetsPath,
          `Your role (${session.roles.map((r) => ROLE_LABELS[r]).join(', ')}) lets you report breaches, not open them. To report one, use your organisation’s report form: ${stagePrefix}/report/${organisation.id}`,
        ),
      );
    }

    // A mailed decision link, now that the person is signed in: on to the step's form, or why the link is spent.
    if (isDecisionLinkPath(path)) return decisionLinkRoute({ ...ports, now }, { path, method, page: pageBase });

    if (path === '/' && method === 'GET') {
      const filters = filtersOf(event.queryStringParameters);
      const states = await statesOf(session.organisationId, filters);
      const rows = dashboard(states, organisation.policy, session.roles, pageBase.now, filters);
      return scriptedHtmlResponse(200, renderDashboard({ ...pageBase, rows, filters }));
    }

    if (evidence && isEvidencePath(path)) {
      const person = { userId: session.userId, name: session.name, email: session.email };
      const role = session.roles.map((r) => ROLE_LABELS[r]).join(', ');
      return evidenceRoute({ ...ports, now, evidence }, { path, method, page: pageBase, person: { ...person, role } });
    }

    if (subjects && upload) {
      return subjectsRoute(
        { breaches: ports.breaches, subjects, now },
        { path, method, event, page: pageBase, sessionToken: token },
      );
    }

    if (changes && isCaseChangePath(path)) {
      return caseChangeRoute({ ...ports, ...changes, now }, { path, method, form, page: pageBase, organisation });
    }

    const read = await readPage({
      path,
      method,
      query: event.queryStringParameters,
      pageBase,
      organisation,
      allStates: () => statesOf(session.organisationId, { status: 'all' }),
    });
    if (read) return read;

    const caseMatch = /^\/breaches\/([^/]+)(?:\/decisions\/([a-z-]+))?$/.exec(path);
    if (!caseMatch?.[1] || !STATE_PATTERN.test(caseMatch[1])) return page(404, consoleNotFoundPage(assetsPath, base));
    const breachId = caseMatch[1];
    const stepName = caseMatch[2];
    let state: BreachState;
    try {
      state = await ownBreach(ports.breaches, session.organisationId, breachId);
    } catch (error) {
      if (error instanceof NotFoundError) return page(404, consoleNotFoundPage(assetsPath, base));
      throw error;
    }

    if (stepName === undefined) {
      if (method !== 'GET') return page(405, consoleNotFoundPage(assetsPath, base));
      const [events, similar] = await Promise.all([
        ports.breaches.events(breachId),
        similarIncidentsOf(ports, { organisationId: session.organisationId, breachId }),
      ]);
      const row = dashboardRow(state, organisation.policy, session.roles, pageBase.now);
      const evidenceHtml = evidence ? evidenceSection(pageBase, state) : undefined;
      const changesHtml = changes ? caseChangesFor(pageBase, state, organisation) : undefined;
      const caseInput = {
        state,
        events,
        row,
        actions: row.mine,
        similar,
        evidence: evidenceHtml,
        changes: changesHtml,
        mayAddPeople:
          subjects !== undefined &&
          can(session.roles, 'decide') &&
          whyNoPeopleCanBeAdded(state, organisation.policy.timeZone) === undefined,
      };
      return scriptedHtmlResponse(200, renderCasePage({ ...pageBase, ...caseInput }));
    }

    const step = DECISION_STEPS.find((s) => s === stepName);
    if (!step) return page(404, consoleNotFoundPage(assetsPath, base));
    return stepPage(pageBase, organisation, state, step, session, method, form);
  };

  const stepPage = async (
    p: ConsolePageBase,
    organisation: Organisation,
    state: BreachState,
    step: DecisionStep,
    session: Session,
    method: string,
    form: URLSearchParams | undefined,
  ): Promise<Result> => {
    const authority = stepAuthority(step, organisation.policy, state.report);
    if (!mayTakeStep(session.roles, authority)) {
      return htmlResponse(403, forbiddenPage(p.assetsPath, `You cannot take this step. ${authority.rule}`));
    }
    if (!state.pendingSteps.includes(step)) {
      return htmlResponse(
        409,
        forbiddenPage(p.assetsPath, `The breach is not waiting for “${STEP_TITLES[step]}” now. Nothing was recorded.`),
      );
    }
    const ctx: FormContext = { policy: organisation.policy, state };
    const actingAs = ROLE_LABELS[actingRole(session.roles, authority) ?? session.roles[0] ?? 'dpo'];
    // Who decides is who is signed in: the form asks neither for the decider nor for a sign-off they give themselves.
    const ownFields = (values: URLSearchParams) =>
      placeFields(step, ctx, values).filter(
        (field) => !(field.def.key === 'signedOffBy' && actingAs === ROLE_LABELS['senior-management']),
      );
    const show = (statusCode: number, values: URLSearchParams, errors: FormErrors = NO_ERRORS) =>
      htmlResponse(
        statusCode,
        renderStepPage({
          ...p,
          state,
          step,
          placed: ownFields(values),
          values,
          errors,
          ctx,
          submit: DECISION_FORMS[step].submit,
          actingAs,
        }),
      );
    if (method === 'GET') return show(200, defaultFormValues(step, ctx));
    if (method !== 'POST' || !form) return htmlResponse(405, consoleNotFoundPage(p.assetsPath, p.base));
    const reading = formToDecision(step, form, { timeZone: organisation.policy.timeZone });
    const invalid = (problems: readonly FieldProblem[]) =>
      show(422, form, formErrors(step, ownFields(form), form, reading, problems));
    const record = async (body: Record<string, unknown>) => {
      await takeDecision(takeDeps, {
        via: 'console',
        organisationId: session.organisationId,
        breachId: state.breachId,
        step,
        person: { userId: session.userId, name: session.name, email: session.email, roles: session.roles },
        body,
      });
      return redirect(`${p.base}/breaches/${state.breachId}`);
    };
    const how = (reading.body as { method?: unknown }).method;
    try {
      // Nothing is sent without a person pressing "send": choose, check the preview, send (notice-confirmation.ts).
      if (step === 'notify-subjects' && needsPreview(how) && reading.problems.length === 0) {
        const view = { state, policy: organisation.policy, organisationName: organisation.name };
        return await previewOrSend({
          view,
          values: form,
          method: how,
          body: reading.body,
          record,
          invalid,
          preview: (wording, problems, statusCode) =>
            htmlResponse(
              statusCode,
              renderNoticePreview({
                view,
                csrfField: CSRF_FIELD,
                csrfToken: p.csrfToken,
                values: form,
                method: how,
                wording,
                problems,
                layout: ({ title, hasErrors, content }) => consolePage(p, title, content, hasErrors),
              }),
            ),
        });
      }
      return await record(reading.body);
    } catch (error) {
      if (error instanceof DecisionInvalidError) return invalid(error.problems);
      if (error instanceof StepNotPermittedError) return htmlResponse(403, forbiddenPage(p.assetsPath, error.message));
      if (error instanceof StepNotAwaitedError) return htmlResponse(409, forbiddenPage(p.assetsPath, error.message));
      throw error;
    }
  };

  return middy<APIGatewayProxyEvent, Result>().handler(async (event) => {
    try {
      return await handle(event);
    } catch (error) {
      logger.error('console request failed', { ...describeError(error) });
      return htmlResponse(
        500,
        forbiddenPage(assetsPathOf(event), 'Sorry, there is a problem with the service. Try again later.'),
      );
    }
  });
};
