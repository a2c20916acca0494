import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoConsoleDirectory } from '../../functions/adapters/console-directory';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import type { User } from '../../functions/domain/users';
import { type DemoOrganisation, seedDemoOrganisations } from '../../local/demo-organisations';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { aReportInput } from '../support/reports';
import { type LocalSes, startLocalSes } from '../support/ses';

/**
 * The DPO marked away, on the local runtime with the clocks running 36,000 times faster: the real ASL, the real
 * handlers and their wiring (the directory they read is the table's), SES emulated. The school's containment request
 * and its clock warnings reach the deputy DPO while the DPO is away, with the DPO in copy and no decision link in
 * any mail but the deputy's.
 */

const LINK = /\/decisions\/[A-Za-z0-9_-]{43}/;

let table: LocalTable;
let ses: LocalSes;
let runtime: LocalRuntime;
let school: DemoOrganisation;
let policyDpo: string;

const person = (organisationId: string, id: string, roles: User['roles'], extra: Partial<User> = {}): User => ({
  id: `usr_${organisationId}-${id}`,
  organisationId,
  name: id,
  email: `${id}@${organisationId}.example.org`,
  roles,
  ...extra,
});

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
  const options = { client: table.client, tableName: table.tableName };
  const organisations = new DynamoOrganisationRepository(options);
  const found = (await seedDemoOrganisations(organisations)).find((organisation) => organisation.preset === 'school');
  if (!found) throw new Error('no demo school');
  school = found;
  policyDpo = (await organisations.get(school.id))?.policy.dpo.email ?? '';
  // The DPO is away from an hour ago for a fortnight (real time: the absence is judged on the wall clock).
  const away = {
    from: new Date(Date.now() - 3_600_000).toISOString(),
    until: new Date(Date.now() + 14 * 86_400_000).toISOString(),
  };
  const directory = new DynamoConsoleDirectory(options);
  await directory.putUser(person(school.id, 'dana', ['dpo'], { away }));
  await directory.putUser(person(school.id, 'devi', ['deputy-dpo']));
});

afterAll(async () => {
  await runtime?.close();
  await Promise.all([ses?.close(), table?.close()]);
});

describe('a DPO marked away', () => {
  it('has the containment request and the clock warnings go to the deputy, the DPO in copy without the link', async () => {
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

    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const events = await breaches.events(breachId);
      if (events.some((event) => event.type === 'deadline-warned')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const mails = (await ses.messages()).filter((mail) => mail.subject.includes(breachId));
    const deputy = `devi@${school.id}.example.org`;

    const warning = mails.find((mail) => /hours? left|Less than an hour/.test(mail.subject));
    expect(warning, mails.map((m) => m.subject).join('\n')).toBeDefined();
    expect(warning?.destination.to).toEqual([deputy]);
    expect(warning?.destination.cc).toContain(policyDpo);
    expect(warning?.body.text).toContain('The data protection officer is away until');

    const request = mails.find((mail) => mail.subject.includes('action needed – containment'));
    expect(request?.destination.to).toEqual([deputy]);
    expect(request?.destination.cc ?? []).toEqual([]);
    expect(request?.body.text).toMatch(LINK);

    const notice = mails.find((mail) => mail.subject.includes('for your information – containment'));
    expect(notice?.destination.to).toContain(policyDpo);
    expect(notice?.body.text).not.toMatch(LINK);
    expect(notice?.body.html).not.toMatch(LINK);
    expect(notice?.body.text).toContain(`Open the breach:\nhttp://127.0.0.1:9/v1/console/breaches/${breachId}`);
  });
});
