import { z } from 'zod/mini';
import './zod-english';
import { ROLES, type Role } from './roles';

/**
 * A person of an organisation, as Breachdesk's directory knows them. The identity provider proves who is signing in
 * (a verified e-mail address); this directory says which organisation they belong to and in which roles. One address
 * belongs to one organisation: the address is the key, so nobody can be filed under two.
 */

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const userSchema = z.strictObject({
  /** Stable id, recorded with each decision the person takes. */
  id: z.string().check(z.regex(/^usr_[A-Za-z0-9_-]{8,64}$/)),
  organisationId: text(64),
  name: text(200),
  email: z.email().check(z.maxLength(254)),
  roles: z.array(z.enum(ROLES)).check(z.minLength(1), z.maxLength(ROLES.length)),
  /** Marked away (leave, sickness): requests and alerts go to the deputy meanwhile. */
  away: z.optional(z.boolean()),
});
export type User = z.infer<typeof userSchema>;

/** Addresses compare case-insensitively, as every mail system a school or care home uses treats them. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** The person a decision records: who they are in the directory and the role they acted in. */
export interface SignedInPerson {
  userId: string;
  name: string;
  role: Role;
  email: string;
}

/**
 * Who decision requests and alerts go to: the DPOs who are not away; when every DPO is away (or none is listed),
 * the deputies who are not; when nobody is, the DPOs anyway (someone must be told).
 */
export const decisionRecipients = (users: readonly User[]): User[] => {
  const holding = (role: Role) => users.filter((user) => user.roles.includes(role));
  const present = (list: User[]) => list.filter((user) => !user.away);
  const dpos = present(holding('dpo'));
  if (dpos.length > 0) return dpos;
  const deputies = present(holding('deputy-dpo'));
  if (deputies.length > 0) return deputies;
  return holding('dpo');
};
