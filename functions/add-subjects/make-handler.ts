import middy from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod/mini';
import { addSubjects, type SubjectRow } from '../domain/add-subjects';
import { isBreachId } from '../domain/breach-id';
import type { BreachRepository } from '../domain/ports';
import type { SubjectList } from '../domain/subject-ports';
import { MAX_SUBJECTS_PER_JSON_REQUEST, validateSubject } from '../domain/subjects';
import { logger as powertoolsLogger } from '../observability/logger';
import '../domain/zod-english';
import { NotFoundError, ValidationError } from '../domain/errors';
import { authorizedOrganisationOf, organisationIdOf, requireOrganisation } from '../http/organisation';
import { type ErrorLogger, problemJson } from '../http/problem-json';
import { json } from '../http/responses';
import { csvSubjectRows } from '../http/subject-csv-rows';
import { type SubjectsBodyEvent, subjectsBody } from './subjects-body';

/**
 * POST /breaches/{id}/subjects: the people affected, as a JSON batch or a CSV file. 200 with { accepted, added,
 * rejected: [{ line | index, errors: [{ field, message }] }], rejectedCount }: good rows are kept even when others
 * are refused. 404 for another organisation's breach, 409 once the breach is closed or how its people are told has
 * been decided (anyone added then would never be told; a revised decision opens the list again), 413 / 415 for the
 * body.
 */

export interface AddSubjectsDeps {
  breaches: BreachRepository;
  subjects: SubjectList;
  now?: () => Date;
  logger?: ErrorLogger;
}

const envelope = z.strictObject({
  subjects: z.array(z.unknown()).check(z.minLength(1), z.maxLength(MAX_SUBJECTS_PER_JSON_REQUEST)),
});

async function* jsonSubjectRows(entries: readonly unknown[]): AsyncGenerator<SubjectRow> {
  for (const [index, entry] of entries.entries()) yield { position: { index }, result: validateSubject(entry) };
}

export const makeHandler = (deps: AddSubjectsDeps) => {
  const { now = () => new Date(), logger = powertoolsLogger, ...ports } = deps;

  const addSubjectsRoute = async (event: SubjectsBodyEvent): Promise<APIGatewayProxyResult> => {
    const organisationId = organisationIdOf(event);
    const breachId = event.pathParameters?.id;
    if (!isBreachId(breachId)) throw new NotFoundError();
    let rows: AsyncIterable<SubjectRow>;
    if (event.body.kind === 'csv') {
      rows = csvSubjectRows(event.body.bytes);
    } else {
      const parsed = envelope.safeParse(event.body.value);
      if (!parsed.success) throw ValidationError.fromZodError(parsed.error);
      rows = jsonSubjectRows(parsed.data.subjects);
    }
    // The time a refusal names, in the organisation's zone when the authorizer handed its policy on (the zone is
    // written beside the time either way).
    const timeZone = authorizedOrganisationOf(event)?.policy.timeZone ?? 'UTC';
    const result = await addSubjects(
      { ...ports, now },
      { organisationId, breachId, source: event.body.kind, rows, timeZone },
    );
    return json(200, result);
  };

  return middy<SubjectsBodyEvent, APIGatewayProxyResult>(addSubjectsRoute)
    .use(problemJson({ logger }))
    .use(requireOrganisation())
    .use(subjectsBody());
};
