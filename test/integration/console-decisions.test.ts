import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StepNotPermittedError } from '../../functions/domain/decision-errors';
import { NotFoundError } from '../../functions/domain/errors';
import { requestDecision } from '../../functions/domain/request-decision';
import type { Role } from '../../functions/domain/roles';
import { type ConsolePerson, takeDecision } from '../../functions/domain/take-decision';
import {
  aBreachIn,
  type BreachOptions,
  type DecisionWorld,
  scanAll,
  startDecisionWorld,
} from '../support/decision-world';

/**
 * Decisions taken in the console: recorded as the signed-in person, whatever name the form carried, and only by
 * someone holding a role the policy gives the step. Real DynamoDB (dynalite) and SES emulator; Step Functions mocked.
 */

let world: DecisionWorld;

beforeAll(async () => {
  world = await startDecisionWorld();
});

beforeEach(() => {
  world.sfn.reset();
  world.sfn.on(SendTaskSuccessCommand).resolves({});
  world.clock.now = new Date('2025-03-03T12:00:00Z');
});

afterAll(async () => {
  await world.close();
});

const person = (role: Role, name = 'Morgan Senior'): ConsolePerson => ({
  userId: `usr_org-${role}`,
  name,
  email: `${role}@org.example.org`,
  roles: [role],
});

const awaiting = async (step: 'contain' | 'decide', options: BreachOptions = {}) => {
  const breach = await aBreachIn(world, { assessed: step === 'decide', ...options });
  await requestDecision(world.requestDeps, { breachId: breach.breachId, step, taskToken: `token-${breach.breachId}` });
  world.sfn.resetHistory();
  return breach;
};

const DECIDE = {
  conclusion: 'authority-only',
  rationale: 'Health data of thirty people reached a trusted recipient who deleted it.',
  departureReason: 'The recipient confirmed deletion in writing.',
  decidedBy: { name: 'Somebody Typed', role: 'Chief Executive' },
};

describe('a decision in the console', () => {
  it('records the signed-in person with their id and role, never the typed name', async () => {
    const { breachId, organisationId } = await awaiting('contain');

    const result = await takeDecision(world.takeDeps, {
      via: 'console',
      organisationId,
      breachId,
      step: 'contain',
      person: person('dpo', 'Dana Protection'),
      body: { contained: true, measures: 'Recalled the e-mail.', decidedBy: { name: 'Invented', role: 'CEO' } },
    });

    expect(result.event.actor).toEqual({
      kind: 'person',
      name: 'Dana Protection',
      role: 'Data protection officer',
      email: 'dpo@org.example.org',
      userId: 'usr_org-dpo',
    });
    expect(result.event.data).toMatchObject({ via: 'console', decision: { decidedBy: { name: 'Dana Protection' } } });
    expect(world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('refuses the RCOT sign-off to a DPO without the senior-management role, writing nothing', async () => {
    const { breachId, organisationId } = await awaiting('decide', { preset: 'rcot' });
    const before = await scanAll(world);

    await expect(
      takeDecision(world.takeDeps, {
        via: 'console',
        organisationId,
        breachId,
        step: 'decide',
        person: person('dpo'),
        body: { ...DECIDE, signedOffBy: { name: 'Invented Signer', role: 'Senior management' } },
      }),
    ).rejects.toThrow(StepNotPermittedError);

    expect(await scanAll(world)).toEqual(before);
    expect(world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('records senior management as both the decider and the sign-off at RCOT', async () => {
    const { breachId, organisationId } = await awaiting('decide', { preset: 'rcot' });

    const result = await takeDecision(world.takeDeps, {
      via: 'console',
      organisationId,
      breachId,
      step: 'decide',
      person: person('senior-management'),
      body: DECIDE,
    });

    const signed = { name: 'Morgan Senior', role: 'Senior management', email: 'senior-management@org.example.org' };
    expect(result.event.data).toMatchObject({ decision: { decidedBy: signed, signedOffBy: signed } });
  });

  it('gives the school’s decision to the governors when the head is responsible', async () => {
    const options: BreachOptions = { preset: 'school', report: { responsibleRole: 'head' } };
    const first = await awaiting('decide', options);
    await expect(
      takeDecision(world.takeDeps, { via: 'console', ...first, step: 'decide', person: person('dpo'), body: DECIDE }),
    ).rejects.toThrow(StepNotPermittedError);
    const { breachId, organisationId } = first;
    const result = await takeDecision(world.takeDeps, {
      via: 'console',
      organisationId,
      breachId,
      step: 'decide',
      person: person('governors', 'Gail Governor'),
      body: { ...DECIDE, evidence: 'Not needed: it is reported.' },
    });
    expect(result.event.actor).toMatchObject({ name: 'Gail Governor', role: 'Governors' });
  });

  it('refuses a reporter and an auditor', async () => {
    const { breachId, organisationId } = await awaiting('contain');
    const body = { contained: true, measures: 'Recalled.' };
    for (const role of ['reporter', 'auditor'] as const) {
      await expect(
        takeDecision(world.takeDeps, {
          via: 'console',
          organisationId,
          breachId,
          step: 'contain',
          person: person(role),
          body,
        }),
      ).rejects.toThrow(StepNotPermittedError);
    }
  });

  it('answers another organisation’s breach as one that does not exist', async () => {
    const { breachId } = await awaiting('contain');
    await expect(
      takeDecision(world.takeDeps, {
        via: 'console',
        organisationId: 'org-other',
        breachId,
        step: 'contain',
        person: person('dpo'),
        body: { contained: true, measures: 'Recalled.' },
      }),
    ).rejects.toThrow(NotFoundError);
  });
});
