import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CaseConflictError, CaseInputInvalidError } from '../../functions/domain/case-errors';
import { NotFoundError } from '../../functions/domain/errors';
import { findNotABreach } from '../../functions/domain/not-a-breach';
import { registerRow } from '../../functions/domain/register';
import { requestDecision } from '../../functions/domain/request-decision';
import { takeDecision } from '../../functions/domain/take-decision';
import { aBreachIn, type DecisionWorld, PERSON, scanAll, startDecisionWorld } from '../support/decision-world';

/**
 * The outcome "not a personal-data breach" on the real table: taken while the workflow waits at Contain or Decide,
 * it completes that task with `notABreach` (the ASL's Choice closes the case from there), keeps the reasons for the
 * register, and is refused (writing nothing) after the notification decision, on another organisation's breach, or
 * without reasons.
 */

let world: DecisionWorld;

beforeAll(async () => {
  world = await startDecisionWorld();
});

afterEach(() => {
  world.sfn.reset();
});

afterAll(async () => {
  await world?.close();
});

const REASONS = 'The lost USB stick held only the published term dates: no personal data was on it.';

const deps = () => ({ ...world.takeDeps, requests: world.requests });

describe('findNotABreach', () => {
  it('completes the waiting decide task with notABreach and keeps who, when and why for the register', async () => {
    world.sfn.on(SendTaskSuccessCommand).resolves({});
    const { breachId, organisationId, policy } = await aBreachIn(world, {
      report: { suspected: true },
      assessed: true,
    });
    await requestDecision(world.requestDeps, { breachId, step: 'decide', taskToken: 'token-decide' });

    const event = await findNotABreach(deps(), {
      organisationId,
      breachId,
      body: { reasons: REASONS, decidedBy: PERSON },
    });

    expect(event.data).toMatchObject({ atStep: 'decide', reasons: REASONS });
    const sent = world.sfn.commandCalls(SendTaskSuccessCommand).map((c) => c.args[0].input);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.taskToken).toBe('token-decide');
    expect(JSON.parse(sent[0]?.output ?? '{}')).toMatchObject({ step: 'decide', notABreach: true });
    const state = await world.breaches.state(breachId);
    expect(state?.pendingSteps).not.toContain('decide');
    const row = registerRow(state ?? (await world.breaches.rebuild(breachId)), {
      clocks: policy.clocks,
      now: world.clock.now,
    });
    expect(row.suspected).toBe(true);
    expect(row.notABreach).toEqual({
      decidedBy: { name: PERSON.name, role: PERSON.role },
      decidedAt: event.at,
      reasons: REASONS,
    });
    expect(row.authority.status).toBe('not-a-breach');
    expect(row.subjects.status).toBe('not-required');
  });

  it('makes the mailed link for the step unusable: the outcome and a decision cannot both be taken', async () => {
    world.sfn.on(SendTaskSuccessCommand).resolves({});
    const { breachId, organisationId } = await aBreachIn(world);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-contain' });
    await findNotABreach(deps(), { organisationId, breachId, body: { reasons: REASONS, decidedBy: PERSON } });

    const state = await world.breaches.state(breachId);
    await expect(
      takeDecision(world.takeDeps, {
        via: 'api',
        organisationId,
        breachId,
        step: 'contain',
        body: { decidedBy: PERSON, contained: true, measures: 'Nothing to contain.' },
      }),
    ).rejects.toThrow();
    expect((await world.breaches.state(breachId))?.version).toBe(state?.version);
  });

  it('a replayed Contain task finishes the same way, asking nobody again', async () => {
    world.sfn.on(SendTaskSuccessCommand).resolves({});
    const { breachId, organisationId } = await aBreachIn(world);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-1' });
    await findNotABreach(deps(), { organisationId, breachId, body: { reasons: REASONS, decidedBy: PERSON } });
    world.sfn.reset();
    world.sfn.on(SendTaskSuccessCommand).resolves({});

    const replay = await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-2' });

    expect(replay.status).toBe('completed-from-record');
    const output = world.sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input.output ?? '{}';
    expect(JSON.parse(output)).toMatchObject({ notABreach: true });
  });

  it('is refused after the notification decision (revise it instead), writing nothing', async () => {
    world.sfn.on(SendTaskSuccessCommand).resolves({});
    const { breachId, organisationId } = await aBreachIn(world, { assessed: true });
    await requestDecision(world.requestDeps, { breachId, step: 'decide', taskToken: 'token-d' });
    await takeDecision(world.takeDeps, {
      via: 'api',
      organisationId,
      breachId,
      step: 'decide',
      body: {
        decidedBy: PERSON,
        conclusion: 'no-notification',
        rationale: 'Encrypted device, key not lost: unlikely to result in a risk.',
        departureReason: 'The device was encrypted with a strong key that was not lost.',
        evidence: 'The asset register shows full-disk encryption (AES-256) on this device.',
      },
    });
    const before = await scanAll(world);

    const refused = findNotABreach(deps(), {
      organisationId,
      breachId,
      body: { reasons: REASONS, decidedBy: PERSON },
    });

    await expect(refused).rejects.toThrow(/revise it/);
    await expect(refused).rejects.toBeInstanceOf(CaseConflictError);
    expect(await scanAll(world)).toEqual(before);
  });

  it('is refused before the workflow asks for a step, without reasons, and on another organisation’s breach', async () => {
    const { breachId, organisationId } = await aBreachIn(world);
    await expect(
      findNotABreach(deps(), { organisationId, breachId, body: { reasons: REASONS, decidedBy: PERSON } }),
    ).rejects.toBeInstanceOf(CaseConflictError);
    await requestDecision(world.requestDeps, { breachId, step: 'contain', taskToken: 'token-x' });
    const before = await scanAll(world);
    await expect(
      findNotABreach(deps(), { organisationId, breachId, body: { reasons: 'short', decidedBy: PERSON } }),
    ).rejects.toBeInstanceOf(CaseInputInvalidError);
    await expect(
      findNotABreach(deps(), {
        organisationId: 'org-other',
        breachId,
        body: { reasons: REASONS, decidedBy: PERSON },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await scanAll(world)).toEqual(before);
  });
});
