import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConsoleDirectory } from '../../functions/adapters/console-directory';
import { apiRoutes } from '../../functions/manifest';
import { makeHandler as registerFunction } from '../../functions/register/make-handler';
import { type ConsoleWorld, type Cookies, startConsoleWorld } from '../support/console-world';
import { aBreachIn } from '../support/decision-world';

/**
 * The console's breach register over real DynamoDB: filters by awareness dates, status, severity and stage; the CSV
 * and the PDF hold the rows the page shows, downloaded with the console session; auditors may read it, reporters
 * may not, and another organisation's breaches never appear. The PDF is the register function's, on a console path
 * API Gateway routes to it (the console carries no PDF renderer).
 */

let c: ConsoleWorld;
let march: string;
let april: string;
let assessed: string;
let foreign: string;

beforeAll(async () => {
  c = await startConsoleWorld([{ id: 'org-a' }, { id: 'org-b' }]);
  march = (await aBreachIn(c.world, { organisationId: 'org-a', report: { awareAt: '2025-03-03T09:00:00Z' } })).breachId;
  april = (await aBreachIn(c.world, { organisationId: 'org-a', report: { awareAt: '2025-04-10T09:00:00Z' } })).breachId;
  assessed = (
    await aBreachIn(c.world, {
      organisationId: 'org-a',
      assessed: true,
      report: { awareAt: '2025-04-20T09:00:00Z', dataCategories: ['health'], approximateSubjects: 5000 },
    })
  ).breachId;
  foreign = (await aBreachIn(c.world, { organisationId: 'org-b' })).breachId;
});

afterAll(async () => {
  await c?.close();
});

/** A browser's GET of `/console/register.pdf`, as API Gateway hands it to the register function (no authorizer). */
const pdfDownload = async (
  options: { cookies?: Cookies; query?: Record<string, string> } = {},
): Promise<APIGatewayProxyResult> => {
  const { table, breaches, organisations } = c.world;
  const directory = new DynamoConsoleDirectory({ client: table.client, tableName: table.tableName });
  const now = () => new Date(c.world.clock.now);
  const handler = registerFunction({
    breaches,
    organisations,
    now,
    console: { sessions: directory, users: directory, now, logger: { error: () => undefined } },
    logger: { error: () => undefined },
  });
  const cookie = Object.entries(options.cookies ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
  const event = {
    resource: '/console/register.pdf',
    httpMethod: 'GET',
    path: '/console/register.pdf',
    pathParameters: null,
    headers: { accept: 'text/html,application/xhtml+xml,*/*', ...(cookie ? { cookie } : {}) },
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { path: '/v1/console/register.pdf', requestId: 'req-register' },
  } as unknown as APIGatewayProxyEvent;
  return (await handler(event, { awsRequestId: 'aws-1' } as Context)) as APIGatewayProxyResult;
};

const referencesIn = (body: string): string[] =>
  [
    ...body.matchAll(/<th scope="row" class="govuk-table__header"><a class="govuk-link" href="[^"]*">([^<]+)<\/a>/g),
  ].map((m) => m[1] ?? '');

describe('the console register', () => {
  let dpo: Cookies;
  beforeAll(async () => {
    dpo = await c.signIn('usr_org-a-dpo');
  });

  it('lists every breach of the organisation, oldest first, with the Art. 33(5) columns', async () => {
    const page = await c.call('GET', '/console/register', { cookies: dpo });
    expect(page.statusCode).toBe(200);
    expect(referencesIn(page.body)).toEqual([march, april, assessed]);
    expect(page.body).not.toContain(foreign);
    for (const column of ['What happened', 'Effects', 'Remedial action', 'Authority']) {
      expect(page.body).toContain(`>${column}</th>`);
    }
  });

  it('filters by the awareness dates, stage and severity, and links downloads with the same filters', async () => {
    const april2025 = await c.call('GET', '/console/register', {
      cookies: dpo,
      query: { from: '2025-04-01', to: '2025-04-30', stage: 'reported' },
    });
    expect(referencesIn(april2025.body)).toEqual([april]);
    expect(april2025.body).toContain('/v1/console/register.csv?from=2025-04-01&amp;to=2025-04-30&amp;stage=reported');

    const risky = await c.call('GET', '/console/register', { cookies: dpo, query: { risk: 'high-risk' } });
    expect(referencesIn(risky.body)).toEqual([assessed]);
    expect(risky.body).toContain('High risk (recommended, not yet decided)');
  });

  it('answers filters that do not read with an error summary, and no file', async () => {
    const page = await c.call('GET', '/console/register.csv', {
      cookies: dpo,
      query: { from: '2025-02-31', to: '2025-01-01', risk: 'catastrophic' },
    });
    expect(page.statusCode).toBe(400);
    expect(page.headers?.['content-type']).toContain('text/html');
    expect(page.body).toContain('govuk-error-summary');
    expect(page.body).toContain('href="#from"');
    expect(page.body).toContain('Choose a severity from the list');
  });

  it('lets an auditor download the same rows as CSV and PDF through the console session', async () => {
    const auditor = await c.signIn('usr_org-a-auditor');
    const csv = await c.call('GET', '/console/register.csv', { cookies: auditor, query: { from: '2025-04-01' } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers?.['content-disposition']).toMatch(/^attachment; filename="breach-register-org-a-/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([april, assessed]);

    const pdf = await pdfDownload({ cookies: auditor, query: { from: '2025-04-01' } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers?.['content-type']).toBe('application/pdf');
    expect(pdf.headers?.['content-disposition']).toMatch(/^attachment; filename="breach-register-org-a-.*\.pdf"$/);
    expect(pdf.isBase64Encoded).toBe(true);
    expect(Buffer.from(pdf.body, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it("serves the PDF from the register function, on a path more specific than the console's", () => {
    const route = apiRoutes().find((r) => r.path === '/console/register.pdf');
    expect([route?.functionName, route?.method, route?.access]).toEqual(['Register', 'GET', 'public']);
  });

  it('sends a PDF download whose filters do not read back to the page, whose error summary says why', async () => {
    const auditor = await c.signIn('usr_org-a-auditor');
    const pdf = await pdfDownload({ cookies: auditor, query: { from: '2025-02-30', status: 'open' } });
    expect(pdf.statusCode).toBe(303);
    expect(pdf.headers?.location).toBe('/v1/console/register?from=2025-02-30&status=open');
  });

  it('refuses the PDF to a reporter and sends anyone signed out to sign in', async () => {
    const reporter = await c.signIn('usr_org-a-reporter');
    expect((await pdfDownload({ cookies: reporter })).statusCode).toBe(403);
    const anonymous = await pdfDownload({});
    expect(anonymous.statusCode).toBe(303);
    expect(new URL(anonymous.headers?.location as string, 'https://x').pathname).toBe('/v1/console/sign-in');
  });

  it('is not open to a reporter, nor to anyone signed out', async () => {
    const reporter = await c.signIn('usr_org-a-reporter');
    expect((await c.call('GET', '/console/register.csv', { cookies: reporter })).statusCode).toBe(403);
    const anonymous = await c.call('GET', '/console/register.csv', {});
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.body).toBe('');
  });
});
