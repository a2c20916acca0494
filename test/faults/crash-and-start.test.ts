import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMark } from '../../functions/domain/check-mark';
import { scheduleFor } from '../../functions/domain/clocks';
import type { MailMessage } from '../../functions/domain/mail/message';
import type { BreachRepository, Mailer } from '../../functions/domain/ports';
import { recordFailure } from '../../functions/domain/record-failure';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from '../e2e/support/lifecycle-world';
import { aReportInput } from '../support/reports';
import { reconcile } from './support/reconcile';

/**
 * A task dying halfway (the Lambda times out or its container is lost) and StartExecution failing after the report
 * was stored. The tasks' use cases run here on the real repositories over dynalite, with a mailer that remembers
 * what it sent and a repository that dies once at a chosen write; the retry is the ASL's Retry running it again.
 */

const HOUR_MS = 3_600_000;
class CrashError extends Error {
  override readonly name = 'CrashError';
}

let world: LifecycleWorld;
let org: Organisation;

beforeAll(async () => {
  world = await startLifecycleWorld();
  org = await world.organisation('generic');
});

afterAll(async () => {
  await world?.close();
});

const report = async () => {
  const response = await world.report(org, aReportInput({}, new Date()));
  return { status: response.statusCode, breachId: (JSON.parse(response.body) as { breachId: string }).breachId };
};

/** Remembers every mail; fails the first `failFirst` sends as a crash before SES was called. */
const memoryMailer = (failFirst = 0) => {
  const sent: MailMessage[] = [];
  let calls = 0;
  const mailer: Mailer = {
    async send(message) {
      calls += 1;
      if (calls <= failFirst) throw new CrashError('died before mailing');
      sent.push(message);
      return { messageId: `m-${sent.length}` };
    },
  };
  return { mailer, sent };
};

/** The real repository, dying once on the first appendOnce whose key `crashOn` picks. */
const crashingRepository = (crashOn: (key: string) => boolean): BreachRepository => {
  let crashed = false;
  const real = world.breaches;
  return Object.assign(Object.create(Object.getPrototypeOf(real)) as BreachRepository, real, {
    events: real.events.bind(real),
    state: real.state.bind(real),
    append: real.append.bind(real),
    create: real.create.bind(real),
    rebuild: real.rebuild.bind(real),
    list: real.list.bind(real),
    appendOnce: (async (breachId: string, key: string, event: Parameters<BreachRepository['appendOnce']>[2]) => {
      if (!crashed && crashOn(key)) {
        crashed = true;
        throw new CrashError(`died before recording ${key}`);
      }
      return real.appendOnce(breachId, key, event);
    }) as BreachRepository['appendOnce'],
  });
};

const retried = async <T>(task: () => Promise<T>): Promise<T> => {
  try {
    return await task();
  } catch (error) {
    if (!(error instanceof CrashError)) throw error;
    return task();
  }
};

