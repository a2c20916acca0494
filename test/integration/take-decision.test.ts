import { SendTaskSuccessCommand, TaskTimedOut } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DecisionInvalidError, StepNotAwaitedError } from '../../functions/domain/decision-errors';
import { hashSecret, newDecisionSecret } from '../../functions/domain/decision-links';
import type { DecisionStep } from '../../functions/domain/decisions';
import { NotFoundError } from '../../functions/domain/errors';
import { StaleConfirmationError } from '../../functions/domain/notice-reach';
import { openDecisionLink } from '../../functions/domain/open-decision-link';
import { requestDecision } from '../../functions/domain/request-decision';
import { takeDecision } from '../../functions/domain/take-decision';
import {
  aBreachIn,
  type BreachOptions,
  type DecisionWorld,
  PERSON,
  scanAll,
  secretFromMail,
  startDecisionWorld,
} from '../support/decision-world';

let world: DecisionWorld;

beforeAll(async () => {
  world = await startDecisionWorld();
});

beforeEach(async () => {
  world.sfn.reset();
  world.sfn.on(SendTaskSuccessCommand).resolves({});
  world.clock.now = new Date('2025-03-03T12:00:00Z');
  world.takeDeps.logger.lines.length = 0;
  await world.ses.clear();
});

afterAll(async () => {
  await world.close();
});

const containDecision = { decidedBy: PERSON, contained: true, measures: 'Recalled the e-mail and had it deleted.' };

/** A breach whose `step` task is waiting, with the link that was mailed for it. */
const awaiting = async (step: 'contain' | 'decide' = 'contain', options: BreachOptions = {}) => {
  const { breachId, policy } = await aBreachIn(world, { assessed: step === 'decide', ...options });
  const before = (await world.ses.messages()).length;
  await requestDecision(world.requestDeps, { breachId, step, taskToken: `token-${breachId}` });
  const mails = await world.ses.messages();
  expect(mails).toHaveLength(before + 1);
  world.sfn.resetHistory();
  return { breachId, policy, secret: secretFromMail(mails.at(-1)?.body.text), taskToken: `token-${breachId}` };
};

/** A decision as the organisation's system sends it with its API key. */
const viaApi = (breachId: string, step: DecisionStep, body: unknown) =>
  ({ via: 'api', organisationId: 'org-1', breachId, step, body }) as const;

