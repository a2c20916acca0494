import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConsoleDirectory } from '../../functions/adapters/console-directory';
import { makeHandler as authorityReport } from '../../functions/authority-report/make-handler';
import { makeHandler as boardReport } from '../../functions/board-report/make-handler';
import { type Subject, subjectKey } from '../../functions/domain/subjects';
import { apiRoutes } from '../../functions/manifest';
import { makeHandler as publicNotice } from '../../functions/public-notice/make-handler';
import { makeHandler as letters } from '../../functions/subject-letters/make-handler';
import { type ConsoleWorld, type Cookies, startConsoleWorld } from '../support/console-world';
import { aBreachIn } from '../support/decision-world';
import { type DynamoSubjects, dynamoSubjects } from '../support/dynamo-subjects';

/**
 * The case's documents downloaded from the console: each served by the function that renders it, on a console path
 * beside its API-key route, with the person's session instead of a key — over real DynamoDB (dynalite) and a real
 * sign-in through the embedded OIDC provider. Another organisation's breach is a 404, a reporter cannot open one, and
 * a browser without a session is sent to sign in and back.
 */

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

let console_: ConsoleWorld;
let handlers: Record<'authority-report' | 'board-report' | 'public-notice' | 'letters', Handler>;
let subjects: DynamoSubjects;
let dpo: Cookies;

beforeAll(async () => {
  console_ = await startConsoleWorld([{ id: 'org-a', preset: 'school' }, { id: 'org-b' }]);
  const { table, breaches, organisations } = console_.world;
  const directory = new DynamoConsoleDirectory({ client: table.client, tableName: table.tableName });
  // The console world's clock, which its sign-in used to start the session.
  const now = () => new Date(console_.world.clock.now);
  const access = { sessions: directory, users: directory, now, logger: { error: () => undefined } };
  subjects = dynamoSubjects({ client: table.client, tableName: table.subjectsTableName });
  const logger = { error: () => undefined };
  handlers = {
    'authority-report': authorityReport({ breaches, organisations, console: access, logger }),
    'board-report': boardReport({ breaches, organisations, console: access, logger }),
    'public-notice': publicNotice({ breaches, organisations, console: access, logger }),
    letters: letters({ breaches, organisations, subjects, console: access, logger }),
  };
  dpo = await console_.signIn('usr_org-a-dpo');
});

afterAll(async () => {
  await console_?.close();
});

