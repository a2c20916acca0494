import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { type PrintedLetter, preflightLetters, subjectLettersPdf } from '../documents/subject-letters-pdf';
import type { Art34Ground } from '../domain/assessment';
import { isBreachId } from '../domain/breach-id';
import { formatInTimeZone } from '../domain/clocks';
import type { DecisionData } from '../domain/decisions';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import { ownBreach } from '../domain/own-breach';
import type { DpoContact } from '../domain/policy';
import type { BreachRepository, OrganisationRepository } from '../domain/ports';
import type { BreachState } from '../domain/state';
import type { SubjectList, SubjectRecord } from '../domain/subject-ports';
import { letterAddressOf } from '../domain/subjects';
import { conclusionSentence } from '../domain/vocabulary';
import { type ConsoleAccessDeps, consoleAccess, isConsoleRoute } from '../http/console-access';
import { assetsPathOf, consoleBaseOf, requestPath } from '../http/links';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { logger as powertoolsLogger } from '../observability/logger';
import { type LettersFile, renderLettersPage } from '../pages/letters-page';
import { htmlResponse } from '../pages/response';
import { download } from '../register/download';

/**
 * GET /breaches/{id}/letters?format=pdf[&limit=100][&cursor=…]: the printable letters, one merged PDF with each letter
 * on pages of its own, padded to an even number of pages so a double-sided print never puts two people's letters on
 * one sheet. A letter goes to the representative's postal address when they have one, else to the person's.
 *
 * Who gets one follows the record:
 * - the notify-subjects decision says `letter` or `email-and-letter` (and relies on no Art. 34(3) exemption): everyone
 *   with a postal address;
 * - it says anything else (e-mail only, phone, in person, a public communication, an exemption), or the decision to
 *   notify concluded that the people are not told: 409 problem+json naming the decision. A letter would be a
 *   communication the record does not show;
 * - no decision yet: the people without an e-mail address, as drafts. Every page says "DRAFT — not yet decided … Do
 *   not post", and `breachdesk-letters-status: draft` says it to the caller; the letters to post come after the
 *   decision (`breachdesk-letters-status: final`).
 *
 * What a DPO must look at before posting comes in `breachdesk-letters-check`, a sentence per problem, absent when
 * there is none: letters with characters the letters' font cannot print (a name or address in a script it lacks,
 * printed as '?'; their numbers in this file are also in `breachdesk-letters-unprintable`, e.g. `3,7`), and letters
 * that give no way to reply but e-mail, which the people written to may not have (the policy has neither
 * `dpo.phone` nor `dpo.postalAddress`). The headers name letters by their number in the file, never a person.
 *
 * A large list comes in files of `limit` letters (a Lambda response is at most 6 MB): the `x-next-cursor` header gives
 * the next file's cursor.
 */

export interface SubjectLettersDeps {
  /** The console's downloads of this document (`/console/…`): who is signed in (http/console-access.ts). */
  console?: ConsoleAccessDeps;
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  subjects: SubjectList;
  now?: () => Date;
  logger?: ErrorLogger;
}

export const DEFAULT_LETTERS = 100;
export const MAX_LETTERS = 250;
/** Subjects read per page while looking for the next letters. */
const PAGE = 500;
const CURSOR = /^[0-9a-f]{64}$/;

/** The notify-subjects methods that include a printed letter. */
export const BY_LETTER: readonly DecisionData['notify-subjects']['method'][] = ['letter', 'email-and-letter'];

const METHOD_WORDS: Record<DecisionData['notify-subjects']['method'], string> = {
  email: 'by e-mail only',
  letter: 'by letter',
  'email-and-letter': 'by e-mail and letter',
  phone: 'by phone',
  'in-person': 'in person',
  'public-communication': 'by a public communication (GET /breaches/{id}/public-notice)',
  'other-means': 'by other means already used (nothing is sent)',
  'not-told': 'not at all',
};

const GROUND_WORDS: Record<Art34Ground, string> = {
  'data-unintelligible': 'Art. 34(3)(a), the data is unintelligible to anyone who has it',
  'subsequent-measures': 'Art. 34(3)(b), later measures removed the high risk',
  'disproportionate-effort': 'Art. 34(3)(c), telling each person would take disproportionate effort',
};

const UNRECORDED = 'A printed letter would be a communication the record does not show, so none is printed.';

/**
 * Why no letter may be printed for this breach, or undefined when letters follow the record (or no decision has been
 * taken yet). Every reason names the decision and when it was recorded.
 */