/** Runs a refused request and checks that it wrote nothing and completed nothing. */
const refusedWithoutTrace = async (attempt: () => Promise<unknown>, error: unknown) => {
  const before = await scanAll(world);
  await expect(attempt()).rejects.toThrow(error as Error);
  expect(await scanAll(world)).toEqual(before);
  expect(world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
};

describe('takeDecision', () => {
  it('records the decision, uses up the mailed link and completes the waiting task', async () => {
    const { breachId, secret, taskToken } = await awaiting('contain');

    const result = await takeDecision(world.takeDeps, viaApi(breachId, 'contain', containDecision));

    expect(result.breachId).toBe(breachId);
    expect(result.step).toBe('contain');
    expect(result.event).toMatchObject({
      type: 'decision-taken',
      at: '2025-03-03T12:00:00.000Z',
      // The system's word for who decided, never a person who signed in.
      actor: { kind: 'api-client', organisationId: 'org-1', onBehalfOf: PERSON },
      data: { step: 'contain', via: 'api', decision: containDecision },
    });
    const decisions = (await world.breaches.events(breachId)).filter((e) => e.type === 'decision-taken');
    expect(decisions).toHaveLength(1);
    expect(world.sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(world.sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken,
      output: JSON.stringify({ step: 'contain', decidedAt: '2025-03-03T12:00:00.000Z' }),
    });
    expect((await world.requests.bySecretHash(hashSecret(secret)))?.usedAt).toBe('2025-03-03T12:00:00.000Z');
    const state = await world.breaches.state(breachId);
    expect(state?.pendingSteps).toEqual([]);
    expect(state?.stage).toBe('contained');
  });

  it('completes the Decide task with the notification plan the Choice states read', async () => {
    const { breachId } = await awaiting('decide');
    const recommendation = (await world.breaches.state(breachId))?.assessment?.conclusion;

    const { event } = await takeDecision(
      world.takeDeps,
      viaApi(breachId, 'decide', {
        decidedBy: PERSON,
        conclusion: 'authority-and-subjects',
        rationale: 'The list reached a stranger and includes home addresses of staff.',
        departureReason: 'We judge the risk higher than the assessment does.',
      }),
    );

    const plan = { authority: true, subjects: true, controller: false, otherParties: false };
    expect(event.data).toMatchObject({
      step: 'decide',
      plan,
      departsFromRecommendation: recommendation !== 'authority-and-subjects',
    });
    const output = JSON.parse(world.sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '{}');
    expect(output).toEqual({ step: 'decide', decidedAt: '2025-03-03T12:00:00.000Z', plan });
    expect((await world.breaches.state(breachId))?.plan).toEqual(plan);
  });

  it('refuses an invalid decision with its field problems, without a trace', async () => {
    const { breachId } = await awaiting('contain');

    const before = await scanAll(world);
    const error = await takeDecision(
      world.takeDeps,
      viaApi(breachId, 'contain', { decidedBy: { name: '', role: 'DPO' }, contained: 'yes' }),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DecisionInvalidError);
    expect((error as DecisionInvalidError).problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['decidedBy.name', 'contained', 'measures']),
    );
    expect(await scanAll(world)).toEqual(before);
    expect(world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('applies the policy’s rules: a departure from the recommendation must say why', async () => {
    const { breachId } = await awaiting('decide');
    const recommendation = (await world.breaches.state(breachId))?.assessment?.conclusion;
    const other = recommendation === 'no-notification' ? 'authority-only' : 'no-notification';

    const error = await takeDecision(
      world.takeDeps,
      viaApi(breachId, 'decide', {
        decidedBy: PERSON,
        conclusion: other,
        rationale: 'A rationale that is long enough to count.',
        evidence: 'The recipient confirmed deletion in writing.',
      }),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DecisionInvalidError);
    expect((error as DecisionInvalidError).problems.map((p) => p.path)).toContain('departureReason');
  });

  it('lets one of two concurrent decisions on a step win; the other is told the step is not awaited', async () => {
    const { breachId } = await awaiting('contain');

    const results = await Promise.allSettled([
      takeDecision(world.takeDeps, viaApi(breachId, 'contain', containDecision)),
      takeDecision(world.takeDeps, viaApi(breachId, 'contain', { ...containDecision, contained: false })),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(StepNotAwaitedError);
    expect((await world.breaches.events(breachId)).filter((e) => e.type === 'decision-taken')).toHaveLength(1);
    expect(world.sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
  });

  it('records the decision when the task is no longer waiting, and logs ids only', async () => {
    const { breachId } = await awaiting('contain');
    world.sfn.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'timed out', $metadata: {} }));

    const { event } = await takeDecision(world.takeDeps, viaApi(breachId, 'contain', containDecision));

    expect(event.type).toBe('decision-taken');
    expect(world.takeDeps.logger.lines).toHaveLength(1);
    expect(JSON.parse(world.takeDeps.logger.lines[0] ?? '{}')).toEqual({
      level: 'INFO',
      message: 'task no longer waiting',
      breachId,
      step: 'contain',
      seq: event.seq,
    });
  });

  it('lets a replayed task complete itself from the decision', async () => {
    const { breachId } = await awaiting('contain');
    await takeDecision(world.takeDeps, viaApi(breachId, 'contain', containDecision));
    world.sfn.resetHistory();

    const replay = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'replayed' });

    expect(replay.status).toBe('completed-from-record');
    expect(world.sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'replayed' });
    expect(await world.ses.messages()).toHaveLength(1);
  });
});

describe('takeDecision through the API', () => {
  it('records the decision as the organisation’s, uses up the mailed link and completes the task', async () => {
    const { breachId, secret, taskToken } = await awaiting('contain');

    const { event } = await takeDecision(world.takeDeps, {
      via: 'api',
      organisationId: 'org-1',
      breachId,
      step: 'contain',
      body: containDecision,
    });

    expect(event.data).toMatchObject({ step: 'contain', via: 'api' });
    expect(world.sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken });
    const link = await openDecisionLink(world.takeDeps, { secret, organisationId: 'org-1' });
    expect(link).toMatchObject({ status: 'used', stepAwaited: false });
  });

  it('works after the link has expired: the caller holds the organisation’s key', async () => {
    const { breachId } = await awaiting('contain');
    world.clock.now = new Date('2025-03-07T12:00:00Z');

    const { event } = await takeDecision(world.takeDeps, {
      via: 'api',
      organisationId: 'org-1',
      breachId,
      step: 'contain',
      body: containDecision,
    });

    expect(event.type).toBe('decision-taken');
  });

  it('answers another organisation’s breach as not found, without a trace', async () => {
    const { breachId } = await awaiting('contain');

    await refusedWithoutTrace(
      () =>
        takeDecision(world.takeDeps, {
          via: 'api',
          organisationId: 'org-2',
          breachId,
          step: 'contain',
          body: containDecision,
        }),
      NotFoundError,
    );
  });

  it('answers an unknown breach as not found', async () => {
    await refusedWithoutTrace(
      () =>
        takeDecision(world.takeDeps, {
          via: 'api',
          organisationId: 'org-1',
          breachId: 'BR-0000-0000-0000-0000',
          step: 'contain',
          body: containDecision,
        }),
      NotFoundError,
    );
  });

  it('refuses a step the breach is not waiting for, without a trace', async () => {
    const { breachId } = await awaiting('contain');

    await refusedWithoutTrace(
      () =>
        takeDecision(world.takeDeps, {
          via: 'api',
          organisationId: 'org-1',
          breachId,
          step: 'evaluate',
          body: { decidedBy: PERSON, rootCauses: ['Autocomplete'], lessons: 'Check addresses.', recommendations: [] },
        }),
      StepNotAwaitedError,
    );
  });

  it('refuses a step already taken', async () => {
    const { breachId } = await awaiting('contain');
    const input = { via: 'api', organisationId: 'org-1', breachId, step: 'contain', body: containDecision } as const;
    await takeDecision(world.takeDeps, input);
    world.sfn.resetHistory();

    await refusedWithoutTrace(() => takeDecision(world.takeDeps, input), StepNotAwaitedError);
  });
});