/** A browser's GET of a console download, as API Gateway hands it to the function (no authorizer on the route). */
const download = async (
  document: keyof typeof handlers,
  breachId: string,
  options: { cookies?: Cookies; query?: Record<string, string> } = {},
): Promise<APIGatewayProxyResult> => {
  const path = `/console/breaches/${breachId}/${document}`;
  const cookie = Object.entries(options.cookies ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  const event = {
    resource: `/console/breaches/{id}/${document}`,
    httpMethod: 'GET',
    path,
    pathParameters: { id: breachId },
    headers: { accept: 'text/html,application/xhtml+xml,*/*', ...(cookie ? { cookie } : {}) },
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    body: null,
    isBase64Encoded: false,
    requestContext: { path: `/v1${path}`, requestId: 'req-documents' },
  } as unknown as APIGatewayProxyEvent;
  return (await handlers[document](event, { awsRequestId: 'aws-1' } as Context)) as APIGatewayProxyResult;
};

const pdfBytes = (response: APIGatewayProxyResult): string =>
  Buffer.from(response.body, response.isBase64Encoded ? 'base64' : 'utf8')
    .subarray(0, 5)
    .toString();

describe('the console download routes', () => {
  it('are declared in the manifest as public routes of the functions that render each document', () => {
    const consoleDownloads = apiRoutes().filter((route) => /^\/console\/breaches\/\{id\}\/[a-z-]+$/.test(route.path));
    expect(consoleDownloads.map((route) => [route.path, route.functionName, route.access]).sort()).toEqual(
      [
        ['/console/breaches/{id}/authority-report', 'AuthorityReport', 'public'],
        ['/console/breaches/{id}/board-report', 'BoardReport', 'public'],
        ['/console/breaches/{id}/letters', 'SubjectLetters', 'public'],
        ['/console/breaches/{id}/public-notice', 'PublicNotice', 'public'],
      ].sort(),
    );
  });
});

describe('a document from the console', () => {
  it('sends a browser without a session to sign in, and back to the same document after', async () => {
    const { breachId } = await aBreachIn(console_.world, { organisationId: 'org-a', preset: 'school' });

    const response = await download('authority-report', breachId, { query: { format: 'pdf', phase: 'initial' } });

    expect(response.statusCode).toBe(303);
    const location = new URL(String(response.headers?.location), 'https://breachdesk.test');
    expect(location.pathname).toBe('/v1/console/sign-in');
    expect(location.searchParams.get('returnTo')).toBe(
      `/v1/console/breaches/${breachId}/authority-report?format=pdf&phase=initial`,
    );
  });

  it('gives the signed-in DPO the report to the authority as a PDF and as text', async () => {
    const { breachId } = await aBreachIn(console_.world, { organisationId: 'org-a', preset: 'school', assessed: true });

    const pdf = await download('authority-report', breachId, {
      cookies: dpo,
      query: { format: 'pdf', phase: 'initial' },
    });
    const text = await download('authority-report', breachId, {
      cookies: dpo,
      query: { format: 'text', phase: 'initial' },
    });

    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers?.['content-type']).toBe('application/pdf');
    expect(pdfBytes(pdf)).toBe('%PDF-');
    expect(text.statusCode).toBe(200);
    expect(text.headers?.['content-type']).toContain('text/plain');
    expect(text.body).toContain(breachId);
  });

  it('gives the board report PDF, and answers another organisation’s breach with the same page as none', async () => {
    const own = await aBreachIn(console_.world, { organisationId: 'org-a', preset: 'school' });
    const other = await aBreachIn(console_.world, { organisationId: 'org-b' });

    const pdf = await download('board-report', own.breachId, { cookies: dpo });
    const foreign = await download('board-report', other.breachId, { cookies: dpo });
    const missing = await download('board-report', 'BR-0000-0000-0000-0000', { cookies: dpo });

    expect(pdf.statusCode).toBe(200);
    expect(pdfBytes(pdf)).toBe('%PDF-');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.headers?.['content-type']).toContain('text/html');
    expect(foreign.body).toContain('Page not found');
    expect(foreign.body).not.toContain(other.breachId);
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe(foreign.body);
  });

  it('lets an auditor read documents, and refuses a reporter with a page saying why', async () => {
    const { breachId } = await aBreachIn(console_.world, { organisationId: 'org-a', preset: 'school' });
    const auditor = await console_.signIn('usr_org-a-auditor');
    const reporter = await console_.signIn('usr_org-a-reporter');

    const read = await download('board-report', breachId, { cookies: auditor });
    const refused = await download('board-report', breachId, { cookies: reporter });

    expect(read.statusCode).toBe(200);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Your role lets you report breaches, not open them');
  });

  it('answers a document the record does not call for with a page giving the reason', async () => {
    const { breachId } = await aBreachIn(console_.world, { organisationId: 'org-a', preset: 'school', assessed: true });

    const response = await download('public-notice', breachId, { cookies: dpo });

    expect(response.statusCode).toBe(409);
    expect(response.headers?.['content-type']).toContain('text/html');
    expect(response.body).toContain('told directly, not by a public notice');
  });

  it('answers a failure with the service problem page quoting the request id, logging classes and ids only', async () => {
    const { breachId } = await aBreachIn(console_.world, { organisationId: 'org-a', preset: 'school', assessed: true });
    const { breaches, organisations, table, clock } = console_.world;
    const directory = new DynamoConsoleDirectory({ client: table.client, tableName: table.tableName });
    const logged: { message: string; attributes: Record<string, unknown> }[] = [];
    const failing = boardReport({
      breaches: Object.assign(Object.create(breaches) as typeof breaches, {
        state: () => Promise.reject(new TypeError('disk on fire')),
      }),
      organisations,
      console: {
        sessions: directory,
        users: directory,
        now: () => new Date(clock.now),
        logger: { error: (message, attributes) => logged.push({ message, attributes: attributes ?? {} }) },
      },
      logger: { error: () => undefined },
    });
    const event = {
      resource: '/console/breaches/{id}/board-report',
      httpMethod: 'GET',
      path: `/console/breaches/${breachId}/board-report`,
      pathParameters: { id: breachId },
      headers: {
        accept: 'text/html',
        cookie: Object.entries(dpo)
          .map(([n, v]) => `${n}=${v}`)
          .join('; '),
      },
      multiValueHeaders: {},
      queryStringParameters: null,
      body: null,
      isBase64Encoded: false,
      requestContext: { path: `/v1/console/breaches/${breachId}/board-report`, requestId: 'req-failed' },
    } as unknown as APIGatewayProxyEvent;

    const response = (await failing(event, { awsRequestId: 'aws-9' } as Context)) as APIGatewayProxyResult;

    expect(response.statusCode).toBe(500);
    expect(response.headers?.['content-type']).toContain('text/html');
    expect(response.body).toContain('quote this reference: req-failed');
    expect(logged).toEqual([
      {
        message: 'console download failed',
        attributes: expect.objectContaining({
          errorClass: 'TypeError',
          requestId: 'req-failed',
          awsRequestId: 'aws-9',
        }),
      },
    ]);
    expect(JSON.stringify(logged)).not.toContain('disk on fire');
  });

  it('keeps the API route as it was: no session stands in for the key there', async () => {
    const { breachId } = await aBreachIn(console_.world, { organisationId: 'org-a', preset: 'school' });
    const event = {
      resource: '/breaches/{id}/board-report',
      httpMethod: 'GET',
      path: `/breaches/${breachId}/board-report`,
      pathParameters: { id: breachId },
      headers: { cookie: `__Host-bd_session=${dpo['__Host-bd_session']}` },
      multiValueHeaders: {},
      queryStringParameters: null,
      body: null,
      isBase64Encoded: false,
      requestContext: { path: `/v1/breaches/${breachId}/board-report`, requestId: 'req-api' },
    } as unknown as APIGatewayProxyEvent;

    const response = (await handlers['board-report'](event, {} as Context)) as APIGatewayProxyResult;

    expect(response.statusCode).toBe(401);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });
});

