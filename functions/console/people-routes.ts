import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  type AccountProvisioner,
  type ChangeLog,
  EmailInUseError,
  LastRoleHolderError,
  makeAdministerUsers,
  type UserAdminStore,
  UserInputError,
  UserNotFoundError,
} from '../domain/administer-users';
import type { FieldError } from '../domain/errors';
import { can } from '../domain/roles';
import type { User } from '../domain/users';
import { MAY_MARK_AWAY } from '../pages/console-links';
import type { ConsolePageBase } from '../pages/console-pages';
import { consoleNotFoundPage, forbiddenPage } from '../pages/console-pages';
import { type FieldDef, type FormErrors, formErrors, NO_ERRORS, placeFields, readForm } from '../pages/forms';
import {
  AWAY_FIELDS,
  awayStatus,
  backForm,
  DONE_MESSAGES,
  type Done,
  NEW_USER_FIELDS,
  ROLES_FIELDS,
  renderDeactivatePage,
  renderPeopleForm,
  renderUsersPage,
} from '../pages/people-pages';
import { htmlResponse } from '../pages/response';

/**
 * The console's people routes: `/users…` for administrators (list, add, change roles, deactivate) and `/away` for
 * anyone who may be asked to decide. The session and the anti-forgery token are checked before these run
 * (make-handler.ts); the roles are checked here, from the session, on every request. Each change goes through
 * domain/administer-users.ts, which records it with the signed-in person as the one who made it.
 */

export interface PeopleRouteDeps {
  store: UserAdminStore;
  changes: ChangeLog;
  /** Where Breachdesk creates the accounts people sign in with (Cognito); absent when the provider knows them. */
  accounts?: AccountProvisioner;
  now: () => Date;
}

export interface PeopleRequest {
  path: string;
  method: string;
  query: Record<string, string | undefined>;
  form: URLSearchParams | undefined;
  page: ConsolePageBase;
}

type Result = APIGatewayProxyResult;

const redirect = (location: string): Result => ({
  statusCode: 303,
  headers: { location, 'cache-control': 'no-store' },
  body: '',
});

const USER_PATH = /^\/users\/(usr_[A-Za-z0-9_-]{8,64})\/(roles|deactivate)$/;

const doneOf = (value: string | undefined): Done | undefined =>
  value !== undefined && Object.hasOwn(DONE_MESSAGES, value) ? (value as Done) : undefined;

/** The form's problems on its fields: the schema's (worded by the field) or a rule's (kept in its own words). */
const errorsOf = (
  defs: readonly FieldDef[],
  values: URLSearchParams,
  reading: ReturnType<typeof readForm>,
  problems: readonly FieldError[],
  fromSchema: boolean,
): FormErrors =>
  formErrors({ placed: placeFields<unknown>(defs, undefined, values), values, reading, problems, fromSchema });

