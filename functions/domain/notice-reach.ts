import * as z from 'zod/mini';
import type { NotifySubjectsMethod } from './decisions';
import { ConflictError } from './errors';
import { letterAddressOf, type Subject } from './subjects';
import './zod-english';

/**
 * How the people on a breach's list can be reached, counted without naming anyone: for the person themselves and for
 * those told through a representative, how many have only an e-mail address, only a postal address, or both. Each
 * upload records the counts of the people it added (`subjects-added`), so the notify-subjects step can say what will
 * go by which channel, and the count the person confirms can be checked against it, without reading the subjects
 * table.
 */

export interface ReachCounts {
  email: number;
  post: number;
  both: number;
}

export interface SubjectReach {
  person: ReachCounts;
  representative: ReachCounts;
}

export const NO_REACH: SubjectReach = {
  person: { email: 0, post: 0, both: 0 },
  representative: { email: 0, post: 0, both: 0 },
};

/** Where one person's notice can go: to whom (them or their representative), by e-mail, by post, or both. */
export function reachOf(subject: Subject): { to: keyof SubjectReach; by: keyof ReachCounts } {
  const to = subject.representative ? 'representative' : 'person';
  const email = subject.representative ? subject.representative.email : subject.email;
  const post = letterAddressOf(subject) !== undefined;
  return { to, by: email && post ? 'both' : email ? 'email' : 'post' };
}

export function countReach(subjects: Iterable<Subject>, from: SubjectReach = NO_REACH): SubjectReach {
  const reach: SubjectReach = { person: { ...from.person }, representative: { ...from.representative } };
  for (const subject of subjects) {
    const { to, by } = reachOf(subject);
    reach[to][by] += 1;
  }
  return reach;
}

export const addReach = (a: SubjectReach, b: SubjectReach): SubjectReach => ({
  person: {
    email: a.person.email + b.person.email,
    post: a.person.post + b.person.post,
    both: a.person.both + b.person.both,
  },
  representative: {
    email: a.representative.email + b.representative.email,
    post: a.representative.post + b.representative.post,
    both: a.representative.both + b.representative.both,
  },
});

/**
 * What a sending method sends, by channel. `email` e-mails everyone with an address (the representative's where one
 * is named) and tells nobody else; `email-and-letter` also prints a letter for everyone with a postal address (the
 * representative's own, else the person's), so someone with both gets both.
 */
export interface NoticeChannels {
  emails: number;
  representativeEmails: number;
  letters: number;
  representativeLetters: number;
  /** On the list, but this method does not reach them (no e-mail address, and no letter chosen). */
  unreached: number;
}

export function noticeChannels(method: NotifySubjectsMethod, reach: SubjectReach): NoticeChannels {
  const letters = method === 'email-and-letter' || method === 'letter';
  const emails = method === 'email' || method === 'email-and-letter';
  const byEmail = (c: ReachCounts) => (emails ? c.email + c.both : 0);
  const byPost = (c: ReachCounts) => (letters ? c.post + c.both : 0);
  const unreached = (c: ReachCounts) =>
    (emails ? 0 : c.email) + (letters ? 0 : c.post) + (emails || letters ? 0 : c.both);
  return {
    emails: byEmail(reach.person),
    representativeEmails: byEmail(reach.representative),
    letters: byPost(reach.person),
    representativeLetters: byPost(reach.representative),
    unreached: unreached(reach.person) + unreached(reach.representative),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Send 3 e-mails and 2 letters": exactly what pressing the button sends (and prints). */
export function sendLabel(channels: NoticeChannels): string {
  const emails = channels.emails + channels.representativeEmails;
  const letters = channels.letters + channels.representativeLetters;
  const parts = [
    ...(emails > 0 ? [plural(emails, 'e-mail', 'e-mails')] : []),
    ...(letters > 0 ? [plural(letters, 'letter', 'letters')] : []),
  ];
  return `Send ${parts.length > 0 ? parts.join(' and ') : 'nothing'}`;
}

/**
 * What the person confirmed: the e-mails and letters the preview showed. (A bare number, the older form, is the
 * count of people on the list.)
 */
export const confirmedSendSchema = z.union([
  z.number().check(z.int(), z.minimum(1)),
  z.strictObject({
    emails: z.number().check(z.int(), z.minimum(0)),
    letters: z.number().check(z.int(), z.minimum(0)),
  }),
]);
export type ConfirmedSend = z.output<typeof confirmedSendSchema>;

/** The confirmed counts as the record has them now: a preview shown before a later upload no longer matches. */
export function staleConfirmation(
  confirmed: ConfirmedSend,
  channels: NoticeChannels,
  listed: number,
): string | undefined {
  if (typeof confirmed === 'number') {
    return confirmed === listed
      ? undefined
      : `The list has changed since the notices were previewed: ${plural(listed, 'person is', 'people are')} on it now, not ${confirmed}. Nothing was sent; preview the notices again.`;
  }
  const emails = channels.emails + channels.representativeEmails;
  const letters = channels.letters + channels.representativeLetters;
  if (confirmed.emails === emails && confirmed.letters === letters) return undefined;
  return `The list has changed since the notices were previewed: it now gives ${plural(emails, 'e-mail', 'e-mails')} and ${plural(letters, 'letter', 'letters')}, not ${plural(confirmed.emails, 'e-mail', 'e-mails')} and ${plural(confirmed.letters, 'letter', 'letters')}. Nothing was sent; preview the notices again.`;
}

/** The counts confirmed no longer match the list (an upload since the preview): nothing is sent, the person looks again. */
export class StaleConfirmationError extends ConflictError {}

/**
 * Refuses a sending decision whose confirmed counts are not what the list gives now. Without counts per channel on
 * record (lists uploaded before they were counted), only the number of people can be confirmed.
 */
export function checkConfirmedSend(
  decision: { method: NotifySubjectsMethod; confirmedSend?: ConfirmedSend; exemption?: unknown },
  subjects: { listed: number; erased?: number; reach?: SubjectReach } | undefined,
): void {
  if (decision.confirmedSend === undefined || decision.exemption !== undefined) return;
  const listed = Math.max(0, (subjects?.listed ?? 0) - (subjects?.erased ?? 0));
  if (typeof decision.confirmedSend !== 'number' && !subjects?.reach) {
    throw new StaleConfirmationError(
      `The list does not record how each person can be reached, so e-mails and letters cannot be confirmed: confirm the number of people on it (${listed}) instead. Nothing was sent.`,
    );
  }
  const stale = staleConfirmation(
    decision.confirmedSend,
    noticeChannels(decision.method, subjects?.reach ?? NO_REACH),
    listed,
  );
  if (stale) throw new StaleConfirmationError(stale);
}
