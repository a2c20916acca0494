import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { makeHandler as makeAddSubjects } from '../../functions/add-subjects/make-handler';
import { MAX_CSV_BYTES } from '../../functions/add-subjects/subjects-body';
import { makeHandler as makePublicNotice } from '../../functions/public-notice/make-handler';
import { makeHandler as makeLetters } from '../../functions/subject-letters/make-handler';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { type DynamoSubjects, dynamoSubjects } from '../support/dynamo-subjects';
import { anOrganisationWithPolicy, seedSubjectsBreach } from '../support/subject-breach';
import { apiEvent, lambdaContext } from '../unit/http/api-event';

/** POST /breaches/{id}/subjects, GET …/letters and GET …/public-notice on the real table. */

let table: LocalTable;
let breaches: DynamoBreachRepository;
let subjects: DynamoSubjects;
let addSubjects: ReturnType<typeof makeAddSubjects>;
let letters: ReturnType<typeof makeLetters>;
let publicNotice: ReturnType<typeof makePublicNotice>;
const silent = { error: () => undefined };
const BREACH = 'BR-7K3M-9QXD-2F8A-1C4E';
const EXEMPT = 'BR-7K3M-9QXD-2F8A-1C4F';
/** A breach of its own for the line-number tests, so their rows change nobody else's list. */
const LINES = 'BR-7K3M-9QXD-2F8A-1C4G';
/** Open, its people not yet dealt with: for the representatives' addresses. */
const REPRESENTED = 'BR-7K3M-9QXD-2F8A-1C4H';
/** Its people's notice decided (by e-mail), then asked again by a revision. */
const REVISED = 'BR-7K3M-9QXD-2F8A-1C4J';

beforeAll(async () => {
  table = await startDynalite();
  const options = { client: table.client, tableName: table.tableName };
  breaches = new DynamoBreachRepository(options);
  subjects = dynamoSubjects({ client: table.client, tableName: table.subjectsTableName });
  const organisations = new DynamoOrganisationRepository(options);
  const organisation = anOrganisationWithPolicy('org-a', 'social-care');
  await organisations.put(organisation);
  await organisations.put(anOrganisationWithPolicy('org-b'));
  await seedSubjectsBreach(breaches, { organisation, breachId: BREACH });
  await seedSubjectsBreach(breaches, { organisation, breachId: LINES });
  await seedSubjectsBreach(breaches, { organisation, breachId: REPRESENTED });
  await seedSubjectsBreach(breaches, {
    organisation,
    breachId: EXEMPT,
    notifySubjects: {
      decidedBy: { name: 'Dana Protection', role: 'DPO' },
      method: 'public-communication',
      exemption: { ground: 'disproportionate-effort', explanation: 'No contact details for 150,000 people.' },
    },
  });
  addSubjects = makeAddSubjects({ breaches, subjects, logger: silent });
  letters = makeLetters({ breaches, organisations, subjects, logger: silent });
  publicNotice = makePublicNotice({ breaches, organisations, logger: silent });
});

afterAll(async () => {
  await table?.close();
});

const post = (body: string, contentType: string, organisationId = 'org-a', breachId = BREACH) =>
  addSubjects(
    apiEvent({
      method: 'POST',
      path: `/breaches/${breachId}/subjects`,
      body,
      headers: { 'Content-Type': contentType },
      pathParameters: { id: breachId },
      organisationId,
    }) as never,
    lambdaContext(),
  );

const CSV = [
  'Name,Email,Postal Address,representative_name,representative_email,representative_relationship',
  'Ada Lovelace,ada@example.org,,,,',
  'Bert Jones,,"4 Elm Street,\nLeeds LS1 1AA",Carol Jones,carol@example.org,next-of-kin',
  'No Contact,,,,,',
  'Dee Smith,,"9 Oak Road, York",,,',
  'Eve Adams,not-an-address,,Frank Adams,,cousin',
  'Gus Grant,gus@example.org,,,,',
  '',
].join('\n');

