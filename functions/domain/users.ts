import * as z from 'zod/mini';
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
  /**
   * Away (leave, sickness) from `from` until `until`: while away, decision requests and clock alerts that would
   * reach them go to their deputy (decision-recipients.ts). Both instants ISO 8601; `until` after `from`.
   */
  away: z.optional(
    z.strictObject({ from: z.iso.datetime({ offset: true }), until: z.iso.datetime({ offset: true }) }).check(
      z.refine((away) => Date.parse(away.until) > Date.parse(away.from), {
        message: 'the end of the absence must be after its start',
        path: ['until'],
      }),
    ),
  ),
  /** Deactivated: cannot sign in, and every session they had stops working at once. Kept for the record. */
  deactivatedAt: z.optional(z.iso.datetime({ offset: true })),
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

/** Whether the person can sign in and be asked anything: not deactivated. */
export const isActive = (user: Pick<User, 'deactivatedAt'>): boolean => user.deactivatedAt === undefined;

/** Whether the person is away at `at`: from `from` (inclusive) until `until` (exclusive). */
export const isAwayAt = (user: Pick<User, 'away'>, at: Date): boolean =>
  user.away !== undefined && Date.parse(user.away.from) <= at.getTime() && at.getTime() < Date.parse(user.away.until);

/** The organisation's people, as the mail senders read them to decide who is told (decision-recipients.ts). */
export interface PeopleDirectory {
  usersOf(organisationId: string): Promise<User[]>;
}
