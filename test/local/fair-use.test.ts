import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { hashApiKey } from '../../functions/domain/api-keys';
import { presetPolicy } from '../../functions/domain/presets';
import { FAIR_USE_PROBLEM } from '../../functions/fair-use';
import { type LocalApiGateway, startApiGateway } from '../../local/api-gateway';
import { apiMount } from '../../local/api-routes';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { type LocalSes, startLocalSes } from '../support/ses';

/**
 * Fair use per organisation on the local gateway, with the real handlers on dynalite: one organisation's flood of its
 * report form, or of its key's requests, is answered 429 while another organisation's requests still pass. The
 * limits are the deployed rules' (functions/fair-use.ts), made small here; the window's clock is the test's.
 */

const KEY_A = `bd_live_${'a'.repeat(43)}`;
const KEY_B = `bd_live_${'b'.repeat(43)}`;
const LIMIT = 3;

let table: LocalTable;
let ses: LocalSes;
let gateway: LocalApiGateway;
let runtime: LocalRuntime;
let clock = Date.parse('2026-12-04T12:00:00Z');

beforeAll(async () => {
  [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  gateway = await startApiGateway({
    fairUse: { windowSeconds: 300, reportFormPerOrganisation: LIMIT, apiPerKey: LIMIT },
    authorizerClock: () => clock,
  });
  runtime = await startLocalRuntime({
    dynamoEndpoint: table.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: table.tableName,
    publicBaseUrl: gateway.stageUrl,
    retryIntervalMs: 0,
  });
  const organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
  for (const [id, key] of [
    ['org-a', KEY_A],
    ['org-b', KEY_B],
  ] as const) {
    await organisations.put({ id, name: id, policy: presetPolicy('generic') });
    await organisations.addApiKeyHash(id, hashApiKey(key));
  }
  gateway.mount(apiMount(runtime.http));
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  await gateway?.close();
  await Promise.all([ses?.close(), table?.close()]);
});

const form = (organisation: string) => fetch(`${gateway.url}/v1/report/${organisation}`);
const list = (key: string) => fetch(`${gateway.url}/v1/breaches`, { headers: { Authorization: `Bearer ${key}` } });

const expectTooManyRequests = async (response: Response) => {
  expect(response.status).toBe(429);
  expect(await response.json()).toEqual(FAIR_USE_PROBLEM);
};

describe('fair use per organisation', () => {
  it('answers a flood of one organisation’s report form with 429 while another organisation’s form still opens', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await form('org-a')).status).toBe(200);
    await expectTooManyRequests(await form('org-a'));
    // Spelt otherwise, the same organisation's form is the same count.
    await expectTooManyRequests(await form('ORG-A'));

    const other = await form('org-b');
    expect(other.status).toBe(200);
    expect(other.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('answers a flood with one organisation’s key with 429 while another organisation’s key still works', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await list(KEY_A)).status).toBe(200);
    await expectTooManyRequests(await list(KEY_A));
    expect((await list(KEY_B)).status).toBe(200);
  });

  it('lets the organisation in again once its window has passed', async () => {
    clock += 301_000;
    expect((await form('org-a')).status).toBe(200);
    expect((await list(KEY_A)).status).toBe(200);
  });
});
