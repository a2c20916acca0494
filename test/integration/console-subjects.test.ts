import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestDecision } from '../../functions/domain/request-decision';
import { SUBJECT_CSV_COLUMNS } from '../../functions/domain/subjects';
import { takeDecision } from '../../functions/domain/take-decision';
import { location, multipartOf } from '../support/console-requests';
import { type ConsoleWorld, type Cookies, startConsoleWorld } from '../support/console-world';
import { aBreachIn } from '../support/decision-world';

/**
 * Adding the people affected from the console: a CSV file (or pasted rows) posted as multipart/form-data, as the
 * REST API hands it over (base64). All of the list or none of it; each refusal writes nothing, neither a person nor an
 * event. Real DynamoDB (dynalite) for both tables, the embedded OIDC provider, Step Functions mocked.
 */

let cw: ConsoleWorld;
let dpo: Cookies;

beforeAll(async () => {
  cw = await startConsoleWorld([{ id: 'org-a', preset: 'school' }, { id: 'org-b' }]);
  dpo = await cw.signIn('usr_org-a-dpo');
});

afterAll(async () => {
  await cw?.close();
});

const HEADER = SUBJECT_CSV_COLUMNS.join(',');
const GOOD = [
  HEADER,
  'Amara Okafor,amara@example.org,,,,,',
  'Noah Smith,,,Jo Smith,jo.smith@example.org,Parent,',
  'David Jones,,"12 High Street\r\nLeeds LS1 1AA",,,,',
  'Grażyna Nowak,grazyna@example.org,,,,,',
].join('\r\n');

const csrfOf = (page: string): string => /name="csrfToken" value="([^"]+)"/.exec(page)?.[1] ?? '';
const text = (body: string) =>
  body
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

const uploadPath = (breachId: string) => `/console/breaches/${breachId}/subjects`;

/** The upload form as the page shows it, with a file, pasted rows, or both. */
const upload = async (
  breachId: string,
  cookies: Cookies,
  content: { file?: string | Buffer; filename?: string; rows?: string; token?: string | null },
) => {
  let token = content.token;
  if (token === undefined) token = csrfOf((await cw.call('GET', uploadPath(breachId), { cookies: dpo })).body);
  const form = new FormData();
  if (token !== null) form.set('csrfToken', token);
  form.set(
    'file',
    new Blob(content.file === undefined ? [] : [content.file], { type: 'text/csv' }),
    content.filename ?? (content.file === undefined ? '' : 'people.csv'),
  );
  form.set('rows', content.rows ?? '');
  return cw.call('POST', uploadPath(breachId), { cookies, multipart: await multipartOf(form) });
};

const listed = async (breachId: string) => cw.subjects.count(breachId, 1_000);
const uploads = async (breachId: string) =>
  (await cw.world.breaches.events(breachId)).filter((event) => event.type === 'subjects-added');

/** Nothing of a refused upload is kept: no person, no event. */
const expectNothingWritten = async (breachId: string) => {
  expect(await listed(breachId)).toBe(0);
  expect(await uploads(breachId)).toHaveLength(0);
};

const aSchoolBreach = async () =>
  (await aBreachIn(cw.world, { organisationId: 'org-a', preset: 'school', assessed: true })).breachId;

