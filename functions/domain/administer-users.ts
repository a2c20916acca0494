import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import './zod-english';
import type { FieldError } from './errors';
import { fieldErrors } from './field-errors';
import type { OrganisationChange } from './organisation-admin-ports';
import { ROLE_LABELS, ROLES, type Role } from './roles';
import { isActive, normaliseEmail, type User, userSchema } from './users';

/**
 * Administering an organisation's people, in the console (an administrator) and with `npm run admin -- user …`:
 * list them, add one, change their roles, deactivate them, and mark someone away and back. Every use case
 * validates before it writes, so bad input changes nothing, and every change is recorded beside the organisation
 * with who made it (organisation-admin-ports.ts), in the table the audit exports copy.
 *
 * Two people the procedure cannot run without are protected: the last active administrator (nobody could add people
 * again) and the last active DPO (nobody would be asked to decide). Deactivating keeps the person — their name stays
 * on every decision they took — and ends their sessions at once: a session is honoured only while its person is
 * active in the directory (sign-in.ts `currentSession`).
 */

/** What administering people needs from storage (adapters/console-directory.ts implements it). */
export interface UserAdminStore {
  usersOf(organisationId: string): Promise<User[]>;
  userByEmail(email: string): Promise<User | undefined>;
  /** Adds or replaces; EmailInUseError when the address belongs to another organisation's user. */
  putUser(user: User): Promise<void>;
}

export interface ChangeLog {
  recordChange(change: OrganisationChange): Promise<void>;
}

/**
 * Makes a person able to sign in at the identity provider, where Breachdesk creates the accounts (Cognito's
 * AdminCreateUser in AWS). Locally, and with a federated provider (Entra ID, Google), the provider already knows them.
 */
export interface AccountProvisioner {
  ensureAccount(user: Pick<User, 'email' | 'name'>): Promise<'created' | 'exists'>;
}

export interface AdministerUsersDeps {
  store: UserAdminStore;
  changes: ChangeLog;
  /** Who makes the changes: `console:<user id>` for a signed-in administrator, an AWS ARN or `local:<user>` for the CLI. */
  actor: string;
  /** The actor's name, when a person: the audit record reads "by Ada Admin". */
  actorName?: string;
  accounts?: AccountProvisioner;
  now?: () => Date;
  newUserId?: () => string;
}

