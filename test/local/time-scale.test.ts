import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { type DemoOrganisation, seedDemoOrganisations } from '../../local/demo-organisations';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { compressSchedule } from '../../local/time-scale';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { aReportInput } from '../support/reports';
import { type LocalSes, startLocalSes } from '../support/ses';

const NOW = Date.parse('2025-03-10T12:00:00.000Z');
const at = (hoursFromNow: number) => new Date(NOW + hoursFromNow * 3_600_000).toISOString();

describe('compressSchedule', () => {
  it('brings each future mark nearer by the scale and leaves past marks where they are', () => {
    const prepared = {
      breachId: 'BR-1',
      organisationId: 'org',
      schedule: [
        { at: at(-2), clockId: 'initial-assessment', kind: 'deadline' },
        { at: at(3600), clockId: 'authority', kind: 'warning', hoursBefore: 6 },
        { at: at(7200), clockId: 'authority', kind: 'deadline' },
      ],
    };

    const compressed = compressSchedule(prepared, 3600, NOW) as typeof prepared;

    expect(compressed.schedule.map((mark) => mark.at)).toEqual([
      at(-2),
      new Date(NOW + 3_600_000).toISOString(),
      new Date(NOW + 7_200_000).toISOString(),
    ]);
    expect(compressed.schedule[1]).toMatchObject({ clockId: 'authority', kind: 'warning', hoursBefore: 6 });
    expect(compressed).toMatchObject({ breachId: 'BR-1', organisationId: 'org' });
  });

  it('leaves the output alone at 1x or when it has no schedule', () => {
    const prepared = { schedule: [{ at: at(5) }] };
    expect(compressSchedule(prepared, 1, NOW)).toBe(prepared);
    expect(compressSchedule({ other: true }, 60, NOW)).toEqual({ other: true });
  });
});

describe('local mode with clocks running faster', () => {
  let table: LocalTable;
  let ses: LocalSes;
  let runtime: LocalRuntime;
  let school: DemoOrganisation;

  beforeAll(async () => {
    [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
    runtime = await startLocalRuntime({
      dynamoEndpoint: table.endpoint,
      sesEndpoint: ses.endpoint,
      tableName: table.tableName,
      publicBaseUrl: 'http://127.0.0.1:9/v1',
      retryIntervalMs: 0,
      // An hour in 10 ms: the 24-hour clock's warnings, hours away, fire within a second.
      timeScale: 360_000,
    });
    const organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
    const seeded = await seedDemoOrganisations(organisations);
    const found = seeded.find((organisation) => organisation.preset === 'school');
    if (!found) throw new Error('no demo school');
    school = found;
  });

  afterAll(async () => {
    await runtime?.close();
    await Promise.all([ses?.close(), table?.close()]);
  });

  it('alerts a warning that is hours away within moments, and only once', async () => {
    const response = (await runtime.http.intake(
      {
        httpMethod: 'POST',
        path: '/breaches',
        resource: '/breaches',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify(aReportInput({}, new Date())),
        requestContext: { path: '/v1/breaches', authorizer: { organisationId: school.id } },
      },
      {},
    )) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(201);
    const { breachId } = JSON.parse(response.body) as { breachId: string };
    const breaches = new DynamoBreachRepository({ client: table.client, tableName: table.tableName });

    const deadline = Date.now() + 20_000;
    let warned: string[] = [];
    while (Date.now() < deadline) {
      warned = (await breaches.events(breachId))
        .filter((event) => event.type === 'deadline-warned')
        .map((event) => JSON.stringify(event.data));
      if (warned.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(warned.length).toBeGreaterThan(0);
    expect(new Set(warned).size).toBe(warned.length);
  });
});

describe('seedDemoOrganisations', () => {
  let table: LocalTable;

  beforeAll(async () => {
    table = await startDynalite('breachdesk-seed');
  });

  afterAll(async () => {
    await table?.close();
  });

  it('creates one organisation per preset, keeps a key that still works, and replaces one that does not', async () => {
    const organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
    const first = await seedDemoOrganisations(organisations);
    const again = await seedDemoOrganisations(organisations, [
      ...first.filter((o) => o.id !== 'demo-rcot'),
      { id: 'demo-rcot', apiKey: `bd_live_${'z'.repeat(43)}` },
    ]);

    expect(first.map((o) => o.id)).toContain('demo-school');
    expect(again.filter((o) => o.id !== 'demo-rcot')).toEqual(first.filter((o) => o.id !== 'demo-rcot'));
    const rcot = again.find((o) => o.id === 'demo-rcot');
    expect(rcot?.apiKey).not.toBe(`bd_live_${'z'.repeat(43)}`);
    expect(rcot?.apiKey).not.toBe(first.find((o) => o.id === 'demo-rcot')?.apiKey);
  });
});
