import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewEvent } from '../../../functions/domain/events';
import { makeHandler } from '../../../functions/register/make-handler';
import { anOrganisation, InMemoryBreachRepository, InMemoryOrganisationRepository } from '../../support/fakes';
import { lateReportedHistory, processorHistory, unreportedHistory } from '../../support/register-histories';
import { apiEvent, lambdaContext, memoryLogger } from '../http/api-event';

const LATE = 'BR-LATE-0000-0000-0001';
const UNREPORTED = 'BR-UNRP-0000-0000-0002';
const PROCESSOR = 'BR-PROC-0000-0000-0003';
const OTHER = 'BR-OTHR-0000-0000-0004';

let breaches: InMemoryBreachRepository;
let organisations: InMemoryOrganisationRepository;
let handler: ReturnType<typeof makeHandler>;

const record = async (breachId: string, organisationId: string, events: NewEvent[]) => {
  const [first, ...rest] = events;
  await breaches.create(breachId, organisationId, first as NewEvent<'reported'>);
  for (const event of rest) await breaches.append(breachId, event);
};

beforeEach(async () => {
  breaches = new InMemoryBreachRepository();
  organisations = new InMemoryOrganisationRepository();
  await organisations.put({ ...anOrganisation('org-1'), name: "St Clare's RC Primary School" });
  await organisations.put(anOrganisation('org-2'));
  await record(LATE, 'org-1', lateReportedHistory('2025-03-03T09:00:00Z'));
  await record(UNREPORTED, 'org-1', unreportedHistory('2025-04-01T08:00:00Z'));
  await record(PROCESSOR, 'org-1', processorHistory('2025-04-10T10:00:00Z'));
  await record(OTHER, 'org-2', lateReportedHistory('2025-04-05T09:00:00Z'));
  handler = makeHandler({ breaches, organisations, now: () => new Date('2025-06-01T12:00:00Z') });
});

const get = (query?: Record<string, string | string[]>, organisationId: string | null = 'org-1') =>
  handler(apiEvent({ path: '/register', query, organisationId }), lambdaContext());

describe('GET /register', () => {
  it("answers the organisation's register as JSON by default, oldest awareness first", async () => {
    const response = await get();

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({
      organisationId: 'org-1',
      organisationName: "St Clare's RC Primary School",
      generatedAt: '2025-06-01T12:00:00.000Z',
      filter: {},
      count: 3,
      links: { self: '/prod/register' },
    });
    expect(body.rows.map((r: { breachId: string }) => r.breachId)).toEqual([LATE, UNREPORTED, PROCESSOR]);
    expect(body.rows[0].authority).toMatchObject({ status: 'notified-late', hoursLate: 24 });
    expect(response.body).not.toContain(OTHER);
  });

  it('filters by awareness date range (whole days) and status', async () => {
    const april = JSON.parse((await get({ from: '2025-04-01', to: '2025-04-10' })).body);
    expect(april.rows.map((r: { breachId: string }) => r.breachId)).toEqual([UNREPORTED, PROCESSOR]);
    expect(april.filter).toEqual({ from: '2025-04-01T00:00:00.000Z', to: '2025-04-10T23:59:59.999Z' });

    const closed = JSON.parse((await get({ status: 'closed' })).body);
    expect(closed.rows.map((r: { breachId: string }) => r.breachId)).toEqual([LATE]);

    const instant = JSON.parse((await get({ from: '2025-04-01T08:00:01Z' })).body);
    expect(instant.rows.map((r: { breachId: string }) => r.breachId)).toEqual([PROCESSOR]);
  });

  it('reads every page of the breach list', async () => {
    for (let i = 0; i < 3; i++)
      await record(`BR-MORE-0000-0000-000${i}`, 'org-1', unreportedHistory('2025-05-01T08:00:00Z'));
    const list = breaches.list.bind(breaches);
    // Pages of two, as the real repository pages by its limit.
    vi.spyOn(breaches, 'list').mockImplementation(async (organisationId, { cursor, ...options } = {}) => {
      const all = (await list(organisationId, { ...options, limit: 100 })).items;
      const start = Number(cursor ?? 0);
      const next = start + 2;
      return { items: all.slice(start, next), ...(next < all.length ? { cursor: String(next) } : {}) };
    });

    expect(JSON.parse((await get()).body).count).toBe(6);
  });

  it('downloads a CSV attachment with a header row', async () => {
    const response = await get({ format: 'csv', status: 'open' });

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': 'attachment; filename="breach-register-org-1-2025-06-01.csv"',
      'x-content-type-options': 'nosniff',
    });
    expect(response.isBase64Encoded).toBeUndefined();
    const records: Record<string, string>[] = parse(response.body, { columns: true });
    expect(records.map((r) => r.breach_id)).toEqual([UNREPORTED, PROCESSOR]);
    expect(records[1]).toMatchObject({ organisation_role: 'processor', controller: 'Acme Schools Trust' });
  });

  it('downloads a PDF as base64 for API Gateway to turn back into bytes', async () => {
    const response = await get({ format: 'pdf' });

    expect(response.statusCode).toBe(200);
    expect(response.isBase64Encoded).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': 'attachment; filename="breach-register-org-1-2025-06-01.pdf"',
    });
    const bytes = Buffer.from(response.body, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(bytes)).getTitle()).toBe(
      "Personal data breach register: St Clare's RC Primary School",
    );
  });

  it.each([
    ['an unknown parameter', { stauts: 'open' }, 'stauts', 'unknown field'],
    ['an unknown status', { status: 'pending' }, 'status', expect.any(String)],
    ['an unknown format', { format: 'xlsx' }, 'format', expect.any(String)],
    ['a date that is not one', { from: '2025-13-01' }, 'from', expect.stringContaining('must be a date')],
    ['a time without an offset', { to: '2025-04-01T10:00:00' }, 'to', expect.stringContaining('must be a date')],
    ['a range that ends before it starts', { from: '2025-04-02', to: '2025-04-01' }, 'to', 'must not be before from'],
    ['a repeated parameter', { format: ['csv', 'pdf'] }, 'format', 'may be given only once'],
  ])('refuses %s with 400 problem+json naming it', async (_name, query, path, message) => {
    const response = await get(query);

    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body);
    expect(problem).toMatchObject({ status: 400, title: 'Invalid query' });
    expect(problem.errors).toContainEqual({ path, message });
  });

  it('fails closed with 401 without an organisation, or for an organisation that no longer exists', async () => {
    expect((await get(undefined, null)).statusCode).toBe(401);
    expect((await get(undefined, 'org-gone')).statusCode).toBe(401);
  });

  it('answers 500 without detail when the table fails, logging no personal data', async () => {
    const logger = memoryLogger();
    handler = makeHandler({ breaches, organisations, logger });
    vi.spyOn(breaches, 'state').mockRejectedValue(new Error('Dana Protection: throttled'));

    const response = await handler(apiEvent({ path: '/register' }), lambdaContext());

    expect(response.statusCode).toBe(500);
    expect(logger.lines.join('\n')).not.toContain('Dana');
  });
});
