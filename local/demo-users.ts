import { ROLE_LABELS, ROLES, type Role } from '../functions/domain/roles';
import type { User } from '../functions/domain/users';

/**
 * The demo organisations' people, one per role, so that every role can be tried locally. The same list is the local
 * identity provider's accounts and the directory's users: the provider says who signs in, the directory which
 * organisation and role they have, as in AWS. Addresses are under example.org (RFC 2606): nobody real is mailed.
 */

const FIRST_NAMES: Record<Role, string> = {
  reporter: 'Robin Reporter',
  dpo: 'Dana Protection',
  'deputy-dpo': 'Devi Deputy',
  slt: 'Sam Leadership',
  governors: 'Gail Governor',
  'senior-management': 'Morgan Senior',
  board: 'Bea Board',
  siro: 'Sid Risk-Owner',
  auditor: 'Alex Auditor',
  administrator: 'Ada Admin',
};

export const demoUserEmail = (organisationId: string, role: Role): string => `${role}@${organisationId}.example.org`;

export const demoUsers = (organisations: readonly { id: string }[]): User[] =>
  organisations.flatMap((organisation) =>
    ROLES.map(
      (role): User => ({
        id: `usr_${organisation.id}-${role}`,
        organisationId: organisation.id,
        name: FIRST_NAMES[role],
        email: demoUserEmail(organisation.id, role),
        roles: [role],
      }),
    ),
  );

export const demoUserLabel = (user: User): string =>
  `${user.name}, ${user.roles.map((role) => ROLE_LABELS[role]).join(', ')}`;