export function lettersRefusal(state: Pick<BreachState, 'decisions' | 'plan'>, timeZone: string): string | undefined {
  const day = (iso: string) => formatInTimeZone(iso, timeZone);
  const told = state.decisions['notify-subjects'];
  if (told) {
    const { method, exemption } = told.data;
    if (exemption) {
      return (
        `The notify-subjects decision recorded on ${day(told.at)} relies on the exemption of ${GROUND_WORDS[exemption.ground]}, ` +
        `and says the people affected are told ${METHOD_WORDS[method]}, not one by one by letter. ${UNRECORDED}`
      );
    }
    if (!BY_LETTER.includes(method)) {
      return `The notify-subjects decision recorded on ${day(told.at)} says the people affected are told ${METHOD_WORDS[method]}, not by letter. ${UNRECORDED}`;
    }
    return undefined;
  }
  const decided = state.decisions.decide;
  if (decided && state.plan && !state.plan.subjects) {
    return (
      `The decision recorded on ${day(decided.at)} concluded “${conclusionSentence(decided.data.conclusion)}”: the people affected are not ` +
      `told. ${UNRECORDED}`
    );
  }
  return undefined;
}

/** What to look at before posting: one sentence per problem, in plain ASCII (a header value), never a person's name. */
export function lettersChecks(letters: readonly PrintedLetter[], dpo: Pick<DpoContact, 'phone' | 'postalAddress'>) {
  const checks: string[] = [];
  const unprintable = letters.flatMap((letter, index) =>
    letter.unprintable > 0 ? [{ ...letter, number: index + 1 }] : [],
  );
  if (unprintable.length > 0) {
    const n = unprintable.length;
    checks.push(
      `${n} ${n === 1 ? 'letter contains' : 'letters contain'} characters the font cannot print (printed as ?): ` +
        `${unprintable.map((l) => `letter ${l.number} (page ${l.firstPage})`).join(', ')} of this file; ` +
        'check them and write the names and addresses in by hand before posting',
    );
  }
  const overflowing = letters.flatMap((letter, index) => (letter.addressOverflow ? [index + 1] : []));
  if (overflowing.length > 0) {
    const n = overflowing.length;
    checks.push(
      `${n} ${n === 1 ? 'address has' : 'addresses have'} more lines than the envelope window shows: ` +
        `${overflowing.map((number) => `letter ${number}`).join(', ')} of this file; ` +
        'shorten the address in the list of people affected, or post in a plain envelope addressed by hand',
    );
  }
  if (letters.length > 0 && !dpo.phone && !dpo.postalAddress) {
    checks.push(
      'the letters give no way to reply except by e-mail, which the people written to may not have: ' +
        "add the DPO's phone number or postal address to the organisation's policy (dpo.phone, dpo.postalAddress)",
    );
  }
  return {
    checks,
    unprintable: unprintable.map((l) => l.number),
  };
}

const sentence = (parts: readonly string[]): string => {
  const text = `${parts.join('; ')}.`;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
};

const wantsLetter = (state: BreachState) => {
  const decided = state.decisions['notify-subjects'] !== undefined;
  return (record: SubjectRecord): boolean =>
    letterAddressOf(record.subject) !== undefined && (decided || record.delivery.channel === 'letter');
};

