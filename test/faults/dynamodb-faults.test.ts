import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from '../e2e/support/lifecycle-world';
import { aReportInput } from '../support/reports';

/**
 * DynamoDB failing under intake and the workflow: a spy on the document client's `send` throttles the chosen puts
 * and passes every other command to dynalite (aws-sdk-client-mock cannot pass a command through unchanged); races
 * are real, on dynalite. Whatever fails,
 * a retried request lands on the same breach, the log has no gap and no duplicate, and one execution runs.
 */

const realSend = DynamoDBDocumentClient.prototype.send;
const throttled = () =>
  Object.assign(new Error('Throughput exceeds the current capacity (injected)'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
  });

let world: LifecycleWorld;
let org: Organisation;
let dynamo: MockInstance | undefined;

/** Throttles the puts `fail` picks (by the item's sort key and how many such puts came before); passes the rest. */
const throttlePuts = (fail: (sk: string, nth: number, item: Record<string, unknown>) => boolean) => {
  const seen = new Map<string, number>();
  dynamo = vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (
    this: DynamoDBDocumentClient,
    ...args: Parameters<DynamoDBDocumentClient['send']>
  ) {
    const [command] = args;
    if (command instanceof PutCommand) {
      const sk = String(command.input.Item?.SK ?? '');
      const kind = sk.replace(/#.*$/, '');
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      if (fail(sk, seen.get(kind) ?? 0, command.input.Item ?? {})) return Promise.reject(throttled());
    }
    return (realSend as (...a: typeof args) => Promise<unknown>).apply(this, args);
  } as DynamoDBDocumentClient['send']);
};
const stopFaults = () => {
  dynamo?.mockRestore();
  dynamo = undefined;
};

const breachIdOf = (body: string) => (JSON.parse(body) as { breachId: string }).breachId;
const types = async (breachId: string) => (await world.events(breachId)).map((e) => e.type);
/** The intake's own records, whatever the running workflow has appended since. */
const intakeRecords = async (breachId: string) =>
  (await types(breachId)).filter((t) => t === 'reported' || t === 'workflow-started' || t === 'step-failed');

beforeAll(async () => {
  world = await startLifecycleWorld();
  org = await world.organisation('generic');
});

afterEach(stopFaults);

afterAll(async () => {
  await world?.close();
});

describe('DynamoDB throttling at intake', () => {
  it.each([
    ['the reported event', (sk: string, nth: number) => sk.startsWith('EVENT#') && nth === 1],
    ['the projection after the event', (sk: string, nth: number) => sk === 'STATE' && nth === 1],
  ])('fails the request when %s is throttled, and its retry completes the same breach once', async (_what, fail) => {
    const body = aReportInput({}, new Date());
    const key = crypto.randomUUID();
    throttlePuts(fail);
    const first = await world.report(org, body, key);
    stopFaults();
    expect(first.statusCode).toBe(500);
    expect(first.body).not.toContain('Throughput');

    const retry = await world.report(org, body, key);
    expect([200, 201]).toContain(retry.statusCode);
    const breachId = breachIdOf(retry.body);
    expect(await intakeRecords(breachId)).toEqual(['reported', 'workflow-started']);
    const state = await world.state(breachId);
    expect(state.executionArn).toBe(world.executionArn(breachId));
    await world.waitForStep(breachId, 'contain');
    expect(world.executionStatus(breachId)).toBe('RUNNING');
  });

  it('lets the workflow run when only its start record is throttled, and the record is written later once', async () => {
    throttlePuts((sk, nth) => sk.startsWith('EVENT#') && nth === 2);
    const response = await world.report(org, aReportInput({}, new Date()));
    stopFaults();
    // The report is stored and its execution started; only the record of the start is missing for now.
    expect(response.statusCode).toBe(201);
    const breachId = breachIdOf(response.body);
    await world.waitForStep(breachId, 'contain');
    expect(world.executionStatus(breachId)).toBe('RUNNING');
    const { reconcile } = await import('./support/reconcile');
    const result = await reconcile(world, { graceMs: 0 });
    expect(result.started).toContain(breachId);
    expect((await types(breachId)).filter((t) => t === 'workflow-started')).toHaveLength(1);
    expect((await world.state(breachId)).executionArn).toBe(world.executionArn(breachId));
  });
});