describe('adding the people affected from the console', () => {
  it('shows the form, the column guide, the limits and a template whose columns are the parser’s', async () => {
    const breachId = await aSchoolBreach();
    const page = await cw.call('GET', uploadPath(breachId), { cookies: dpo });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('type="file"');
    expect(page.body).toContain('Up to 2 MB and 10,000 people');
    for (const column of SUBJECT_CSV_COLUMNS)
      expect(page.body).toContain(`<code class="govuk-!-font-size-16">${column}</code>`);
    expect(text(page.body)).toContain(
      'one of parent, carer, guardian, next of kin, attorney (lasting power of attorney), care professional or representative',
    );

    const template = await cw.call('GET', `${uploadPath(breachId)}/template.csv`, { cookies: dpo });
    expect(template.statusCode).toBe(200);
    expect(template.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(template.headers?.['content-disposition']).toContain('attachment');
    expect(template.body).toBe(`${HEADER}\r\n`);
  });

  it('adds a good file, records the person who uploaded it, and counts the list by channel on the case page', async () => {
    const breachId = await aSchoolBreach();
    const done = await upload(breachId, dpo, { file: GOOD });

    expect(done.statusCode, done.body).toBe(303);
    expect(location(done)).toBe(`/v1/console/breaches/${breachId}#people-affected`);
    expect(await listed(breachId)).toBe(4);
    const [event] = await uploads(breachId);
    expect(event?.actor).toMatchObject({ kind: 'person', userId: 'usr_org-a-dpo' });
    expect(event?.data).toMatchObject({ accepted: 4, added: 4, rejected: 0, source: 'csv' });
    // The log holds counts, never the people.
    expect(JSON.stringify(event)).not.toMatch(/Okafor|Smith|High Street|Nowak/);

    const casePage = text((await cw.call('GET', `/console/breaches/${breachId}`, { cookies: dpo })).body);
    const row = (key: string) =>
      new RegExp(`${key}</dt>\\s*<dd class="govuk-summary-list__value">([^<]*)<`).exec(casePage)?.[1];
    expect(row('Listed')).toBe('4');
    expect(row('With an e-mail address')).toBe('2');
    expect(row('By letter only \\(no e-mail address\\)')).toBe('1');
    expect(row('Through a representative \\(parent, carer, next of kin…\\)')).toBe('1 (1 by e-mail, 0 by letter only)');
  });

  it('keeps the same people once when the file is added twice', async () => {
    const breachId = await aSchoolBreach();
    expect((await upload(breachId, dpo, { file: GOOD })).statusCode).toBe(303);
    expect((await upload(breachId, dpo, { file: GOOD })).statusCode).toBe(303);
    expect(await listed(breachId)).toBe(4);
    expect((await uploads(breachId)).map((e) => (e.data as { added: number }).added)).toEqual([4, 0]);
  });

  it('adds pasted rows, the page leading on to the notices’ preview once the step waits', async () => {
    const breachId = await aSchoolBreach();
    const done = await upload(breachId, dpo, { rows: `${HEADER}\nAmara Okafor,amara@example.org,,,,,\n` });
    expect(done.statusCode, done.body).toBe(303);
    expect(await listed(breachId)).toBe(1);

    await requestDecision(cw.world.requestDeps, { breachId, step: 'notify-subjects', taskToken: `n-${breachId}` });
    const casePage = (await cw.call('GET', `/console/breaches/${breachId}`, { cookies: dpo })).body;
    expect(casePage).toContain(`href="/v1/console/breaches/${breachId}/decisions/notify-subjects">Preview the notices`);
    expect(casePage).toContain(`href="/v1/console/breaches/${breachId}/subjects">Add the people affected`);
  });

  /** Cells copied from a spreadsheet, as the clipboard holds them: tabs between cells, a multi-line cell in quotes. */
  const TAB_HEADER = SUBJECT_CSV_COLUMNS.join('\t');
  const spreadsheetRows = (...rows: string[][]) => [TAB_HEADER, ...rows.map((cells) => cells.join('\t'))].join('\r\n');

  it('adds rows pasted from a spreadsheet, tab-separated, reading a quoted cell and commas inside cells as text', async () => {
    const breachId = await aSchoolBreach();
    const rows = spreadsheetRows(
      ['Okafor, Amara', 'amara@example.org', '', '', '', '', ''],
      ['David Jones', '', '"12 High Street, Flat 2\r\nLeeds LS1 1AA"', '', '', '', ''],
      ['Noah Smith', '', '', 'Jo Smith', 'jo.smith@example.org', 'Next of kin', ''],
    );
    const done = await upload(breachId, dpo, { rows });

    expect(done.statusCode, done.body).toBe(303);
    const { items } = await cw.subjects.page(breachId, 10);
    expect(items.map((item) => item.subject).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'David Jones', postalAddress: '12 High Street, Flat 2\r\nLeeds LS1 1AA' },
      {
        name: 'Noah Smith',
        representative: { name: 'Jo Smith', email: 'jo.smith@example.org', relationship: 'next-of-kin' },
      },
      { name: 'Okafor, Amara', email: 'amara@example.org' },
    ]);
  });

  it('counts the lines of a tab-separated paste across a quoted cell’s line breaks', async () => {
    const breachId = await aSchoolBreach();
    const rows = spreadsheetRows(
      ['David Jones', '', '"12 High Street\r\nLeeds\r\nLS1 1AA"', '', '', '', ''],
      ['Noah Smith', 'not-an-address', '', '', '', '', ''],
    );
    const refused = await upload(breachId, dpo, { rows });

    expect(refused.statusCode).toBe(422);
    const page = text(refused.body);
    // The header is line 1, David's three-line address lines 2–4: Noah is on line 5.
    expect(page).toContain('href="#rows">Line 5, E-mail address (column email): must be an e-mail address</a>');
    expect(page).not.toContain('Line 2,');
    await expectNothingWritten(breachId);
  });

  it('judges the delimiter by the header line alone: a CSV header with a tab inside a cell below stays CSV', async () => {
    const breachId = await aSchoolBreach();
    const refused = await upload(breachId, dpo, { rows: `${HEADER}\r\nAmara\tOkafor,amara@example,,,,,` });
    expect(refused.statusCode).toBe(422);
    expect(text(refused.body)).toContain('Line 2, E-mail address (column email): must be an e-mail address');
    await expectNothingWritten(breachId);
  });
});

