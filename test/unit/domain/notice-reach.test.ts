import { describe, expect, it } from 'vitest';
import {
  checkConfirmedSend,
  countReach,
  noticeChannels,
  StaleConfirmationError,
  sendLabel,
} from '../../../functions/domain/notice-reach';
import type { Subject } from '../../../functions/domain/subjects';

/** Counting how the people on a list can be reached, what each method sends, and the confirmation of it. */

const people: Subject[] = [
  { name: 'Ada', email: 'ada@example.org' },
  { name: 'Ben', email: 'ben@example.org', postalAddress: '1 High St' },
  { name: 'Cy', postalAddress: '2 High St' },
  {
    name: 'Di',
    postalAddress: '3 High St',
    representative: { name: 'Ed', relationship: 'parent', email: 'ed@example.org' },
  },
  { name: 'Fa', representative: { name: 'Gil', relationship: 'attorney', postalAddress: '4 Law Court' } },
  { name: 'Hu', representative: { name: 'Ivo', relationship: 'carer', email: 'ivo@example.org' } },
];
const reach = countReach(people);

describe('how the people on a list can be reached', () => {
  it('counts each person once, for them or their representative, by e-mail, post or both', () => {
    expect(reach).toEqual({ person: { email: 1, post: 1, both: 1 }, representative: { email: 1, post: 1, both: 1 } });
  });

  it('gives what each method sends by channel, and whom it leaves out', () => {
    expect(noticeChannels('email', reach)).toEqual({
      emails: 2,
      representativeEmails: 2,
      letters: 0,
      representativeLetters: 0,
      unreached: 2,
    });
    expect(noticeChannels('email-and-letter', reach)).toEqual({
      emails: 2,
      representativeEmails: 2,
      letters: 2,
      representativeLetters: 2,
      unreached: 0,
    });
  });

  it('says on the button exactly what goes', () => {
    expect(sendLabel(noticeChannels('email-and-letter', reach))).toBe('Send 4 e-mails and 4 letters');
    expect(sendLabel(noticeChannels('email', countReach([people[0] as Subject])))).toBe('Send 1 e-mail');
    expect(
      sendLabel(noticeChannels('email-and-letter', countReach([people[2] as Subject, people[4] as Subject]))),
    ).toBe('Send 2 letters');
  });
});

describe('the confirmation of what is sent', () => {
  const subjects = { listed: 6, reach };

  it('accepts the counts the list gives now', () => {
    expect(() =>
      checkConfirmedSend({ method: 'email-and-letter', confirmedSend: { emails: 4, letters: 4 } }, subjects),
    ).not.toThrow();
    expect(() => checkConfirmedSend({ method: 'email', confirmedSend: 6 }, subjects)).not.toThrow();
  });

  it('refuses a stale count with a conflict that says what the list gives now', () => {
    const stale = () =>
      checkConfirmedSend({ method: 'email-and-letter', confirmedSend: { emails: 3, letters: 4 } }, subjects);

    expect(stale).toThrow(StaleConfirmationError);
    expect(stale).toThrow(
      'The list has changed since the notices were previewed: it now gives 4 e-mails and 4 letters, not 3 e-mails and 4 letters. Nothing was sent; preview the notices again.',
    );
    expect(() => checkConfirmedSend({ method: 'email', confirmedSend: 5 }, subjects)).toThrow(
      'The list has changed since the notices were previewed: 6 people are on it now, not 5.',
    );
  });

  it('asks for the number of people where the list does not record how each can be reached', () => {
    expect(() =>
      checkConfirmedSend({ method: 'email', confirmedSend: { emails: 6, letters: 0 } }, { listed: 6 }),
    ).toThrow('confirm the number of people on it (6) instead');
  });
});
