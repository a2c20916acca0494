import type { MailKind } from './mail/message';
import { type RecipientContext, type Recipients, recipientsFor } from './mail/recipients';
import type { OrganisationPolicy } from './policy';
import { ROLE_LABELS, type Role } from './roles';
import { isActive, isAwayAt, type User } from './users';

/**
 * Who receives what: the one place that decides, for every mail Breachdesk sends about a breach, who it is addressed
 * to, who is copied, and who may be sent a link that records a decision. Every mail builder asks it.
 *
 * 1. The policy names the DPO's mailbox and the escalation contacts copied under their rules (mail/recipients.ts).
 * 2. The directory says whether the DPO is away. While every DPO in it is away, what would reach the DPO goes to the
 *    deputy: the deputy DPOs who are not away; where there is none, the policy's SLT contact (St Clare's: "staff
 *    alert a senior manager… escalation to the Senior Leadership Team", the SLT nominee standing in); where there is
 *    none either, the DPO after all — someone must be told. The DPO stays in copy, to find the trail on return.
 * 3. A decision request's link goes only to those who decide the step (roles.ts `stepAuthority`): the DPO desk for
 *    the DPO's steps; for a step the policy gives to a body (governors when the head is responsible, RCOT's senior
 *    management) that body's people in the directory and the policy's contact for it. Everyone else who is told is
 *    told without the link: a link that records a decision must not sit in the mailbox of someone who may not use it.
 */

export interface Audience extends RecipientContext {
  /** The organisation's directory; without it (an organisation run by API alone) the policy's contacts decide. */
  people?: readonly User[];
  /** When the mail is sent: who is away is judged at this instant. */
  at?: string;
  /** For a decision request: the roles that decide the step (roles.ts `stepAuthority`). */
  deciderRoles?: readonly Role[];
}

export interface MailRecipients extends Recipients {
  /**
   * For a decision request, who is sent the link (a subset of `to`); everyone in `cc` is told without it. Empty for
   * every other kind of mail.
   */
  deciders: string[];
  /** Set while the DPO is away and someone stands in: said in the mail so the reader knows why it reached them. */
  standingIn?: { until: string; by: string };
}

const normalise = (address: string) => address.trim().toLowerCase();

const unique = (addresses: readonly string[], except: readonly string[] = []): string[] => {
  const seen = new Set(except.map(normalise));
  const out: string[] = [];
  for (const address of addresses) {
    const key = normalise(address);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(address.trim());
  }
  return out;
};

const holding = (people: readonly User[], roles: readonly Role[]) =>
  people.filter((user) => isActive(user) && user.roles.some((role) => roles.includes(role)));

/** The addresses that stand for the DPO now, and who stands in if the DPO is away. */
const dpoDesk = (
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation'>,
  people: readonly User[],
  at: Date,
): { to: string[]; standingIn?: MailRecipients['standingIn']; dpoAway: boolean } => {
  const dpos = holding(people, ['dpo']);
  const away = dpos.filter((user) => isAwayAt(user, at));
  if (dpos.length === 0 || away.length < dpos.length) return { to: [policy.dpo.email.trim()], dpoAway: false };
  // Every DPO is away: back on the earliest return.
  const until = away.map((user) => user.away?.until ?? '').sort()[0] ?? '';
  const deputies = holding(people, ['deputy-dpo']).filter((user) => !isAwayAt(user, at));
  if (deputies.length > 0) {
    return {
      to: unique(deputies.map((user) => user.email)),
      standingIn: { until, by: ROLE_LABELS['deputy-dpo'].toLowerCase() },
      dpoAway: true,
    };
  }
  const slt = policy.escalation.filter((contact) => contact.group === 'slt' && contact.email);
  const sltPeople = holding(people, ['slt']).filter((user) => !isAwayAt(user, at));
  const nominees = unique([...sltPeople.map((user) => user.email), ...slt.map((contact) => contact.email ?? '')]);
  if (nominees.length > 0) {
    return { to: nominees, standingIn: { until, by: 'senior leadership team' }, dpoAway: true };
  }
  return { to: [policy.dpo.email.trim()], dpoAway: true };
};

export const decisionRecipients = (
  kind: MailKind,
  policy: Pick<OrganisationPolicy, 'dpo' | 'escalation'>,
  audience: Audience = {},
): MailRecipients => {
  const base = recipientsFor(kind, policy, audience);
  const people = audience.people ?? [];
  const at = audience.at ? new Date(audience.at) : new Date(0);
  const desk = dpoDesk(policy, people, at);
  const standingIn = desk.standingIn ? { standingIn: desk.standingIn } : {};
  // The DPO's mailbox moves to copy while someone stands in; the escalation contacts stay where they were.
  const to = desk.to;
  const informed = unique([...base.to, ...base.cc], to);

  if (kind !== 'decision-request') return { to, cc: informed, deciders: [], ...standingIn };

  const roles = audience.deciderRoles ?? ['dpo', 'deputy-dpo'];
  if (roles.includes('dpo') || roles.includes('deputy-dpo')) {
    return { to, cc: informed, deciders: [...to], ...standingIn };
  }
  const body = [
    ...holding(people, roles)
      .filter((user) => !isAwayAt(user, at))
      .map((user) => user.email),
    ...policy.escalation
      .filter((contact) => (roles as readonly string[]).includes(contact.group) && contact.email)
      .map((contact) => contact.email ?? ''),
  ];
  const deciders = unique(body);
  // Nobody known for the body: the DPO desk gets the link to pass on, rather than a step nobody can take.
  if (deciders.length === 0) return { to, cc: informed, deciders: [...to], ...standingIn };
  return { to: deciders, cc: unique([...to, ...informed], deciders), deciders, ...standingIn };
};
