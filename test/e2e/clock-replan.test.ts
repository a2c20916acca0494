import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { hashApiKey } from '../../functions/domain/api-keys';
import type { BreachEvent } from '../../functions/domain/events';
import { presetPolicy } from '../../functions/domain/presets';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { aReportInput } from '../support/reports';
import { type LocalSes, startLocalSes } from '../support/ses';

/**
 * Amending the moment of awareness re-plans the clocks, on the real ASL with the clocks compressed (an hour in a
 * second): the Clock branch's AwaitClock is woken by the amendment, its Fail stops the old marks' Waits, and Replan
 * waits for the new ones. The 24-hour initial assessment, aware 10 hours before the report, is then amended to 16
 * hours before: its deadline moves 6 hours earlier, and the DPO is alerted at the new mark and never at the old.
 * Its own file: handler modules keep their clients per process.
 */

const HOUR = 3_600_000;
const dpo = { name: 'Dana Protection', role: 'Data Protection Officer' };
const ORG = 'org-replan';

describe('an amended awareness on the local runtime with its clocks compressed', () => {
  let table: LocalTable;
  let ses: LocalSes;
  let runtime: LocalRuntime;

  beforeAll(async () => {
    [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
    runtime = await startLocalRuntime({
      dynamoEndpoint: table.endpoint,
      sesEndpoint: ses.endpoint,
      tableName: table.tableName,
      subjectsTableName: table.subjectsTableName,
      publicBaseUrl: 'http://127.0.0.1:9/v1',
      retryIntervalMs: 0,
      timeScale: 3_600,
    });
  });

  afterAll(async () => {
    await runtime?.close();
    await Promise.all([ses?.close(), table?.close()]);
  });

  const call = async (handler: keyof LocalRuntime['http'], resource: string, path: string, body: unknown) =>
    (await runtime.http[handler](
      {
        httpMethod: 'POST',
        path,
        resource,
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        pathParameters: path === '/breaches' ? null : { id: path.split('/')[2] },
        body: JSON.stringify(body),
        requestContext: { path: `/v1${path}`, authorizer: { organisationId: ORG, principalId: ORG } },
      },
      {},
    )) as { statusCode: number; body: string };

  it('moves the initial-assessment deadline: alerted at the new mark, and not at the old', async () => {
    const organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
    const breaches = new DynamoBreachRepository({ client: table.client, tableName: table.tableName });
    await organisations.put({
      id: ORG,
      name: 'A practice',
      policy: presetPolicy('generic', { dpo: { ...dpo, email: 'dpo@replan.example.org' } }),
    });
    await organisations.addApiKeyHash(ORG, hashApiKey(`bd_live_${ORG}`));
    const now = Date.now();
    const reported = await call(
      'intake',
      '/breaches',
      '/breaches',
      aReportInput(
        {
          awareAt: new Date(now - 10 * HOUR).toISOString(),
          occurred: { kind: 'at', at: new Date(now - 11 * HOUR).toISOString() },
        },
        new Date(now),
      ),
    );
    expect(reported.statusCode, reported.body).toBe(201);
    const { breachId } = JSON.parse(reported.body) as { breachId: string };
    const arn = `${runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${breachId}`;
    const waitFor = async <T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000) => {
      const until = Date.now() + ms;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const entered = (name: string) =>
      runtime.stepFunctions.history(arn).some((e) => e.type === 'StateEntered' && e.state.name === name);
    // The first plan is being waited on (its marks, and AwaitClock beside them).
    await waitFor('the first plan', () => (entered('AwaitClock') && entered('Wait for mark') ? true : undefined));
    const before = await breaches.state(breachId);
    const oldDue = Date.parse(before?.awareAt ?? '') + 24 * HOUR;

    const newAware = now - 16 * HOUR;
    const amended = await call('caseChanges', '/breaches/{id}/amendments', `/breaches/${breachId}/amendments`, {
      changes: {
        awareAt: new Date(newAware).toISOString(),
        occurred: { kind: 'at', at: new Date(newAware - HOUR).toISOString() },
      },
      reason: 'The reception log shows the misdirected letter was reported six hours earlier than we first thought.',
      amendedBy: dpo,
    });
    expect(amended.statusCode, amended.body).toBe(201);
    const newDue = newAware + 24 * HOUR;

    const alerts = async () =>
      (await breaches.events(breachId))
        .filter(
          (e): e is BreachEvent<'deadline-missed' | 'deadline-warned'> =>
            e.type === 'deadline-missed' || e.type === 'deadline-warned',
        )
        .filter((e) => e.data.clockId === 'initial-assessment');
    const missed = await waitFor('the initial assessment missed at its new mark', async () =>
      (await alerts()).find((e) => e.type === 'deadline-missed'),
    );
    // At the new mark: on the breach's compressed clock, after the new deadline and well before the old one.
    expect(Date.parse(missed.data.dueAt)).toBe(newDue);
    expect(Date.parse(missed.at)).toBeGreaterThanOrEqual(newDue);
    expect(Date.parse(missed.at)).toBeLessThan(oldDue);
    expect(entered('Awareness amended')).toBe(true);
    expect(entered('Replan')).toBe(true);

    // Let the old deadline (and an hour more) pass on the breach's clock: nothing is alerted for it.
    const origin = Date.parse(before?.reportedAt ?? '');
    const oldMarkReal = origin + (oldDue - origin) / 3_600 + 1_000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, oldMarkReal - Date.now())));
    const after = await alerts();
    expect(after.filter((e) => e.type === 'deadline-missed')).toHaveLength(1);
    expect(after.filter((e) => Date.parse(e.data.dueAt) === oldDue)).toEqual([]);
    expect(after.every((e) => Date.parse(e.data.dueAt) === newDue)).toBe(true);
    const subjects = (await ses.messages()).map((m) => m.subject).filter((s) => s.includes(breachId));
    expect(subjects.filter((s) => /initial assessment/i.test(s) && /missed|passed|overdue/i.test(s))).toHaveLength(1);
  });
});