describe('POST /breaches/{id}/subjects', () => {
  it('keeps the good rows of a CSV and reports each bad one by the line it starts on, with the column at fault', async () => {
    const response = await post(CSV, 'text/csv; charset=utf-8');

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ accepted: 4, added: 4, rejectedCount: 2 });
    expect(body.rejected).toEqual([
      { line: 5, errors: [{ field: 'email', message: 'an e-mail address or a postal address is required' }] },
      {
        line: 7,
        errors: expect.arrayContaining([
          expect.objectContaining({ field: 'email' }),
          expect.objectContaining({ field: 'representative_relationship' }),
        ]),
      },
    ]);
    const stored = (await subjects.page(BREACH, 100)).items;
    expect(stored.map((s) => s.subject.name).sort()).toEqual(['Ada Lovelace', 'Bert Jones', 'Dee Smith', 'Gus Grant']);
    expect(stored.find((s) => s.subject.name === 'Bert Jones')?.delivery).toEqual({
      channel: 'email',
      to: 'carol@example.org',
    });
    expect(stored.find((s) => s.subject.name === 'Dee Smith')?.status).toBe('letter');
  });

  it('lists nobody twice when the same file is uploaded again, and logs counts only', async () => {
    const again = JSON.parse((await post(CSV.replace('Ada Lovelace', 'ADA  LOVELACE'), 'text/csv')).body);

    expect(again).toMatchObject({ accepted: 4, added: 0, rejectedCount: 2 });
    expect((await subjects.page(BREACH, 100)).items).toHaveLength(4);
    const added = (await breaches.events(BREACH)).filter((e) => e.type === 'subjects-added');
    // How the new people can be reached, counted: Ada and Gus by e-mail, Dee by post, Bert through Carol by both.
    expect(added.map((e) => e.data)).toEqual([
      {
        accepted: 4,
        added: 4,
        rejected: 2,
        source: 'csv',
        reach: { person: { email: 2, post: 1, both: 0 }, representative: { email: 0, post: 0, both: 1 } },
      },
      {
        accepted: 4,
        added: 0,
        rejected: 2,
        source: 'csv',
        reach: { person: { email: 0, post: 0, both: 0 }, representative: { email: 0, post: 0, both: 0 } },
      },
    ]);
    expect(JSON.stringify(await breaches.events(BREACH))).not.toContain('Lovelace');
  });

  it('takes a JSON batch, reporting bad entries by index', async () => {
    const body = JSON.stringify({
      subjects: [{ name: 'Hal Hughes', email: 'hal@example.org' }, { name: 'Ivy' }, { name: 'Jo', shoeSize: 9 }],
    });

    const result = JSON.parse((await post(body, 'application/json')).body);

    expect(result).toMatchObject({ accepted: 1, added: 1, rejectedCount: 2 });
    expect(result.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2]);
    expect(result.rejected[1].errors).toContainEqual({ field: 'shoeSize', message: 'unknown field' });
  });

  it('refuses a CSV with an unknown column, another media type and a file over its limit', async () => {
    const badHeader = await post('name,e-mail address\nAda,ada@example.org\n', 'text/csv');
    expect(badHeader.statusCode).toBe(400);
    expect(JSON.parse(badHeader.body).errors[0]).toMatchObject({ path: 'header[1]' });
    expect((await post('name\nAda', 'application/vnd.ms-excel')).statusCode).toBe(415);
    expect((await post('x'.repeat(MAX_CSV_BYTES + 1), 'text/csv')).statusCode).toBe(413);
  });

  it('keeps the rows before a syntax error and reports the error at its line', async () => {
    const result = JSON.parse((await post('name,email\nKim,kim@example.org\nLee,"lee@example.org\n', 'text/csv')).body);

    expect(result).toMatchObject({ accepted: 1, rejectedCount: 1 });
    expect(result.rejected[0]).toMatchObject({ line: 3, errors: [{ field: 'csv' }] });
  });

  it('reports the line each row starts on in a spreadsheet export: CRLF, and quoted cells over several lines', async () => {
    // Line 1 the header; Ann's address spans lines 2–4 (CRLF inside the quotes); blank lines 7 and 8; a lone CR in
    // Flo's address (lines 10–11). The bad rows start on lines 5, 9 and 13.
    const csv = [
      'name,email,postal_address',
      'Ann Bell,,"1 High Street\r\nFlat 2\r\nLeeds LS1 1AA"',
      'Bo Chan,not-an-address,',
      'Cy Dunn,cy@example.org,',
      '',
      '',
      'Di Eze,,',
      'Flo Fry,,"3 Low Road\rYork"',
      'Gil Hay,gil@example.org,',
      'Hu Ives,,',
      '',
    ].join('\r\n');

    const result = JSON.parse((await post(csv, 'text/csv', 'org-a', LINES)).body);

    expect(result).toMatchObject({ accepted: 4, rejectedCount: 3 });
    expect(result.rejected.map((row: { line: number }) => row.line)).toEqual([5, 9, 13]);
  });

  it('reports an unclosed quote at the line its row starts on, in words a person can act on', async () => {
    const csv = 'name,email\r\n"Kim\r\nKay",kim@example.org\r\nLee,"lee@example.org\r\nMo,mo@example.org\r\n';

    const result = JSON.parse((await post(csv, 'text/csv', 'org-a', LINES)).body);

    expect(result).toMatchObject({ accepted: 1, rejectedCount: 1 });
    expect(result.rejected[0]).toEqual({
      line: 4,
      errors: [
        {
          field: 'csv',
          message: 'the file cannot be read from here on: a quoted field is never closed: a closing " is missing',
        },
      ],
    });
  });

  it("keeps a representative's own postal address from its CSV column, for a letter to them there", async () => {
    const csv = [
      'name,representative_name,representative_relationship,representative_postal_address',
      'Fenna Goh,Gus Goh,attorney,"Goh & Partners, 12 High Street, Worcester WR1 2HH"',
      'Olu Ade,Ngozi Ade,next-of-kin,',
      '',
    ].join('\n');

    const result = JSON.parse((await post(csv, 'text/csv', 'org-a', REPRESENTED)).body);

    expect(result).toMatchObject({ accepted: 1, added: 1, rejectedCount: 1 });
    expect(result.rejected[0]).toMatchObject({ line: 3, errors: [{ field: 'representative_email' }] });
    const [stored] = (await subjects.page(REPRESENTED, 100)).items;
    expect(stored?.subject.representative?.postalAddress).toBe('Goh & Partners, 12 High Street, Worcester WR1 2HH');
    expect(stored?.delivery).toEqual({ channel: 'letter' });
    expect(stored?.status).toBe('letter');
  });

  it('refuses people once how they are told was decided: 409 problem+json saying why and what to do, nothing written', async () => {
    const events = (await breaches.events(EXEMPT)).length;

    for (const [body, type] of [
      [CSV, 'text/csv'],
      [JSON.stringify({ subjects: [{ name: 'Amara Okafor', email: 'amara@example.org' }] }), 'application/json'],
    ] as const) {
      const response = await post(body, type, 'org-a', EXEMPT);

      expect(response.statusCode).toBe(409);
      expect(response.headers?.['content-type']).toContain('application/problem+json');
      const problem = JSON.parse(response.body);
      expect(problem.type).toBe('urn:breachdesk:problem:subjects-decided');
      expect(problem.detail).toMatch(/^How the people affected are told was decided on Monday 3 March 2025, 12:00 /);
      expect(problem.detail).toContain('(a public notice)');
      expect(problem.detail).toContain('anyone added now would never be told through this case');
      expect(problem.detail).toContain('Tell them another way and record it on the case, or revise the decision');
    }
    expect((await subjects.page(EXEMPT, 100)).items).toHaveLength(0);
    expect(await breaches.events(EXEMPT)).toHaveLength(events);
  });

  it('takes people again once a revision asks how they are told anew', async () => {
    const organisation = anOrganisationWithPolicy('org-a', 'social-care');
    await seedSubjectsBreach(breaches, {
      organisation,
      breachId: REVISED,
      notifySubjects: { decidedBy: { name: 'Dana Protection', role: 'DPO' }, method: 'email' },
    });
    expect((await post(CSV, 'text/csv', 'org-a', REVISED)).statusCode).toBe(409);

    await breaches.append(REVISED, {
      type: 'decision-requested',
      at: '2025-03-04T09:00:00Z',
      actor: { kind: 'system', component: 'workflow' },
      data: { step: 'notify-subjects', expiresAt: '2025-03-11T09:00:00Z' },
    });
    const response = await post(CSV, 'text/csv', 'org-a', REVISED);

    expect(response.statusCode, response.body).toBe(200);
    expect(JSON.parse(response.body).added).toBeGreaterThan(0);
  });

  it("answers 404 for another organisation's breach and writes nothing", async () => {
    const before = (await subjects.page(BREACH, 100)).items.length;

    const response = await post(CSV, 'text/csv', 'org-b');

    expect(response.statusCode).toBe(404);
    expect((await subjects.page(BREACH, 100)).items).toHaveLength(before);
  });
});