describe('the letters from the console', () => {
  const cora: Subject = { name: 'Cora Dunleavy', postalAddress: '7 Church Street, Bewdley DY12 2AA' };
  const xiuying: Subject = { name: '王秀英', postalAddress: '1 Station Road, Bewdley DY12 1AA' };
  const alma: Subject = { name: 'Alma Adeyemi', email: 'alma@example.org' };

  it('lists the files to print, each a link the browser downloads, and what to check before posting', async () => {
    const { breachId } = await aBreachIn(console_.world, { organisationId: 'org-a', preset: 'school', assessed: true });
    // 251 letters (everyone with a postal address and no e-mail, before the decision): two files of at most 250.
    const people: Subject[] = [
      cora,
      xiuying,
      alma,
      ...Array.from({ length: 249 }, (_, i) => ({
        name: `Pupil ${i + 1}`,
        postalAddress: `${i + 1} School Lane, Bewdley DY12 ${i % 9}AB`,
      })),
    ];
    await subjects.add(
      breachId,
      people.map((subject) => ({ key: subjectKey(breachId, subject), subject })),
      '2025-03-03T10:00:00Z',
    );

    const page = await download('letters', breachId, { cookies: dpo });

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Draft letters');
    expect(page.body).toContain('251 letters');
    const links = [...page.body.matchAll(/href="([^"]*\/letters\?[^"]*)"/g)].map((m) =>
      (m[1] ?? '').replace(/&amp;/g, '&'),
    );
    expect(links).toHaveLength(2);
    // The unprintable name is named by its file and number, never by the name itself.
    expect(page.body).toMatch(/cannot print \(printed as \?\) in file 1 letter \d+/);
    expect(page.body).not.toContain('王秀英');

    const second = new URL(links[1] ?? '', 'https://breachdesk.test');
    const file = await download('letters', breachId, {
      cookies: dpo,
      query: Object.fromEntries(second.searchParams),
    });
    expect(file.statusCode).toBe(200);
    expect(pdfBytes(file)).toBe('%PDF-');
    expect(file.headers?.['x-letter-count']).toBe('1');
    expect(file.headers?.['x-next-cursor']).toBeUndefined();
  });
});
