import { DynamoConsoleDirectory } from '../functions/adapters/console-directory';
import { DynamoOrganisationAdminStore } from '../functions/adapters/organisation-admin-store';
import {
  EmailInUseError,
  LastRoleHolderError,
  makeAdministerUsers,
  UserInputError,
  UserNotFoundError,
} from '../functions/domain/administer-users';
import { OrganisationNotFoundError } from '../functions/domain/organisation-admin-ports';
import { ROLE_LABELS, ROLES } from '../functions/domain/roles';
import { isActive, type User } from '../functions/domain/users';
import type { Deployment } from './deployment';

/**
 * `npm run admin -- user …`: an organisation's people from the command line, through the same use cases as the
 * console's users page (functions/domain/administer-users.ts), recorded with the caller's AWS ARN or local user.
 */

export const USER_COMMANDS = [
  'user list',
  'user add',
  'user roles',
  'user deactivate',
  'user away',
  'user back',
] as const;
export type UserCommand = (typeof USER_COMMANDS)[number];

export const USER_REQUIRED: Record<UserCommand, string[]> = {
  'user list': ['org'],
  'user add': ['org', 'name', 'email', 'role'],
  'user roles': ['org', 'user', 'role'],
  'user deactivate': ['org', 'user'],
  'user away': ['org', 'user', 'from', 'until'],
  'user back': ['org', 'user'],
};

export const USERS_HELP = `Users (people who sign in to the console)
  user list --org ID  name, e-mail, roles, whether active or away
  user add --org ID --name N --email E --role R [--role R …]
                      roles: ${ROLES.join(', ')}
  user roles --org ID --user USER --role R [--role R …]
                      exactly these roles from the next page they open
  user deactivate --org ID --user USER
                      signed out at once, cannot sign in again; their decisions keep their name
  user away --org ID --user USER --from ISO --until ISO
                      requests and alerts go to the deputy meanwhile
  user back --org ID --user USER
  USER is the user's id (usr_…) or e-mail address. The last active administrator and the last active DPO of an
  organisation cannot be deactivated or lose that role.
`;

const userLine = (user: User): string =>
  [
    user.id,
    user.name,
    user.email,
    user.roles.map((role) => ROLE_LABELS[role]).join(', '),
    isActive(user)
      ? user.away
        ? `away ${user.away.from} – ${user.away.until}`
        : 'active'
      : `deactivated ${user.deactivatedAt}`,
  ].join('  ');

export const isUserCommand = (command: string): command is UserCommand =>
  (USER_COMMANDS as readonly string[]).includes(command);

/** Runs one user command; throws the use cases' errors for the caller to word (see `userRefusal`). */
export async function runUserCommand(
  command: UserCommand,
  values: { org: string; user?: string; name?: string; email?: string; role?: string[]; from?: string; until?: string },
  deployment: Deployment,
): Promise<{ result: unknown; lines: string[] }> {
  const options = { client: deployment.documents, tableName: deployment.tableName };
  const organisations = new DynamoOrganisationAdminStore(options);
  const directory = new DynamoConsoleDirectory(options);
  if (!(await organisations.get(values.org))) throw new OrganisationNotFoundError(values.org);
  const admin = makeAdministerUsers({
    store: directory,
    changes: organisations,
    actor: deployment.actor,
    ...(deployment.accounts ? { accounts: deployment.accounts } : {}),
  });
  const where = `(${deployment.describe}, as ${deployment.actor})`;

  /** A user of this organisation by id or address; another organisation's is "no such user". */
  const userIdOf = async (given: string): Promise<string> => {
    if (!given.includes('@')) return given;
    const found = await directory.userByEmail(given);
    if (!found || found.organisationId !== values.org) throw new UserNotFoundError(values.org, given);
    return found.id;
  };

  switch (command) {
    case 'user list': {
      const users = await admin.listUsers(values.org);
      return { result: users, lines: users.length === 0 ? [`${values.org} has no users.`] : users.map(userLine) };
    }
    case 'user add': {
      const added = await admin.addUser(values.org, { name: values.name, email: values.email, roles: values.role });
      return {
        result: added,
        lines: [
          `${added.reactivated ? 'Activated again' : 'Added'} ${userLine(added.user)} ${where}.`,
          'They sign in with this address at the organisation’s sign-in (README: How an organisation signs in).',
        ],
      };
    }
    case 'user roles': {
      const user = await admin.changeRoles(values.org, await userIdOf(values.user ?? ''), { roles: values.role });
      return { result: user, lines: [`Roles changed: ${userLine(user)} ${where}.`] };
    }
    case 'user deactivate': {
      const user = await admin.deactivateUser(values.org, await userIdOf(values.user ?? ''));
      return { result: user, lines: [`Deactivated ${userLine(user)} ${where}: signed out everywhere at once.`] };
    }
    case 'user away': {
      const user = await admin.setAway(values.org, await userIdOf(values.user ?? ''), {
        from: values.from,
        until: values.until,
      });
      return { result: user, lines: [`Marked away: ${userLine(user)} ${where}.`] };
    }
    case 'user back': {
      const user = await admin.setAway(values.org, await userIdOf(values.user ?? ''), undefined);
      return { result: user, lines: [`Marked back: ${userLine(user)} ${where}.`] };
    }
  }
}

/** The refusal's words for the command line, or undefined when the error is not a refusal of the input. */
export const userRefusal = (error: unknown): string | undefined => {
  if (error instanceof UserInputError) {
    return [
      'The input cannot be used. Nothing was changed.',
      ...error.problems.map((p) => `  --${p.path}: ${p.message}`),
    ]
      .join('\n')
      .replace(/--roles(\[\d+\])?/g, '--role')
      .replace(/--away\./g, '--');
  }
  if (error instanceof EmailInUseError)
    return 'The e-mail address already belongs to a Breachdesk user. Nothing was changed.';
  if (error instanceof LastRoleHolderError || error instanceof UserNotFoundError) {
    return `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}. Nothing was changed.`;
  }
  return undefined;
};