/** Input that cannot be used; `problems` name the field (`email`, `roles`, `away.until`) in words a person can act on. */
export class UserInputError extends Error {
  override readonly name = 'UserInputError';
  constructor(readonly problems: readonly FieldError[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
}

export class UserNotFoundError extends Error {
  override readonly name = 'UserNotFoundError';
  constructor(
    readonly organisationId: string,
    readonly userId: string,
  ) {
    super(`organisation '${organisationId}' has no user '${userId}'`);
  }
}

/** The change would leave the organisation without an active holder of a role it cannot run without. */
export class LastRoleHolderError extends Error {
  override readonly name = 'LastRoleHolderError';
  constructor(readonly role: Role) {
    super(`this would leave no active ${ROLE_LABELS[role].toLowerCase()}: add or give the role to someone else first`);
  }
}

/** An address is already someone's: a person belongs to one organisation. */
export class EmailInUseError extends Error {
  override readonly name = 'EmailInUseError';
  constructor(readonly organisationId: string) {
    super('the e-mail address already belongs to a Breachdesk user');
  }
}

/** Roles an organisation always keeps an active holder of, once it has one. */
export const PROTECTED_ROLES: readonly Role[] = ['administrator', 'dpo'];

const nameSchema = z.string().check(z.trim(), z.minLength(1, 'Enter the person’s name'), z.maxLength(200));
const emailSchema = z
  .email('Enter an e-mail address in the correct format, like name@example.org')
  .check(z.maxLength(254));
const rolesSchema = z
  .array(z.enum(ROLES, 'Select a role from the list'))
  .check(z.minLength(1, 'Select at least one role'), z.maxLength(ROLES.length));
const instant = z.iso.datetime({ offset: true });

export const newUserSchema = z.strictObject({ name: nameSchema, email: emailSchema, roles: rolesSchema });
export type NewUserInput = z.infer<typeof newUserSchema>;

export const rolesInputSchema = z.strictObject({ roles: rolesSchema });
export const awayInputSchema = z.strictObject({ from: instant, until: instant }).check(
  z.refine((away) => Date.parse(away.until) > Date.parse(away.from), {
    message: 'The date you are back must be after the date you leave',
    path: ['until'],
  }),
);

const parseOrThrow = <T>(schema: z.ZodMiniType<T>, input: unknown): T => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new UserInputError(fieldErrors(result.error));
};

const newId = () => `usr_${randomBytes(12).toString('base64url')}`;

/** Which protected roles `after` would leave without an active holder, where `before` had one. */
const orphanedRole = (before: readonly User[], after: readonly User[]): Role | undefined =>
  PROTECTED_ROLES.find(
    (role) =>
      before.some((user) => isActive(user) && user.roles.includes(role)) &&
      !after.some((user) => isActive(user) && user.roles.includes(role)),
  );

export const makeAdministerUsers = (deps: AdministerUsersDeps) => {
  const now = deps.now ?? (() => new Date());
  const mintId = deps.newUserId ?? newId;

  const record = async (
    organisationId: string,
    action: OrganisationChange['action'],
    user: User,
    extra: Partial<OrganisationChange> = {},
  ) =>
    deps.changes.recordChange({
      organisationId,
      action,
      at: now().toISOString(),
      by: deps.actor,
      ...(deps.actorName ? { byName: deps.actorName } : {}),
      userId: user.id,
      ...extra,
    });

  const find = async (organisationId: string, userId: string) => {
    const users = await deps.store.usersOf(organisationId);
    const user = users.find((candidate) => candidate.id === userId);
    if (!user) throw new UserNotFoundError(organisationId, userId);
    return { users, user };
  };

  /** Replaces one user, unless that would orphan a protected role. */
  const replace = async (users: readonly User[], updated: User) => {
    const role = orphanedRole(
      users,
      users.map((user) => (user.id === updated.id ? updated : user)),
    );
    if (role) throw new LastRoleHolderError(role);
    await deps.store.putUser(updated);
  };

  return {
    /** The organisation's people, active first, each by name. */
    async listUsers(organisationId: string): Promise<User[]> {
      const users = await deps.store.usersOf(organisationId);
      return [...users].sort(
        (a, b) => Number(!isActive(a)) - Number(!isActive(b)) || a.name.localeCompare(b.name, 'en'),
      );
    },

    async findUser(organisationId: string, userId: string): Promise<User> {
      return (await find(organisationId, userId)).user;
    },

    /**
     * Adds a person.
     * 1. Validates name, address and roles.
     * 2. Refuses an address that is another organisation's; a deactivated person of this one is activated again
     *    (same id, so their past decisions and the new ones are one person's).
     * 3. Stores them, makes them able to sign in where Breachdesk creates accounts, and records the change.
     */
    async addUser(
      organisationId: string,
      input: unknown,
    ): Promise<{ user: User; reactivated: boolean; account?: 'created' | 'exists' }> {
      const { name, email, roles } = parseOrThrow(newUserSchema, input);
      const address = normaliseEmail(email);
      const existing = await deps.store.userByEmail(address);
      if (existing && existing.organisationId !== organisationId) throw new EmailInUseError(organisationId);
      if (existing && isActive(existing)) {
        throw new UserInputError([{ path: 'email', message: `${existing.name} already has this address` }]);
      }
      const user: User = userSchema.parse({
        id: existing?.id ?? mintId(),
        organisationId,
        name,
        email: address,
        roles,
      });
      await deps.store.putUser(user);
      const account = deps.accounts ? await deps.accounts.ensureAccount(user) : undefined;
      await record(organisationId, existing ? 'user-reactivated' : 'user-added', user, { roles: [...roles] });
      return { user, reactivated: existing !== undefined, ...(account ? { account } : {}) };
    },

    /** Gives a person exactly these roles; the last administrator or DPO keeps theirs. */
    async changeRoles(organisationId: string, userId: string, input: unknown): Promise<User> {
      const { roles } = parseOrThrow(rolesInputSchema, input);
      const { users, user } = await find(organisationId, userId);
      const updated: User = { ...user, roles: [...roles] };
      await replace(users, updated);
      await record(organisationId, 'user-roles-changed', updated, { roles: [...roles], previousRoles: user.roles });
      return updated;
    },

    /** Deactivates a person: they cannot sign in, their sessions stop working at once, their record stays. */
    async deactivateUser(organisationId: string, userId: string): Promise<User> {
      const { users, user } = await find(organisationId, userId);
      if (!isActive(user)) return user;
      const updated: User = { ...user, deactivatedAt: now().toISOString() };
      await replace(users, updated);
      await record(organisationId, 'user-deactivated', updated);
      return updated;
    },

    /**
     * Marks a person away from `from` until `until` (ISO 8601), or back when `away` is undefined. While every DPO
     * is away, requests and alerts go to the deputy (decision-recipients.ts).
     */
    async setAway(organisationId: string, userId: string, away: unknown): Promise<User> {
      const { user } = await find(organisationId, userId);
      if (away === undefined) {
        const { away: _cleared, ...back } = user;
        await deps.store.putUser(back);
        await record(organisationId, 'user-back', back);
        return back;
      }
      const window = parseOrThrow(awayInputSchema, away);
      const updated: User = { ...user, away: window };
      await deps.store.putUser(updated);
      await record(organisationId, 'user-away', updated, { awayFrom: window.from, awayUntil: window.until });
      return updated;
    },
  };
};

export type AdministerUsers = ReturnType<typeof makeAdministerUsers>;