describe('the notify-subjects decision that sends', () => {
  it('records it only with the counts the list gives now; a stale count is a conflict, without a trace', async () => {
    const { breachId } = await aBreachIn(world, { assessed: true });
    await world.breaches.append(breachId, {
      type: 'subjects-added',
      at: '2025-03-03T11:00:00Z',
      actor: { kind: 'api-client', organisationId: 'org-1' },
      data: {
        accepted: 3,
        added: 3,
        rejected: 0,
        source: 'csv',
        reach: { person: { email: 2, post: 1, both: 0 }, representative: { email: 0, post: 0, both: 0 } },
      },
    });
    await requestDecision(world.requestDeps, { breachId, step: 'notify-subjects', taskToken: `token-${breachId}` });
    world.sfn.resetHistory();
    const decide = (confirmedSend: unknown) =>
      takeDecision(world.takeDeps, {
        via: 'api',
        organisationId: 'org-1',
        breachId,
        step: 'notify-subjects',
        body: { decidedBy: PERSON, method: 'email-and-letter', confirmedSend },
      });

    await refusedWithoutTrace(
      () => decide({ emails: 2, letters: 0 }),
      'it now gives 2 e-mails and 1 letter, not 2 e-mails and 0 letters',
    );
    await refusedWithoutTrace(() => decide(4), '3 people are on it now, not 4');
    await expect(decide({ emails: 3, letters: 0 })).rejects.toBeInstanceOf(StaleConfirmationError);
    const { event } = await decide({ emails: 2, letters: 1 });
    expect(event.data).toMatchObject({
      step: 'notify-subjects',
      decision: { confirmedSend: { emails: 2, letters: 1 } },
    });
  });
});

describe('openDecisionLink', () => {
  /** Opens a link as a signed-in person of the organisation would, and checks that opening wrote nothing. */
  const opened = async (secret: string, organisationId = 'org-1') => {
    const before = await scanAll(world);
    const result = await openDecisionLink(world.takeDeps, { secret, organisationId }).catch((e: unknown) => e);
    expect(await scanAll(world)).toEqual(before);
    expect(world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
    return result;
  };

  it('names the breach and step of a link that stands, and never the task token', async () => {
    const { breachId, secret } = await awaiting('decide');
    const result = await opened(secret);
    expect(result).toEqual({ breachId, step: 'decide', status: 'open', stepAwaited: true });
  });

  it('answers a malformed link, one nobody issued and another organisation’s alike: not found', async () => {
    const { secret } = await awaiting('contain');
    expect(await opened('not-a-secret')).toBeInstanceOf(NotFoundError);
    expect(await opened(newDecisionSecret())).toBeInstanceOf(NotFoundError);
    expect(await opened(secret, 'org-2')).toBeInstanceOf(NotFoundError);
  });

  it('says a link was used once its step is recorded', async () => {
    const { breachId, secret } = await awaiting('contain');
    await takeDecision(world.takeDeps, viaApi(breachId, 'contain', containDecision));
    world.sfn.resetHistory();
    expect(await opened(secret)).toMatchObject({ status: 'used', stepAwaited: false });
  });

  it('says a link expired, while its step still waits', async () => {
    const { secret } = await awaiting('contain');
    world.clock.now = new Date('2025-03-06T12:00:00Z');
    expect(await opened(secret)).toMatchObject({ status: 'expired', stepAwaited: true });
  });

  it('says an unexpired link was replaced when it is no longer the step’s current one', async () => {
    const { breachId, secret } = await awaiting('contain');
    const current = await world.requests.current(breachId, 'contain');
    // A newer link issued for the step (as after a crash between the mail and its record).
    await world.requests.issue({
      ...(current as NonNullable<typeof current>),
      secretHash: hashSecret(newDecisionSecret()),
      issuedAt: '2025-03-03T12:30:00.000Z',
      mailed: true,
    });
    expect(await opened(secret)).toMatchObject({ status: 'superseded', stepAwaited: true });
  });
});
