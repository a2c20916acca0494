import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../functions/domain/decision-links';
import type { DecisionStep } from '../../functions/domain/decisions';
import type { BreachEvent } from '../../functions/domain/events';
import {
  AssessmentMissingError,
  DecisionInProgressError,
  decisionMailPurpose,
  requestDecision,
} from '../../functions/domain/request-decision';
import { takeDecision } from '../../functions/domain/take-decision';
import {
  aBreachIn,
  type DecisionWorld,
  PERSON,
  PUBLIC_BASE_URL,
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
  await world.ses.clear();
});

afterEach(() => {
  world.sfn.reset();
});

afterAll(async () => {
  await world.close();
});

const eventsOf = async (breachId: string, type: BreachEvent['type']) =>
  (await world.breaches.events(breachId)).filter((event) => event.type === type);

/** A decision as the organisation's system sends it with its API key. */
const viaApi = (breachId: string, step: DecisionStep, body: unknown) =>
  ({ via: 'api', organisationId: 'org-1', breachId, step, body }) as const;

const containDecision = { decidedBy: PERSON, contained: true, measures: 'Recalled the e-mail and had it deleted.' };

describe('requestDecision', () => {
  it('issues a link, records the request, mails the DPO and marks the request mailed', async () => {
    const { breachId } = await aBreachIn(world);

    const result = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });

    expect(result).toEqual({ status: 'requested' });
    const [mail, ...others] = await world.ses.messages();
    expect(others).toHaveLength(0);
    expect(mail?.destination.to).toEqual(['dpo@generic.example.org']);
    expect(mail?.subject).toContain(breachId);
    const secret = secretFromMail(mail?.body.text);
    expect(mail?.body.text).toContain(`${PUBLIC_BASE_URL}/console/decisions/${secret}`);

    const request = await world.requests.current(breachId, 'contain');
    expect(request).toMatchObject({
      secretHash: hashSecret(secret),
      breachId,
      organisationId: 'org-1',
      step: 'contain',
      taskToken: 'token-1',
      issuedAt: '2025-03-03T12:00:00.000Z',
      // The generic preset's decision links last the default 72 hours.
      expiresAt: '2025-03-06T12:00:00.000Z',
      mailed: true,
    });
    const [requested] = await eventsOf(breachId, 'decision-requested');
    expect(requested?.data).toEqual({ step: 'contain', expiresAt: '2025-03-06T12:00:00.000Z' });
    const [sent] = await eventsOf(breachId, 'mail-sent');
    expect(sent?.data).toMatchObject({
      kind: 'decision-request',
      purpose: `decision-request:contain:${hashSecret(secret).slice(0, 12)}`,
      messageId: mail?.messageId,
      recipients: 1,
    });
    expect((await world.breaches.state(breachId))?.pendingSteps).toEqual(['contain']);
    expect(world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('lets the link live as long as the organisation’s policy says', async () => {
    const { breachId } = await aBreachIn(world, { organisationId: 'org-short', overrides: { decisionLinkHours: 24 } });

    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });

    expect((await world.requests.current(breachId, 'contain'))?.expiresAt).toBe('2025-03-04T12:00:00.000Z');
  });

  it('records neither the secret nor the task token in the log', async () => {
    const { breachId } = await aBreachIn(world);

    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-secret-1' });

    const secret = secretFromMail((await world.ses.messages())[0]?.body.text);
    const log = JSON.stringify(await world.breaches.events(breachId));
    expect(log).not.toContain(secret);
    expect(log).not.toContain('token-secret-1');
  });

  it('sends one mail and records one request when called twice with the same token', async () => {
    const { breachId } = await aBreachIn(world);

    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });
    const again = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });

    expect(again).toEqual({ status: 'waiting' });
    expect(await world.ses.messages()).toHaveLength(1);
    expect(await eventsOf(breachId, 'decision-requested')).toHaveLength(1);
    expect(await eventsOf(breachId, 'mail-sent')).toHaveLength(1);
  });

  it('moves the mailed link to a retried task’s new token and sends nothing', async () => {
    const { breachId } = await aBreachIn(world);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });
    const before = await world.requests.current(breachId, 'contain');

    const again = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-2' });

    expect(again).toEqual({ status: 'waiting' });
    expect(await world.ses.messages()).toHaveLength(1);
    const after = await world.requests.current(breachId, 'contain');
    expect(after).toEqual({ ...before, taskToken: 'token-2' });
  });

  it('lets the decision on the mailed request complete the retried task', async () => {
    const { breachId } = await aBreachIn(world);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-2' });
    expect(await world.ses.messages()).toHaveLength(1);

    await takeDecision(world.takeDeps, viaApi(breachId, 'contain', containDecision));

    expect(world.sfn).toHaveReceivedCommandTimes(SendTaskSuccessCommand, 1);
    expect(world.sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'token-2' });
  });

  it('completes a replayed task from the recorded decision and sends nothing', async () => {
    const { breachId } = await aBreachIn(world);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });
    world.clock.now = new Date('2025-03-03T13:00:00Z');
    await takeDecision(world.takeDeps, viaApi(breachId, 'contain', containDecision));
    world.sfn.resetHistory();
    const eventsBefore = (await world.breaches.events(breachId)).length;

    const replay = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-9' });

    expect(replay).toEqual({ status: 'completed-from-record' });
    expect(world.sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'token-9',
      output: JSON.stringify({ step: 'contain', decidedAt: '2025-03-03T13:00:00.000Z' }),
    });
    expect(await world.ses.messages()).toHaveLength(1);
    expect(await world.breaches.events(breachId)).toHaveLength(eventsBefore);
  });

  it('completes a replayed decide task with the recorded plan', async () => {
    const { breachId } = await aBreachIn(world, { assessed: true });
    await requestDecision(world.requestDeps, { breachId, step: 'decide', taskToken: 'token-1' });
    const state = await world.breaches.state(breachId);
    const recommendation = state?.assessment?.conclusion;
    await takeDecision(
      world.takeDeps,
      viaApi(breachId, 'decide', {
        decidedBy: PERSON,
        conclusion: 'authority-only',
        rationale: 'Names and addresses of ten staff went to an untrusted recipient.',
        ...(recommendation === 'authority-only' ? {} : { departureReason: 'The recipient is a competitor.' }),
      }),
    );
    world.sfn.resetHistory();

    await requestDecision(world.requestDeps, { breachId, step: 'decide', taskToken: 'token-2' });

    const output = JSON.parse(world.sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '{}');
    expect(output).toEqual({
      step: 'decide',
      decidedAt: '2025-03-03T12:00:00.000Z',
      plan: { authority: true, subjects: false, controller: false, otherParties: false },
    });
  });

  it('puts the recommendation in the decide mail', async () => {
    const { breachId } = await aBreachIn(world, { assessed: true });

    await requestDecision(world.requestDeps, { breachId, step: 'decide', taskToken: 'token-1' });

    const [mail] = await world.ses.messages();
    expect(mail?.body.text).toContain("The system's recommendation");
  });

  it('refuses to ask for the notification decision before there is an assessment', async () => {
    const { breachId } = await aBreachIn(world);

    await expect(
      requestDecision(world.requestDeps, { breachId, step: 'decide', taskToken: 'token-1' }),
    ).rejects.toThrow(AssessmentMissingError);
    expect(await world.ses.messages()).toHaveLength(0);
  });

  it('issues and mails a new link when the current one has expired', async () => {
    const { breachId } = await aBreachIn(world);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });
    const first = await world.requests.current(breachId, 'contain');
    world.clock.now = new Date('2025-03-06T12:00:00Z');

    const result = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-2' });

    expect(result).toEqual({ status: 'requested' });
    expect(await world.ses.messages()).toHaveLength(2);
    const second = await world.requests.current(breachId, 'contain');
    expect(second?.secretHash).not.toBe(first?.secretHash);
    expect(second).toMatchObject({ taskToken: 'token-2', expiresAt: '2025-03-09T12:00:00.000Z', mailed: true });
  });

  it('issues a new link when the current one never left (a crash before the mail)', async () => {
    const { breachId } = await aBreachIn(world);
    await world.requests.issue({
      secretHash: hashSecret('lost'),
      breachId,
      organisationId: 'org-1',
      step: 'contain',
      taskToken: 'token-1',
      issuedAt: '2025-03-03T11:00:00.000Z',
      expiresAt: '2025-03-06T11:00:00.000Z',
      mailed: false,
    });

    const result = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-2' });

    expect(result).toEqual({ status: 'requested' });
    expect(await world.ses.messages()).toHaveLength(1);
  });

  it('counts a link as mailed when its mail is recorded, and repairs the request (a crash before markMailed)', async () => {
    const { breachId } = await aBreachIn(world);
    const secretHash = hashSecret('mailed but not marked');
    await world.requests.issue({
      secretHash,
      breachId,
      organisationId: 'org-1',
      step: 'contain',
      taskToken: 'token-1',
      issuedAt: '2025-03-03T11:00:00.000Z',
      expiresAt: '2025-03-06T11:00:00.000Z',
      mailed: false,
    });
    await world.breaches.appendOnce(breachId, `mail:${decisionMailPurpose('contain', secretHash)}`, {
      type: 'mail-sent',
      at: '2025-03-03T11:00:01.000Z',
      actor: { kind: 'system', component: 'mailer' },
      data: {
        kind: 'decision-request',
        purpose: decisionMailPurpose('contain', secretHash),
        messageId: 'm-1',
        recipients: 1,
      },
    });

    const result = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-2' });

    expect(result).toEqual({ status: 'waiting' });
    expect(await world.ses.messages()).toHaveLength(0);
    expect(await world.requests.current(breachId, 'contain')).toMatchObject({ taskToken: 'token-2', mailed: true });
  });

  it('asks to be retried while a claimed decision is being recorded', async () => {
    const { breachId } = await aBreachIn(world);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });
    const request = await world.requests.current(breachId, 'contain');
    await world.requests.claim(request?.secretHash ?? '', '2025-03-03T12:00:00.000Z');

    await expect(
      requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-2' }),
    ).rejects.toThrow(DecisionInProgressError);
    expect(await world.ses.messages()).toHaveLength(1);
  });

  it('issues a new link when a claim was lost to a crash long ago', async () => {
    const { breachId } = await aBreachIn(world);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });
    const request = await world.requests.current(breachId, 'contain');
    await world.requests.claim(request?.secretHash ?? '', '2025-03-03T12:00:00.000Z');
    world.clock.now = new Date('2025-03-03T12:05:00Z');

    const result = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-2' });

    expect(result).toEqual({ status: 'requested' });
    expect(await world.ses.messages()).toHaveLength(2);
  });

  describe('recover', () => {
    const failure = (at: string) => ({
      type: 'step-failed' as const,
      at,
      actor: { kind: 'system' as const, component: 'workflow:case' },
      data: { step: 'Contain', error: 'RetryableMailError' },
    });

    it('asks again after a second failure, although an earlier recovery is recorded', async () => {
      const { breachId } = await aBreachIn(world);
      await world.breaches.append(breachId, failure('2025-03-03T11:00:00.000Z'));
      await requestDecision(world.requestDeps, { breachId, step: 'recover', taskToken: 'token-1' });
      await takeDecision(world.takeDeps, viaApi(breachId, 'recover', { decidedBy: PERSON, note: 'SES fixed.' }));
      world.sfn.resetHistory();

      const replay = await requestDecision(world.requestDeps, { breachId, step: 'recover', taskToken: 'token-2' });
      expect(replay).toEqual({ status: 'completed-from-record' });

      await world.breaches.append(breachId, failure('2025-03-03T12:00:00.000Z'));
      const afterSecondFailure = await requestDecision(world.requestDeps, {
        breachId,
        step: 'recover',
        taskToken: 'token-3',
      });
      expect(afterSecondFailure).toEqual({ status: 'requested' });
      expect(await world.ses.messages()).toHaveLength(2);
    });
  });
});
