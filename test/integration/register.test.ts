import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import type { NewEvent } from '../../functions/domain/events';
import { presetPolicy } from '../../functions/domain/presets';
import { makeHandler } from '../../functions/register/make-handler';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { inTimeHistory, lateReportedHistory, processorHistory, unreportedHistory } from '../support/register-histories';
import { apiEvent, lambdaContext } from '../unit/http/api-event';

/** The register read from the real table: the list's index pages, each breach's projection, the organisation. */

let table: LocalTable;
let handler: ReturnType<typeof makeHandler>;

beforeAll(async () => {
  table = await startDynalite();
  const options = { client: table.client, tableName: table.tableName };
  const breaches = new DynamoBreachRepository(options);
  const organisations = new DynamoOrganisationRepository(options);
  const dpo = { name: 'Dana Protection', email: 'dpo@example.org', role: 'Data Protection Officer' };
  await organisations.put({ id: 'org-a', name: 'Elite Care Homes', policy: presetPolicy('elite-care', { dpo }) });
  await organisations.put({ id: 'org-b', name: 'Other', policy: presetPolicy('generic', { dpo }) });
  const record = async (breachId: string, organisationId: string, events: NewEvent[]) => {
    const [first, ...rest] = events;
    await breaches.create(breachId, organisationId, first as NewEvent<'reported'>);
    for (const event of rest) await breaches.append(breachId, event);
  };
  await record('BR-AAAA-0000-0000-0001', 'org-a', lateReportedHistory('2025-03-03T09:00:00Z'));
  await record('BR-AAAA-0000-0000-0002', 'org-a', unreportedHistory('2025-04-01T08:00:00Z'));
  await record('BR-AAAA-0000-0000-0003', 'org-a', processorHistory('2025-04-10T10:00:00Z'));
  await record('BR-AAAA-0000-0000-0004', 'org-a', inTimeHistory('2025-05-05T07:30:00Z'));
  await record('BR-BBBB-0000-0000-0001', 'org-b', lateReportedHistory('2025-04-05T09:00:00Z'));
  handler = makeHandler({ breaches, organisations, now: () => new Date('2025-06-01T12:00:00Z') });
});

afterAll(async () => {
  await table?.close();
});

const get = (query: Record<string, string> | undefined, organisationId = 'org-a') =>
  handler(apiEvent({ path: '/register', query, organisationId }), lambdaContext());

describe('GET /register on the table', () => {
  it("lists every breach of the organisation, reported or not, and none of another's", async () => {
    const body = JSON.parse((await get(undefined)).body);

    expect(body.rows.map((r: { breachId: string }) => r.breachId)).toEqual([
      'BR-AAAA-0000-0000-0001',
      'BR-AAAA-0000-0000-0002',
      'BR-AAAA-0000-0000-0003',
      'BR-AAAA-0000-0000-0004',
    ]);
    expect(body.rows.map((r: { authority: { status: string } }) => r.authority.status)).toEqual([
      'notified-late',
      'not-required',
      'controller-decides',
      'notified',
    ]);
    expect(JSON.stringify(body)).not.toContain('BR-BBBB');
  });

  it('filters open breaches aware in April into a CSV', async () => {
    const response = await get({ from: '2025-04-01', to: '2025-04-30', status: 'open', format: 'csv' });

    const records: Record<string, string>[] = parse(response.body, { columns: true });
    expect(records.map((r) => [r.breach_id, r.conclusion, r.decided_by])).toEqual([
      ['BR-AAAA-0000-0000-0002', 'no-notification', 'Harriet Head'],
      ['BR-AAAA-0000-0000-0003', 'authority-only', 'Dana Protection'],
    ]);
  });

  it('renders the PDF with the organisation name', async () => {
    const response = await get({ format: 'pdf' });

    const doc = await PDFDocument.load(Buffer.from(response.body, 'base64'));
    expect(doc.getTitle()).toBe('Personal data breach register: Elite Care Homes');
  });
});
