import { beforeEach, describe, expect, it } from 'vitest';
import {
  EmailInUseError,
  LastRoleHolderError,
  makeAdministerUsers,
  type UserAdminStore,
  UserInputError,
} from '../../../functions/domain/administer-users';
import type { OrganisationChange } from '../../../functions/domain/organisation-admin-ports';
import type { Role } from '../../../functions/domain/roles';
import type { User } from '../../../functions/domain/users';

/** The directory as a map by address, refusing another organisation's address as the DynamoDB adapter does. */
class MemoryDirectory implements UserAdminStore {
  readonly byEmail = new Map<string, User>();
  async usersOf(organisationId: string) {
    return [...this.byEmail.values()].filter((user) => user.organisationId === organisationId);
  }
  async userByEmail(email: string) {
    return this.byEmail.get(email);
  }
  async putUser(user: User) {
    const existing = this.byEmail.get(user.email);
    if (existing && existing.organisationId !== user.organisationId) throw new EmailInUseError(user.organisationId);
    this.byEmail.set(user.email, user);
  }
}

const ORG = 'st-clares';
const person = (id: string, roles: Role[], organisationId = ORG): User => ({
  id: `usr_${id}-00000000`,
  organisationId,
  name: id,
  email: `${id}@school.example.org`,
  roles,
});

let directory: MemoryDirectory;
let changes: OrganisationChange[];
let ids: number;
const admin = () =>
  makeAdministerUsers({
    store: directory,
    changes: { recordChange: async (change) => void changes.push(change) },
    actor: 'console:usr_ada-00000000',
    actorName: 'Ada Admin',
    now: () => new Date('2026-12-04T10:00:00Z'),
    newUserId: () => `usr_new-${String(++ids).padStart(8, '0')}`,
  });

beforeEach(async () => {
  directory = new MemoryDirectory();
  changes = [];
  ids = 0;
  for (const user of [person('ada', ['administrator']), person('dana', ['dpo']), person('robin', ['reporter'])]) {
    await directory.putUser(user);
  }
});

describe('administering people', () => {
  it('adds a person with their roles and records who added them', async () => {
    const { user } = await admin().addUser(ORG, {
      name: 'Gail Governor',
      email: 'Gail@School.example.org',
      roles: ['governors'],
    });
    expect(user).toMatchObject({ email: 'gail@school.example.org', roles: ['governors'], organisationId: ORG });
    expect(await directory.userByEmail('gail@school.example.org')).toEqual(user);
    expect(changes).toEqual([
      expect.objectContaining({
        action: 'user-added',
        userId: user.id,
        by: 'console:usr_ada-00000000',
        byName: 'Ada Admin',
        roles: ['governors'],
      }),
    ]);
  });

  it('refuses bad input with a message per field and writes nothing', async () => {
    const refused = await admin()
      .addUser(ORG, { name: ' ', email: 'not-an-address', roles: [] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UserInputError);
    expect((refused as UserInputError).problems.map((p) => p.path).sort()).toEqual(['email', 'name', 'roles']);
    expect(directory.byEmail.size).toBe(3);
    expect(changes).toEqual([]);
  });

  it('refuses an address that belongs to another organisation', async () => {
    await directory.putUser(person('other', ['dpo'], 'elsewhere'));
    await expect(
      admin().addUser(ORG, { name: 'Other', email: 'other@school.example.org', roles: ['reporter'] }),
    ).rejects.toBeInstanceOf(EmailInUseError);
    expect(changes).toEqual([]);
  });

  it('changes roles, keeping the previous ones in the record', async () => {
    const updated = await admin().changeRoles(ORG, 'usr_robin-00000000', { roles: ['slt', 'reporter'] });
    expect(updated.roles).toEqual(['slt', 'reporter']);
    expect(changes[0]).toMatchObject({
      action: 'user-roles-changed',
      roles: ['slt', 'reporter'],
      previousRoles: ['reporter'],
    });
  });

  it('will not take away the last administrator or the last DPO', async () => {
    await expect(admin().changeRoles(ORG, 'usr_ada-00000000', { roles: ['reporter'] })).rejects.toThrow(
      LastRoleHolderError,
    );
    await expect(admin().deactivateUser(ORG, 'usr_dana-00000000')).rejects.toMatchObject({ role: 'dpo' });
    expect(changes).toEqual([]);
    // With a second DPO the first can go.
    await admin().addUser(ORG, { name: 'Devi', email: 'devi@school.example.org', roles: ['dpo'] });
    const gone = await admin().deactivateUser(ORG, 'usr_dana-00000000');
    expect(gone.deactivatedAt).toBe('2026-12-04T10:00:00.000Z');
    expect(changes.map((c) => c.action)).toEqual(['user-added', 'user-deactivated']);
  });

  it('activates a deactivated person again under the same id when they are added back', async () => {
    await admin().deactivateUser(ORG, 'usr_robin-00000000');
    const { user } = await admin().addUser(ORG, {
      name: 'Robin',
      email: 'robin@school.example.org',
      roles: ['reporter'],
    });
    expect(user.id).toBe('usr_robin-00000000');
    expect(user.deactivatedAt).toBeUndefined();
    expect(changes.map((c) => c.action)).toEqual(['user-deactivated', 'user-reactivated']);
  });

  it('marks someone away and back, refusing an end before the start', async () => {
    await expect(
      admin().setAway(ORG, 'usr_dana-00000000', { from: '2026-12-10T00:00:00Z', until: '2026-12-09T00:00:00Z' }),
    ).rejects.toMatchObject({
      problems: [{ path: 'until', message: 'The date you are back must be after the date you leave' }],
    });
    const away = await admin().setAway(ORG, 'usr_dana-00000000', {
      from: '2026-12-10T00:00:00Z',
      until: '2026-12-17T00:00:00Z',
    });
    expect(away.away).toEqual({ from: '2026-12-10T00:00:00Z', until: '2026-12-17T00:00:00Z' });
    const back = await admin().setAway(ORG, 'usr_dana-00000000', undefined);
    expect(back.away).toBeUndefined();
    expect(changes.map((c) => c.action)).toEqual(['user-away', 'user-back']);
  });
});
