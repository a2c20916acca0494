import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { subjectLettersPdf } from '../documents/subject-letters-pdf';
import { isBreachId } from '../domain/breach-id';
import { ownBreach } from '../domain/own-breach';
import type { BreachRepository, OrganisationRepository } from '../domain/ports';
import type { BreachState } from '../domain/state';
import type { SubjectRecord, SubjectRepository } from '../domain/subject-ports';
import { NotFoundError, ValidationError } from '../http/errors';
import { organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { download } from '../register/download';

/**
 * GET /breaches/{id}/letters?format=pdf[&limit=100][&cursor=…]: the printable letters, one merged PDF with each letter
 * on pages of its own. Who gets one: everyone with a postal address when the notify-subjects decision says letters
 * (or e-mail and letter); otherwise the people without an e-mail address. A large list comes in files of `limit`
 * letters (a Lambda response is at most 6 MB): the `x-next-cursor` header gives the next file's cursor.
 */

export interface SubjectLettersDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  subjects: SubjectRepository;
  now?: () => Date;
  logger?: ErrorLogger;
}

export const DEFAULT_LETTERS = 100;
export const MAX_LETTERS = 250;
/** Subjects read per page while looking for the next letters. */
const PAGE = 500;
const CURSOR = /^[0-9a-f]{64}$/;

const wantsLetter = (state: BreachState) => {
  const method = state.decisions['notify-subjects']?.data.method;
  const everyone = method === 'letter' || method === 'email-and-letter';
  return (record: SubjectRecord): boolean =>
    record.subject.postalAddress !== undefined && (everyone || record.delivery.channel === 'letter');
};

export const makeHandler = (deps: SubjectLettersDeps) => {
  const { logger = console, now = () => new Date(), breaches, organisations, subjects } = deps;

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

    const wanted = wantsLetter(state);
    const chosen: SubjectRecord[] = [];
    let cursor = query.cursor;
    let next: string | undefined;
    do {
      const page = await subjects.page(breachId, PAGE, cursor);
      for (const record of page.items) {
        if (chosen.length === limit) {
          next = chosen.at(-1)?.key;
          break;
        }
        if (wanted(record)) chosen.push(record);
      }
      cursor = page.cursor;
    } while (next === undefined && cursor !== undefined && chosen.length < limit);
    if (next === undefined && chosen.length === limit && cursor !== undefined) next = chosen.at(-1)?.key;

    const pdf = await subjectLettersPdf({
      notice: { state, organisationName: organisation.name, policy: organisation.policy },
      subjects: chosen.map((record) => record.subject),
      date: now(),
    });
    const response = download(pdf, 'application/pdf', `letters-${breachId}.pdf`);
    return {
      ...response,
      headers: {
        ...response.headers,
        'x-letter-count': String(chosen.length),
        ...(next ? { 'x-next-cursor': next } : {}),
      },
    };
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>(letters)
    .use(problemJson({ logger }))
    .use(requireOrganisation());
};