export const makeHandler = (deps: SubjectLettersDeps) => {
  const { logger = powertoolsLogger, now = () => new Date(), breaches, organisations, subjects } = deps;

  const letters = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    const query = event.queryStringParameters ?? {};
    const problems = [
      ...(query.format !== undefined && query.format !== 'pdf' ? [{ path: 'format', message: "must be 'pdf'" }] : []),
      ...(query.cursor !== undefined && !CURSOR.test(query.cursor)
        ? [{ path: 'cursor', message: 'not a cursor this API issued' }]
        : []),
    ];
    const limit = query.limit === undefined ? DEFAULT_LETTERS : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LETTERS) {
      problems.push({ path: 'limit', message: `must be a whole number from 1 to ${MAX_LETTERS}` });
    }
    if (problems.length > 0) throw new ValidationError(problems);

    const state = await ownBreach(breaches, organisationId, breachId);
    const organisation = await organisations.get(organisationId);
    if (!organisation) throw new NotFoundError();
    const refusal = lettersRefusal(state, organisation.policy.timeZone);
    if (refusal) throw new ConflictError(refusal);
    const draft = state.decisions['notify-subjects'] === undefined;
    // The console's link names no file: it opens the page listing them.
    if (isConsoleRoute(event) && query.format === undefined) {
      return lettersPage(event, { state, breachId, draft, dpo: organisation.policy.dpo });
    }

    // A next cursor only when another letter follows: a cursor to a file with no letter in it would print a page
    // that belongs to nobody.
    const wanted = wantsLetter(state);
    const chosen: SubjectRecord[] = [];
    let cursor = query.cursor;
    let more = false;
    scan: do {
      const page = await subjects.page(breachId, PAGE, cursor);
      for (const record of page.items) {
        if (!wanted(record)) continue;
        if (chosen.length === limit) {
          more = true;
          break scan;
        }
        chosen.push(record);
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
    const next = more ? chosen.at(-1)?.key : undefined;

    const printed = await subjectLettersPdf({
      notice: { state, organisationName: organisation.name, policy: organisation.policy },
      subjects: chosen.map((record) => record.subject),
      date: now(),
      draft,
    });
    const { checks, unprintable } = lettersChecks(printed.letters, organisation.policy.dpo);
    const response = download(printed.pdf, 'application/pdf', `${draft ? 'draft-' : ''}letters-${breachId}.pdf`);
    return {
      ...response,
      headers: {
        ...response.headers,
        'x-letter-count': String(chosen.length),
        'breachdesk-letters-status': draft ? 'draft' : 'final',
        ...(checks.length > 0 ? { 'breachdesk-letters-check': sentence(checks) } : {}),
        ...(unprintable.length > 0 ? { 'breachdesk-letters-unprintable': unprintable.join(',') } : {}),
        ...(next ? { 'x-next-cursor': next } : {}),
      },
    };
  };

  /**
   * Every letter of the breach, in the files the API serves (MAX_LETTERS each, cursors as `x-next-cursor` gives them),
   * and the checks of all of them (preflightLetters), naming each letter by its file and its number there.
   */
  const lettersPage = async (
    event: APIGatewayProxyEvent,
    input: { state: BreachState; breachId: string; draft: boolean; dpo: Pick<DpoContact, 'phone' | 'postalAddress'> },
  ): Promise<APIGatewayProxyResult> => {
    const wanted = wantsLetter(input.state);
    const records: SubjectRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await subjects.page(input.breachId, PAGE, cursor);
      records.push(...page.items.filter(wanted));
      cursor = page.cursor;
    } while (cursor !== undefined);

    const path = requestPath(event);
    const files: LettersFile[] = [];
    for (let from = 0; from < records.length; from += MAX_LETTERS) {
      const after = from === 0 ? undefined : records[from - 1]?.key;
      const query = new URLSearchParams({
        format: 'pdf',
        limit: String(MAX_LETTERS),
        ...(after ? { cursor: after } : {}),
      });
      files.push({ from: from + 1, to: Math.min(from + MAX_LETTERS, records.length), href: `${path}?${query}` });
    }
    const where = (index: number) => `file ${Math.floor(index / MAX_LETTERS) + 1} letter ${(index % MAX_LETTERS) + 1}`;
    const preflight = await preflightLetters(records.map((record) => record.subject));
    const unprintable = preflight.flatMap((letter, index) => (letter.unprintable > 0 ? [where(index)] : []));
    const overflowing = preflight.flatMap((letter, index) => (letter.addressOverflow ? [where(index)] : []));
    const checks = [
      ...(unprintable.length > 0
        ? [
            `Characters the font cannot print (printed as ?) in ${unprintable.join(', ')}: check them and write the names and addresses in by hand before posting.`,
          ]
        : []),
      ...(overflowing.length > 0
        ? [
            `An address longer than the envelope window shows in ${overflowing.join(', ')}: shorten it in the list of people affected, or post in a plain envelope addressed by hand.`,
          ]
        : []),
      ...(records.length > 0 && !input.dpo.phone && !input.dpo.postalAddress
        ? [
            'The letters give no way to reply except by e-mail, which the people written to may not have: add the DPO’s phone number or postal address to the organisation’s policy.',
          ]
        : []),
    ];
    return htmlResponse(
      200,
      renderLettersPage({
        assetsPath: assetsPathOf(event),
        consoleBase: consoleBaseOf(event),
        breachId: input.breachId,
        draft: input.draft,
        files,
        checks,
      }),
    );
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(letters)
    .use(problemJson({ logger }))
    .use(deps.console ? [consoleAccess(deps.console)] : [])
    .use(requireOrganisation());
};