describe('a task crashing mid-write', () => {
  const missedDeadline = async (breachId: string) => {
    const state = await world.state(breachId);
    const mark = scheduleFor(state.awareAt, state.clocks ?? []).find((m) => m.kind === 'deadline');
    if (!mark) throw new Error('no deadline mark');
    // Checked as if a week had passed, so the mark is missed; the breach's own clocks are days away.
    return { mark, now: () => new Date(Date.parse(state.awareAt) + 168 * HOUR_MS) };
  };

  it('after mailing but before recording the mail: the retry records it once (the mail may go twice)', async () => {
    const { breachId } = await report();
    const { mark, now } = await missedDeadline(breachId);
    const { mailer, sent } = memoryMailer();
    const deps = {
      breaches: crashingRepository((key) => key.startsWith('mail:deadline:')),
      organisations: world.organisations,
      mailer,
      breachUrl: (id: string) => `https://breachdesk.test/v1/breaches/${id}`,
      now,
    };
    expect(await retried(() => checkMark(deps, breachId, mark))).toBe('alerted');
    expect(await checkMark(deps, breachId, mark)).toBe('already-alerted');

    const purpose = (await world.eventsOf(breachId, 'mail-sent')).filter((e) => e.data.purpose.startsWith('deadline:'));
    expect(purpose).toHaveLength(1);
    expect(await world.eventsOf(breachId, 'deadline-missed')).toHaveLength(1);
    // At-least-once by design (send-mail-once.ts): SES takes no idempotency key, so a crash in this window can
    // only be repaired by sending again; an alert lost would be worse than an alert twice.
    expect(sent).toHaveLength(2);
  });

  it('after recording the mail but before recording the alert: the retry sends nothing again', async () => {
    const { breachId } = await report();
    const { mark, now } = await missedDeadline(breachId);
    const { mailer, sent } = memoryMailer();
    const deps = {
      breaches: crashingRepository((key) => key.startsWith('alert:')),
      organisations: world.organisations,
      mailer,
      breachUrl: (id: string) => `https://breachdesk.test/v1/breaches/${id}`,
      now,
    };
    expect(await retried(() => checkMark(deps, breachId, mark))).toBe('alerted');
    expect(sent).toHaveLength(1);
    expect(await world.eventsOf(breachId, 'deadline-missed')).toHaveLength(1);
    expect(
      (await world.eventsOf(breachId, 'mail-sent')).filter((e) => e.data.purpose.startsWith('deadline:')),
    ).toHaveLength(1);
  });

  it('after appending the failure but before mailing the DPO: the retry mails once and records once', async () => {
    const { breachId } = await report();
    const { mailer, sent } = memoryMailer(1);
    const deps = {
      breaches: world.breaches,
      organisations: world.organisations,
      mailer,
      breachUrl: (id: string) => `https://breachdesk.test/v1/breaches/${id}`,
      now: () => new Date(),
    };
    const input = { breachId, branch: 'case' as const, failure: { Error: 'States.TaskFailed', Cause: 'injected' } };
    await retried(() => recordFailure(deps, input));
    expect(await world.eventsOf(breachId, 'step-failed')).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toContain(org.dpo);
  });
});

describe('StartExecution failing after the report was stored', () => {
  it('keeps the report, and the reconciler starts its workflow once', async () => {
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('injected'), { name: 'ServiceUnavailable' }));
    const { status, breachId } = await report();
    sfn.restore();
    expect(status).toBe(202);
    expect((await world.state(breachId)).executionArn).toBeUndefined();
    expect(await world.eventsOf(breachId, 'step-failed')).toHaveLength(1);
    expect(() => world.executionStatus(breachId)).toThrow();

    // Within the grace period the reconciler leaves it to intake; after it, it starts it.
    expect((await reconcile(world)).deferred).toContain(breachId);
    expect((await reconcile(world, { graceMs: 0 })).started).toEqual([breachId]);
    await world.waitForStep(breachId, 'contain');
    expect((await world.state(breachId)).executionArn).toBe(world.executionArn(breachId));
    expect(await world.eventsOf(breachId, 'workflow-started')).toHaveLength(1);

    // A second run finds nothing to do; nothing is started or recorded twice.
    expect((await reconcile(world, { graceMs: 0 })).started).not.toContain(breachId);
    expect(await world.eventsOf(breachId, 'workflow-started')).toHaveLength(1);
    expect(world.history(breachId).filter((e) => e.type === 'StateEntered' && e.state.name === 'Prepare')).toHaveLength(
      1,
    );
  });

  it('counts ExecutionAlreadyExists as started', async () => {
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('injected'), { name: 'ServiceUnavailable' }));
    const { breachId } = await report();
    sfn.restore();
    // Someone else (a retried POST) starts it before the reconciler runs, without recording it.
    world.runtime.stepFunctions.startExecution({
      name: breachId,
      input: JSON.stringify({ breachId, organisationId: org.id }),
    });
    const result = await reconcile(world, { graceMs: 0 });
    expect(result.started).toContain(breachId);
    expect(result.failed).toEqual([]);
    expect(await world.eventsOf(breachId, 'workflow-started')).toHaveLength(1);
  });

  it('alerts the DPO once when the workflow still cannot be started, and tries again on every run', async () => {
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('injected'), { name: 'ServiceUnavailable' }));
    try {
      const { breachId } = await report();
      const { mailer, sent } = memoryMailer();
      const first = await reconcile(world, { graceMs: 0, mailer });
      const second = await reconcile(world, { graceMs: 0, mailer });
      expect(first.failed).toContainEqual({ breachId, error: 'ServiceUnavailable' });
      expect(second.failed).toContainEqual({ breachId, error: 'ServiceUnavailable' });
      const alerts = sent.filter((m) => m.subject.includes(breachId));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]?.to).toContain(org.dpo);
    } finally {
      sfn.restore();
    }
  });
});
