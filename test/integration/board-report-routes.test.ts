import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { makeHandler } from '../../functions/board-report/make-handler';
import type { NewEvent } from '../../functions/domain/events';
import { presetPolicy } from '../../functions/domain/presets';
import { flat, pageLines } from '../e2e/support/pdf-text';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { lateReportedHistory, unreportedHistory } from '../support/register-histories';
import { apiEvent, lambdaContext } from '../unit/http/api-event';

/** GET /breaches/{id}/board-report and /similar-incidents on the real table, tenants kept apart. */

let table: LocalTable;
let handler: ReturnType<typeof makeHandler>;
const now = () => new Date('2025-06-01T12:00:00Z');

const LATE = 'BR-BRDA-0000-0000-0001';
const EARLIER = 'BR-BRDA-0000-0000-0002';
const LATER = 'BR-BRDA-0000-0000-0003';
const OTHER_ORG_EARLIER = 'BR-BRDB-0000-0000-0001';

beforeAll(async () => {
  table = await startDynalite();
  const options = { client: table.client, tableName: table.tableName };
  const breaches = new DynamoBreachRepository(options);
  const organisations = new DynamoOrganisationRepository(options);
  handler = makeHandler({ breaches, organisations, now, logger: { error: () => undefined } });
  const dpo = { name: 'Dana Protection', email: 'dpo@elite.example.org', role: 'Data Protection Officer' };
  await organisations.put({ id: 'org-a', name: 'Elite Care Homes', policy: presetPolicy('elite-care', { dpo }) });
  await organisations.put({ id: 'org-b', name: 'Other Care', policy: presetPolicy('elite-care', { dpo }) });
  const record = async (breachId: string, organisationId: string, events: NewEvent[]) => {
    const [first, ...rest] = events;
    await breaches.create(breachId, organisationId, first as NewEvent<'reported'>);
    for (const event of rest) await breaches.append(breachId, event);
  };
  await record(LATE, 'org-a', lateReportedHistory('2025-03-03T09:00:00Z'));
  await record(EARLIER, 'org-a', unreportedHistory('2025-01-01T08:00:00Z'));
  await record(LATER, 'org-a', unreportedHistory('2025-05-01T08:00:00Z'));
  // Just as alike, and earlier still, but another organisation's: never listed.
  await record(OTHER_ORG_EARLIER, 'org-b', unreportedHistory('2024-12-01T08:00:00Z'));
});

afterAll(async () => {
  await table?.close();
});

const get = (
  route: 'board-report' | 'similar-incidents',
  breachId: string,
  options: { org?: string; query?: Record<string, string>; headers?: Record<string, string> } = {},
) =>
  handler(
    apiEvent({
      path: `/breaches/${breachId}/${route}`,
      pathParameters: { id: breachId },
      organisationId: options.org ?? 'org-a',
      ...(options.query ? { query: options.query } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    }),
    lambdaContext(),
  );

describe('GET /breaches/{id}/board-report', () => {
  it('answers a PDF by default, with every section and the earlier incident like it', async () => {
    const response = await get('board-report', LATE, { headers: { Accept: 'application/pdf' } });

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/pdf');
    expect(response.headers?.['content-disposition']).toBe(
      `attachment; filename="board-report-${LATE}-2025-06-01.pdf"`,
    );
    const doc = await PDFDocument.load(Buffer.from(response.body, 'base64'));
    const text = flat(pageLines(doc).flat().join(' '));
    expect(text).toContain('Decisions, who took them and why');
    expect(text).toContain('Recommendations and their status');
    expect(text).toContain(EARLIER);
    expect(text).not.toContain(LATER);
    expect(text).not.toContain(OTHER_ORG_EARLIER);
  });

  it('answers text with format=text, or when Accept names text/plain first', async () => {
    const byQuery = await get('board-report', LATE, { query: { format: 'text' } });
    const byAccept = await get('board-report', LATE, { headers: { accept: 'text/plain, application/pdf;q=0.5' } });

    for (const response of [byQuery, byAccept]) {
      expect(response.statusCode).toBe(200);
      expect(response.headers?.['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.body).toContain('Personal data breach: final report to the board');
      expect(response.body).toContain('Elite Care Homes. Breach BR-BRDA-0000-0000-0001.');
      expect(response.body).toContain('Root cause 1: Autocomplete of addresses');
    }
  });

  it('refuses an unknown format or a misspelt parameter with the field named', async () => {
    const unknown = await get('board-report', LATE, { query: { format: 'docx' } });
    const misspelt = await get('board-report', LATE, { query: { fromat: 'text' } });

    expect(unknown.statusCode).toBe(400);
    expect(JSON.parse(unknown.body).errors[0].path).toBe('format');
    expect(misspelt.statusCode).toBe(400);
    expect(JSON.parse(misspelt.body).errors[0].path).toBe('fromat');
  });

  it('answers 404 for another organisation’s breach, as for one that does not exist', async () => {
    const other = await get('board-report', LATE, { org: 'org-b' });
    const missing = await get('board-report', 'BR-BRDA-0000-0000-0099');

    expect(other.statusCode).toBe(404);
    const { instance: _o, ...otherProblem } = JSON.parse(other.body);
    const { instance: _m, ...missingProblem } = JSON.parse(missing.body);
    expect(otherProblem).toEqual(missingProblem);
  });
});

describe('GET /breaches/{id}/similar-incidents', () => {
  it('lists the organisation’s earlier breaches like this one, with what each shares', async () => {
    const response = await get('similar-incidents', LATE);

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.count).toBe(1);
    expect(body.similar).toEqual([
      expect.objectContaining({
        breachId: EARLIER,
        awareAt: '2025-01-01T08:00:00Z',
        status: 'open',
        cause: 'human error',
        shares: [
          'cause: human error',
          'data: names and other basic identifiers',
          'place: Main office',
          'role responsible: a member of staff',
        ],
      }),
    ]);
  });

  it('lists nothing for the earliest breach', async () => {
    const response = await get('similar-incidents', EARLIER);

    expect(JSON.parse(response.body)).toMatchObject({ breachId: EARLIER, count: 0, similar: [] });
  });

  it('answers 404 for another organisation’s breach', async () => {
    const response = await get('similar-incidents', LATE, { org: 'org-b' });

    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
  });
});