/** Handles the request when it is one of the people routes; undefined lets the console carry on. */
export const peopleRoute = async (deps: PeopleRouteDeps, request: PeopleRequest): Promise<Result | undefined> => {
  const { path, method, form, page: p } = request;
  const isUsers = path === '/users' || path.startsWith('/users/');
  if (!isUsers && path !== '/away') return undefined;
  const { session, policy } = p;
  const admin = makeAdministerUsers({
    store: deps.store,
    changes: deps.changes,
    actor: `console:${session.userId}`,
    actorName: session.name,
    ...(deps.accounts ? { accounts: deps.accounts } : {}),
    now: deps.now,
  });
  const organisationId = session.organisationId;
  const timeZone = policy.timeZone;
  const done = doneOf(request.query.done);

  if (path === '/away') {
    if (!session.roles.some((role) => MAY_MARK_AWAY.includes(role))) {
      return htmlResponse(
        403,
        forbiddenPage(p.assetsPath, 'Your role is not asked to decide, so there is nobody to stand in for you.'),
      );
    }
    const user = await admin.findUser(organisationId, session.userId);
    const show = (status: number, values: URLSearchParams, errors: FormErrors = NO_ERRORS) =>
      htmlResponse(
        status,
        renderPeopleForm({
          ...p,
          title: 'When you are away',
          action: `${p.base}/away`,
          placed: placeFields<unknown>(AWAY_FIELDS, undefined, values),
          values,
          errors,
          submit: 'Save my absence',
          intro: awayStatus({ ...p, user, ...(done ? { done } : {}) }),
          after: backForm({ ...p, user }),
          back: { href: `${p.base}/`, text: 'Back to the dashboard' },
        }),
      );
    if (method === 'GET') return show(200, new URLSearchParams());
    if (!form) return htmlResponse(405, consoleNotFoundPage(p.assetsPath, p.base));
    if (form.get('back') === 'yes') {
      await admin.setAway(organisationId, session.userId, undefined);
      return redirect(`${p.base}/away?done=back`);
    }
    const reading = readForm(AWAY_FIELDS, form, { timeZone });
    if (reading.problems.length > 0) return show(422, form, errorsOf(AWAY_FIELDS, form, reading, [], true));
    try {
      await admin.setAway(organisationId, session.userId, reading.body);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      return show(422, form, errorsOf(AWAY_FIELDS, form, reading, error.problems, false));
    }
    return redirect(`${p.base}/away?done=away`);
  }

  if (!can(session.roles, 'administer')) {
    return htmlResponse(
      403,
      forbiddenPage(p.assetsPath, 'Only an administrator of your organisation can manage its users.'),
    );
  }

  if (path === '/users' && method === 'GET') {
    return htmlResponse(
      200,
      renderUsersPage({ ...p, users: await admin.listUsers(organisationId), ...(done ? { done } : {}) }),
    );
  }

  if (path === '/users/new') {
    const show = (status: number, values: URLSearchParams, errors: FormErrors = NO_ERRORS) =>
      htmlResponse(
        status,
        renderPeopleForm({
          ...p,
          title: 'Add a user',
          action: `${p.base}/users/new`,
          placed: placeFields<unknown>(NEW_USER_FIELDS, undefined, values),
          values,
          errors,
          submit: 'Add the user',
          back: { href: `${p.base}/users`, text: 'Back to users' },
        }),
      );
    if (method === 'GET') return show(200, new URLSearchParams());
    if (!form) return htmlResponse(405, consoleNotFoundPage(p.assetsPath, p.base));
    const reading = readForm(NEW_USER_FIELDS, form, { timeZone });
    const body = { roles: [], ...reading.body };
    try {
      const { reactivated } = await admin.addUser(organisationId, body);
      return redirect(`${p.base}/users?done=${reactivated ? 'reactivated' : 'added'}`);
    } catch (error) {
      if (error instanceof UserInputError) {
        return show(422, form, errorsOf(NEW_USER_FIELDS, form, reading, error.problems, true));
      }
      if (error instanceof EmailInUseError) {
        const problems = [
          { path: 'email', message: 'This address already belongs to a Breachdesk user, so it cannot be added here' },
        ];
        return show(422, form, errorsOf(NEW_USER_FIELDS, form, reading, problems, false));
      }
      throw error;
    }
  }

  const match = USER_PATH.exec(path);
  if (!match?.[1]) return htmlResponse(404, consoleNotFoundPage(p.assetsPath, p.base));
  const userId = match[1];
  let user: User;
  try {
    user = await admin.findUser(organisationId, userId);
  } catch (error) {
    // Another organisation's user answers as one that does not exist.
    if (error instanceof UserNotFoundError) return htmlResponse(404, consoleNotFoundPage(p.assetsPath, p.base));
    throw error;
  }

  if (match[2] === 'deactivate') {
    if (method === 'GET') return htmlResponse(200, renderDeactivatePage({ ...p, user }));
    try {
      await admin.deactivateUser(organisationId, userId);
    } catch (error) {
      if (!(error instanceof LastRoleHolderError)) throw error;
      return htmlResponse(
        409,
        renderDeactivatePage({ ...p, user, problem: `${user.name} cannot be deactivated: ${error.message}` }),
      );
    }
    return redirect(`${p.base}/users?done=deactivated`);
  }

  const show = (status: number, values: URLSearchParams, errors: FormErrors = NO_ERRORS) =>
    htmlResponse(
      status,
      renderPeopleForm({
        ...p,
        title: `Change the roles of ${user.name}`,
        caption: user.email,
        action: `${p.base}/users/${user.id}/roles`,
        placed: placeFields<unknown>(ROLES_FIELDS, undefined, values),
        values,
        errors,
        submit: 'Save the roles',
        back: { href: `${p.base}/users`, text: 'Back to users' },
      }),
    );
  if (method === 'GET') {
    const values = new URLSearchParams();
    for (const role of user.roles) values.append('roles', role);
    return show(200, values);
  }
  if (!form) return htmlResponse(405, consoleNotFoundPage(p.assetsPath, p.base));
  const reading = readForm(ROLES_FIELDS, form, { timeZone });
  try {
    await admin.changeRoles(organisationId, userId, { roles: [], ...reading.body });
  } catch (error) {
    if (error instanceof UserInputError) {
      return show(422, form, errorsOf(ROLES_FIELDS, form, reading, error.problems, true));
    }
    if (error instanceof LastRoleHolderError) {
      return show(409, form, errorsOf(ROLES_FIELDS, form, reading, [{ path: 'roles', message: error.message }], false));
    }
    throw error;
  }
  return redirect(`${p.base}/users?done=roles`);
};