describe('GET /breaches/{id}/letters and /public-notice', () => {
  it('prints a letter for each person without an e-mail address, addressed to them', async () => {
    const response = await letters(
      apiEvent({
        path: `/breaches/${BREACH}/letters`,
        pathParameters: { id: BREACH },
        query: { format: 'pdf' },
        organisationId: 'org-a',
      }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/pdf');
    expect(response.headers?.['x-letter-count']).toBe('1');
    // No notify-subjects decision yet: a draft, and the preset's DPO has neither a phone nor a postal address.
    expect(response.headers?.['breachdesk-letters-status']).toBe('draft');
    expect(response.headers?.['breachdesk-letters-check']).toContain(
      'The letters give no way to reply except by e-mail, which the people written to may not have',
    );
    const pdf = await PDFDocument.load(Buffer.from(response.body, 'base64'));
    expect(pdf.getPageCount()).toBe(2);
  });

  it('prints no letter where the decision relies on an Art. 34(3) exemption', async () => {
    const response = await letters(
      apiEvent({
        path: `/breaches/${EXEMPT}/letters`,
        pathParameters: { id: EXEMPT },
        query: { format: 'pdf' },
        organisationId: 'org-a',
      }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(409);
    expect(response.headers?.['content-type']).toContain('application/problem+json');
    expect(JSON.parse(response.body).detail).toContain('relies on the exemption of Art. 34(3)(c)');
  });

  it('serves the public notice only where it replaces the personal notices, and never across organisations', async () => {
    const get = (breachId: string, organisationId = 'org-a') =>
      publicNotice(
        apiEvent({ path: `/breaches/${breachId}/public-notice`, pathParameters: { id: breachId }, organisationId }),
        lambdaContext(),
      );

    const exempt = await get(EXEMPT);
    expect(exempt.statusCode).toBe(200);
    expect(exempt.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    expect(exempt.body).toContain('We cannot contact everyone affected one by one');
    expect((await get(BREACH)).statusCode).toBe(409);
    expect((await get(EXEMPT, 'org-b')).statusCode).toBe(404);
  });
});
