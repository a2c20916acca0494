import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as reportHandler } from '../../functions/authority-report/make-handler';
import { reportHash } from '../../functions/domain/authority-reports-sent';
import type { DecisionStep } from '../../functions/domain/decisions';
import { isEvent } from '../../functions/domain/events';
import { recordAuthorityFollowUp } from '../../functions/domain/record-authority-follow-up';
import { requestDecision } from '../../functions/domain/request-decision';
import { takeDecision } from '../../functions/domain/take-decision';
import { aBreachIn, type DecisionWorld, startDecisionWorld } from '../support/decision-world';
import { apiEvent, lambdaContext } from '../unit/http/api-event';

/**
 * Reports as sent, on the real table through the real use cases: the initial report is frozen with its SHA-256 when
 * the notify-authority decision marks it sent, and asked for again after the case has moved on to its evaluation and
 * closure it is the very report that was sent.
 */

const PERSON = { name: 'Dana Protection', role: 'Data Protection Officer' };
let world: DecisionWorld;
let breachId: string;
let organisationId: string;

beforeAll(async () => {
  world = await startDecisionWorld();
  ({ breachId, organisationId } = await aBreachIn(world, {
    assessed: true,
    report: { dataCategories: ['health', 'contact-details'], recipient: 'untrusted' },
  }));
});

afterAll(async () => {
  await world?.close();
});

const decide = async (step: DecisionStep, body: object, hoursAfterAwareness: number) => {
  world.clock.now = new Date(Date.parse('2025-03-03T09:00:00Z') + hoursAfterAwareness * 3_600_000);
  await requestDecision(world.requestDeps, { breachId, step, taskToken: `token-${step}` });
  await takeDecision(world.takeDeps, {
    via: 'api',
    organisationId,
    breachId,
    step,
    body: { decidedBy: PERSON, ...body },
  });
};

const get = async (query: Record<string, string> = {}) => {
  const handler = reportHandler({
    breaches: world.breaches,
    organisations: world.organisations,
    now: () => world.clock.now,
  });
  return handler(
    apiEvent({
      path: `/breaches/${breachId}/authority-report`,
      pathParameters: { id: breachId },
      query,
      organisationId,
    }),
    lambdaContext(),
  );
};

describe('the initial report as sent', () => {
  let sent: { body: Record<string, unknown>; sha: string | undefined };

  it('is frozen in the log with its SHA-256 when the notify-authority decision marks it sent', async () => {
    await decide('contain', { contained: true, measures: 'The recipient deleted the e-mail.' }, 2);
    await decide(
      'decide',
      {
        conclusion: 'authority-only',
        rationale: 'Health data reached a stranger; a risk, not a high one, as the e-mail was deleted.',
        departureReason: 'Our reading of the facts differs from the recommendation.',
      },
      20,
    );
    const before = await get();
    expect(before.headers?.['breachdesk-report-sha256']).toBeUndefined();
    expect(JSON.parse(before.body).asSent).toBeUndefined();

    await decide(
      'notify-authority',
      { channel: 'ico-online-form', submittedAt: '2025-03-04T09:00:00Z', reference: 'IC-42' },
      24,
    );
    const events = await world.breaches.events(breachId);
    const snapshots = events.filter((e) => isEvent(e, 'authority-report-sent'));
    expect(snapshots).toHaveLength(1);
    const [snapshot] = snapshots;
    if (!snapshot || !isEvent(snapshot, 'authority-report-sent')) throw new Error('no snapshot');
    expect(snapshot.data).toMatchObject({ number: 1, phase: 'initial' });
    expect(snapshot.data.sha256).toBe(reportHash(snapshot.data.report));

    const response = await get();
    sent = { body: JSON.parse(response.body), sha: response.headers?.['breachdesk-report-sha256'] as string };
    expect(sent.sha).toBe(snapshot.data.sha256);
    expect(sent.body.asSent).toMatchObject({ number: 1, phase: 'initial', sha256: snapshot.data.sha256 });
  });

  it('is what a later request returns after evaluation and closure: the same report, the same hash', async () => {
    await decide(
      'evaluate',
      {
        rootCauses: ['Autocomplete picked the wrong address.'],
        lessons: 'Check the recipient before sending special category data.',
        recommendations: [{ action: 'Turn off autocomplete for external addresses', owner: 'IT' }],
      },
      100,
    );
    await world.breaches.append(breachId, {
      type: 'closed',
      at: world.clock.now.toISOString(),
      actor: { kind: 'system', component: 'close' },
      data: {},
    });
    world.clock.now = new Date('2025-04-01T09:00:00Z');

    const after = await get();
    const text = await get({ format: 'text' });
    const { links: _a, ...asSentNow } = JSON.parse(after.body);
    const { links: _b, ...asSentThen } = sent.body;

    expect(asSentNow).toEqual(asSentThen);
    expect(after.headers?.['breachdesk-report-sha256']).toBe(sent.sha);
    expect(asSentNow.actions.prevention).toBeUndefined();
    expect(asSentNow.generatedAt).toBe('2025-03-04T09:00:00.000Z');
    expect(text.headers?.['breachdesk-report-sha256']).toBe(sent.sha);
    expect(text.body).not.toContain('Autocomplete picked the wrong address');
  });

  it('makes a new phase a new document: the draft follow-up carries the evaluation, and once sent is frozen too', async () => {
    const draft = JSON.parse((await get({ phase: 'follow-up' })).body);
    expect(draft.asSent).toBeUndefined();
    expect(draft.actions.prevention.rootCauses).toEqual(['Autocomplete picked the wrong address.']);

    await recordAuthorityFollowUp(
      { breaches: world.breaches, organisations: world.organisations, now: () => world.clock.now },
      {
        organisationId,
        breachId,
        body: { phase: 'final', submittedAt: '2025-04-01T09:00:00Z', added: 'Root causes and recommendations.' },
      },
    );
    const second = await get({ sent: '2' });
    const body = JSON.parse(second.body);

    expect(second.statusCode).toBe(200);
    expect(body.asSent).toMatchObject({ number: 2, phase: 'final' });
    expect(body.actions.prevention.rootCauses).toEqual(['Autocomplete picked the wrong address.']);
    expect(JSON.parse((await get()).body).asSent.sha256).toBe(sent.sha);
    expect((await get({ sent: '3' })).statusCode).toBe(409);
    expect((await get({ sent: 'two' })).statusCode).toBe(400);
  });
});
