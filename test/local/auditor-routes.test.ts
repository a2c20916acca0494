import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { hashApiKey } from '../../functions/domain/api-keys';
import { presetPolicy } from '../../functions/domain/presets';
import { type LocalApiGateway, startApiGateway } from '../../local/api-gateway';
import { apiMount } from '../../local/api-routes';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { type LocalSes, startLocalSes } from '../support/ses';

/** Local mode serves the auditors' routes as deployed: behind the authorizer, the PDF as bytes. */

const KEY = `bd_live_${'r'.repeat(43)}`;

let table: LocalTable;
let ses: LocalSes;
let gateway: LocalApiGateway;
let runtime: LocalRuntime;

beforeAll(async () => {
  [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  gateway = await startApiGateway();
  runtime = await startLocalRuntime({
    dynamoEndpoint: table.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: table.tableName,
    publicBaseUrl: gateway.stageUrl,
    retryIntervalMs: 0,
  });
  const organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
  await organisations.put({ id: 'org-r', name: 'Register Test School', policy: presetPolicy('school') });
  await organisations.addApiKeyHash('org-r', hashApiKey(KEY));
  gateway.mount(apiMount(runtime.http));
});

afterAll(async () => {
  await runtime?.close();
  await gateway?.close();
  await Promise.all([ses?.close(), table?.close()]);
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}/v1${path}`, { headers: { Authorization: `Bearer ${KEY}`, ...headers } });

describe('GET /verification and GET /register in local mode', () => {
  it('verifies the organisation behind the API key', async () => {
    const response = await get('/verification');

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ organisationId: 'org-r', intact: true, checked: 0 });
  });

  it('serves the register PDF as bytes', async () => {
    const response = await get('/register?format=pdf', { Accept: 'application/pdf' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const doc = await PDFDocument.load(new Uint8Array(await response.arrayBuffer()));
    expect(doc.getTitle()).toBe('Personal data breach register: Register Test School');
  });

  it('refuses a request without an API key', async () => {
    const response = await fetch(`${gateway.url}/v1/register`);

    expect(response.status).toBe(401);
  });
});