describe('DynamoDB throttling inside the workflow', () => {
  it('retries a throttled task and loses or repeats nothing', async () => {
    // Intake's puts go through; the first two puts of the workflow's own events are throttled. Not a mail's record:
    // a mail is at-least-once by design (sendMailOnce), so a record lost after SES took the mail may send it again.
    const response = await world.report(org, aReportInput({}, new Date()));
    const breachId = breachIdOf(response.body);
    let refused = 0;
    throttlePuts((sk, _nth, item) => sk.startsWith('EVENT#') && item.type !== 'mail-sent' && ++refused <= 2);
    await world.waitForStep(breachId, 'contain');
    stopFaults();
    expect(refused).toBeGreaterThanOrEqual(2);
    const events = await world.events(breachId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(await world.eventsOf(breachId, 'step-failed')).toEqual([]);
    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    const mails = (await world.mails(breachId)).map((m) => m.subject);
    expect(new Set(mails).size).toBe(mails.length);
  });
});

describe('conditional-check races on dynalite', () => {
  it('makes one breach, one start record and one execution of 20 concurrent identical reports', async () => {
    const body = aReportInput({}, new Date());
    const key = crypto.randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => world.report(org, body, key)));
    expect(responses.map((r) => r.statusCode).every((s) => s === 200 || s === 201)).toBe(true);
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const breachIds = new Set(responses.map((r) => breachIdOf(r.body)));
    expect(breachIds.size).toBe(1);
    const [breachId] = [...breachIds] as [string];
    expect(await intakeRecords(breachId)).toEqual(['reported', 'workflow-started']);
    await world.waitForStep(breachId, 'contain');
    expect(world.history(breachId).filter((e) => e.type === 'StateEntered' && e.state.name === 'Prepare')).toHaveLength(
      1,
    );
  });

  it('records one containment of 10 concurrent decisions through the API', async () => {
    const response = await world.report(org, aReportInput({}, new Date()));
    const breachId = breachIdOf(response.body);
    await world.waitForStep(breachId, 'contain');
    const decision = {
      decidedBy: { name: 'Alex Privacy', role: 'DPO' },
      contained: true,
      measures: 'The recipient confirmed deletion.',
      containedAt: new Date(Date.now() - 60_000).toISOString(),
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => world.decideByApi(org, breachId, 'contain', decision)),
    );
    expect(answers.filter((a) => a.statusCode === 200).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.statusCode === 200 || a.statusCode === 409)).toBe(true);
    const taken = (await world.eventsOf(breachId, 'decision-taken')).filter((e) => e.data.step === 'contain');
    expect(taken).toHaveLength(1);
    await world.waitForEvent(breachId, 'assessment-computed');
    expect(world.history(breachId).filter((e) => e.type === 'StateEntered' && e.state.name === 'Assess')).toHaveLength(
      1,
    );
  });

  it('keeps the log gap-free and its chain whole under 25 concurrent appends', async () => {
    const response = await world.report(org, aReportInput({}, new Date()));
    const breachId = breachIdOf(response.body);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        world.breaches.append(breachId, {
          type: 'fact-amended',
          at: new Date().toISOString(),
          actor: { kind: 'system', component: 'fault-test' },
          data: { changes: { location: `room ${i}` }, reason: `amendment ${i}` },
        }),
      ),
    );
    const events = await world.events(breachId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const [i, event] of events.entries()) {
      if (i > 0) expect(event.prevHash).toBe(events[i - 1]?.hash);
    }
    const reasons = events.filter((e) => e.type === 'fact-amended').map((e) => (e.data as { reason: string }).reason);
    expect(new Set(reasons).size).toBe(25);
  });
});