describe('a list with problems adds nobody', () => {
  it('answers 422 listing every problem by its line and column, lines counted across a quoted line break', async () => {
    const breachId = await aSchoolBreach();
    const bad = [
      HEADER,
      'Amara Okafor,amara@example.org,,,,,',
      'David Jones,,"12 High Street\r\nLeeds",,,,',
      'Noah Smith,not-an-address,,,,,',
      ',,,,,,',
      'Ella Brown,,,Sam Brown,sam@example.org,aunt,',
    ].join('\r\n');
    const refused = await upload(breachId, dpo, { file: bad });

    expect(refused.statusCode).toBe(422);
    const page = text(refused.body);
    expect(page).toContain('There is a problem with the list: nobody was added');
    expect(page).toContain('href="#file">Line 5, E-mail address (column email): must be an e-mail address</a>');
    expect(page).toContain('Line 6, Name (column name): must not be empty');
    expect(page).toContain(
      'Line 7, Relationship (column representative_relationship): must be one of: parent, carer, guardian, next of kin,',
    );
    expect(page).not.toMatch(/next-of-kin|care-professional/);
    expect(page).not.toContain('Line 3,');
    await expectNothingWritten(breachId);
  });

  it('names the column of an unknown header by its place on line 1', async () => {
    const breachId = await aSchoolBreach();
    const refused = await upload(breachId, dpo, { file: 'name,e-mail address\r\nAmara,amara@example.org\r\n' });
    expect(refused.statusCode).toBe(422);
    expect(text(refused.body)).toContain('Line 1 (the column names), column 2: unknown column');
    await expectNothingWritten(breachId);
  });

  it('shows pasted rows again with their problems', async () => {
    const breachId = await aSchoolBreach();
    const rows = `${HEADER}\nAmara Okafor,nope,,,,,`;
    const refused = await upload(breachId, dpo, { rows });
    expect(refused.statusCode).toBe(422);
    expect(text(refused.body)).toContain('href="#rows">Line 2, E-mail address (column email)');
    // A browser sends a textarea's line breaks as CRLF; the page gives the rows back as they came.
    expect(text(refused.body).replaceAll('\r\n', '\n')).toContain(`${HEADER}\nAmara Okafor,nope,,,,,</textarea>`);
    await expectNothingWritten(breachId);
  });

  it('refuses no list, a file and pasted rows together, a header alone, a spreadsheet and a file not in UTF-8', async () => {
    const breachId = await aSchoolBreach();
    const cases: [Parameters<typeof upload>[2], string][] = [
      [{}, 'Choose a CSV file to upload, or paste the rows.'],
      [{ file: GOOD, rows: GOOD }, 'Choose a file or paste the rows, not both'],
      [{ file: `${HEADER}\r\n` }, 'The list has nobody on it'],
      [
        { file: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), filename: 'pupils.xlsx' },
        'The file is a spreadsheet, not CSV',
      ],
      [{ file: Buffer.from('name,email\r\nZo\xeb,zoe@example.org\r\n', 'latin1') }, 'The file is not saved as UTF-8'],
    ];
    for (const [content, message] of cases) {
      const refused = await upload(breachId, dpo, content);
      expect(refused.statusCode, message).toBe(422);
      expect(text(refused.body)).toContain(message);
    }
    await expectNothingWritten(breachId);
  });

  it('refuses a list over the size limit with 413 and the form again', async () => {
    const breachId = await aSchoolBreach();
    const big = `${HEADER}\r\n${'Amara Okafor,amara@example.org,,,,,\r\n'.repeat(60_000)}`;
    const refused = await upload(breachId, dpo, { file: big });
    expect(refused.statusCode).toBe(413);
    expect(text(refused.body)).toContain('The list is larger than 2 MB');
    await expectNothingWritten(breachId);
  });
});

