import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { SesMailer } from '../../functions/adapters/mailer';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { type LifecycleInput, prepareLifecycle } from '../../functions/domain/prepare-lifecycle';
import { makeReportBreach } from '../../functions/domain/report-breach';
import { type DemoOrganisation, seedDemoOrganisations } from '../../local/demo-organisations';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { compressSchedule, ORIGIN_FIELD, scaledCheckMark, toReal, toScaled } from '../../local/time-scale';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { aReportInput } from '../support/reports';
import { type LocalSes, startLocalSes } from '../support/ses';

const NOW = Date.parse('2025-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(NOW + hoursFromNow * HOUR).toISOString();

describe('compressSchedule', () => {
  const prepared = {
    breachId: 'BR-1',
    organisationId: 'org',
    reportedAt: at(0),
    schedule: [
      { at: at(-2), clockId: 'initial-assessment', kind: 'deadline' },
      { at: at(3600), clockId: 'authority', kind: 'warning', hoursBefore: 6 },
      { at: at(7200), clockId: 'authority', kind: 'deadline' },
    ],
  };

  it('brings each mark after the report nearer by the scale, counted from the report, and leaves past marks', () => {
    const compressed = compressSchedule(prepared, 3600) as typeof prepared;

    expect(compressed.schedule.map((mark) => mark.at)).toEqual([at(-2), at(1), at(2)]);
    expect(compressed.schedule[1]).toMatchObject({ clockId: 'authority', kind: 'warning', hoursBefore: 6 });
    expect(compressed.schedule.every((mark) => (mark as Record<string, unknown>)[ORIGIN_FIELD] === NOW)).toBe(true);
    expect(compressed).toMatchObject({ breachId: 'BR-1', organisationId: 'org' });
  });

  it('gives the same real times when a restart replays Prepare later, so no mark comes late', () => {
    // The replay after a restart runs Prepare again, minutes of real time later: the marks still to come keep their
    // real times (the origin is the report, part of the breach's record), rather than moving by the restart time.
    const first = compressSchedule(prepared, 3600);
    const afterRestart = compressSchedule(structuredClone(prepared), 3600);

    expect(afterRestart).toEqual(first);
  });

  it('reads the scaled clock as the inverse of the compression', () => {
    const scaled = Date.parse(at(18));
    const real = toReal(scaled, NOW, 3600);

    expect(real).toBe(NOW + 18_000);
    expect(toScaled(real, NOW, 3600)).toBe(scaled);
    expect(toReal(NOW - HOUR, NOW, 3600)).toBe(NOW - HOUR);
  });

  it('leaves the output alone at 1x or when it has no schedule', () => {
    const output = { schedule: [{ at: at(5) }] };
    expect(compressSchedule(output, 1)).toBe(output);
    expect(compressSchedule({ other: true }, 60)).toEqual({ other: true });
  });

  it('refuses a schedule without the report time it must count from', () => {
    expect(() => compressSchedule({ schedule: [{ at: at(5) }] }, 60)).toThrow(/reportedAt/);
  });
});

describe('the check at each mark on a scaled clock', () => {
  let table: LocalTable;
  let ses: LocalSes;

  beforeAll(async () => {
    [table, ses] = await Promise.all([startDynalite('breachdesk-scaled-check'), startLocalSes()]);
  });

  afterAll(async () => {
    await Promise.all([ses?.close(), table?.close()]);
  });

  it('says the time left on the scaled clock: 6 hours at the 6 h warning, 1 hour at the 1 h warning', async () => {
    // Prepare: a school breach reported now, its schedule compressed 3,600 times as local mode does.
    const scale = 3600;
    const organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
    const breaches = new DynamoBreachRepository({ client: table.client, tableName: table.tableName });
    const school = (await seedDemoOrganisations(organisations)).find((o) => o.preset === 'school');
    const organisation = school && (await organisations.get(school.id));
    if (!organisation) throw new Error('no demo school');
    const now = new Date();
    const reportBreach = makeReportBreach({
      breaches,
      workflow: {
        start: async (name) => ({
          executionArn: `arn:aws:states:eu-west-2:000000000000:execution:x:${name}`,
          alreadyStarted: false,
        }),
      },
      now: () => now,
    });
    const { breachId } = await reportBreach({
      organisation,
      idempotencyKey: crypto.randomUUID(),
      body: aReportInput({}, now),
    });
    const client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const deps = {
      breaches,
      organisations,
      mailer: new SesMailer({ fromAddress: 'breachdesk@example.org', client }),
      breachUrl: (id: string) => `http://127.0.0.1:9/v1/breaches/${id}`,
      now: () => now,
    };
    const prepared = compressSchedule(await prepareLifecycle(deps, breachId), scale) as LifecycleInput;
    const warnings = prepared.schedule.filter(
      (mark) => mark.clockId === 'initial-assessment' && mark.kind === 'warning',
    );
    expect(warnings.map((mark) => mark.hoursBefore)).toEqual([6, 1]);

    // Act: each check runs when its Wait ends, the real time its mark was moved to.
    const subjects: string[] = [];
    for (const mark of warnings) {
      const check = await scaledCheckMark(scale, { deps, realNow: () => Date.parse(mark.at) });
      expect(await check({ breachId, mark })).toEqual({ outcome: 'alerted' });
      const mails = await ses.messages();
      subjects.push(mails.at(-1)?.subject ?? '');
    }

    // Assess
    expect(subjects[0]).toMatch(/: 6 hours left – /);
    expect(subjects[1]).toMatch(/: 1 hour left – /);
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
      // An hour in 100 ms: the 24-hour clock's warnings, hours away, fire within about two seconds of the report.
      timeScale: 36_000,
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