describe('who may add people, and when', () => {
  it('refuses a post without the form’s token or with another session’s', async () => {
    const breachId = await aSchoolBreach();
    expect((await upload(breachId, dpo, { file: GOOD, token: null })).statusCode).toBe(403);
    expect((await upload(breachId, dpo, { file: GOOD, token: 'x'.repeat(43) })).statusCode).toBe(403);
    const other = await cw.signIn('usr_org-a-deputy-dpo');
    const othersToken = csrfOf((await cw.call('GET', uploadPath(breachId), { cookies: other })).body);
    expect((await upload(breachId, dpo, { file: GOOD, token: othersToken })).statusCode).toBe(403);
    await expectNothingWritten(breachId);
  });

  it('lets an auditor read the case but not add people (403), and keeps a reporter out (403)', async () => {
    const breachId = await aSchoolBreach();
    for (const userId of ['usr_org-a-auditor', 'usr_org-a-reporter']) {
      const cookies = await cw.signIn(userId);
      expect((await cw.call('GET', uploadPath(breachId), { cookies })).statusCode, userId).toBe(403);
      const token = csrfOf((await cw.call('GET', '/console/users', { cookies })).body) || 'none';
      expect((await upload(breachId, cookies, { file: GOOD, token })).statusCode, userId).toBe(403);
    }
    const auditor = await cw.signIn('usr_org-a-auditor');
    const casePage = await cw.call('GET', `/console/breaches/${breachId}`, { cookies: auditor });
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).not.toContain('Add the people affected');
    await expectNothingWritten(breachId);
  });

  it('answers another organisation’s breach as one that does not exist (404)', async () => {
    const { breachId } = await aBreachIn(cw.world, { organisationId: 'org-b', assessed: true });
    expect((await cw.call('GET', uploadPath(breachId), { cookies: dpo })).statusCode).toBe(404);
    expect((await cw.call('GET', `${uploadPath(breachId)}/template.csv`, { cookies: dpo })).statusCode).toBe(404);
    const ownToken = csrfOf((await cw.call('GET', uploadPath(await aSchoolBreach()), { cookies: dpo })).body);
    expect((await upload(breachId, dpo, { file: GOOD, token: ownToken })).statusCode).toBe(404);
    await expectNothingWritten(breachId);
  });

  it('refuses a closed case with 409 and says why', async () => {
    const breachId = await aSchoolBreach();
    const token = csrfOf((await cw.call('GET', uploadPath(breachId), { cookies: dpo })).body);
    await cw.world.breaches.append(breachId, {
      type: 'closed',
      at: cw.world.clock.now.toISOString(),
      actor: { kind: 'system', component: 'close-case' },
      data: {},
    });
    const refused = await upload(breachId, dpo, { file: GOOD, token });
    expect(refused.statusCode).toBe(409);
    expect(text(refused.body)).toContain('The case is closed: people can no longer be added to it');
    expect((await cw.call('GET', uploadPath(breachId), { cookies: dpo })).statusCode).toBe(409);
    await expectNothingWritten(breachId);
  });

  it('refuses a case whose people were already dealt with (409), naming the decision', async () => {
    const breachId = await aSchoolBreach();
    const token = csrfOf((await cw.call('GET', uploadPath(breachId), { cookies: dpo })).body);
    await requestDecision(cw.world.requestDeps, { breachId, step: 'notify-subjects', taskToken: `n-${breachId}` });
    await takeDecision(cw.world.takeDeps, {
      via: 'console',
      organisationId: 'org-a',
      breachId,
      step: 'notify-subjects',
      person: { userId: 'usr_org-a-dpo', name: 'Dana', email: 'dpo@org-a.example.org', roles: ['dpo'] },
      body: {
        method: 'phone',
        notifiedAt: '2025-03-03T11:00:00Z',
        note: 'The three families were phoned by the head.',
      },
    });
    const refused = await upload(breachId, dpo, { file: GOOD, token });
    expect(refused.statusCode).toBe(409);
    expect(text(refused.body)).toContain('How the people affected are told was decided on');
    expect(text(refused.body)).toContain('(phone): anyone added now would never be told through this case');
    await expectNothingWritten(breachId);
  });
});
