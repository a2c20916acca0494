import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleFor } from '../../functions/domain/clocks';
import { registerRow } from '../../functions/domain/register';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, startLifecycleWorld } from './support/lifecycle-world';

/**
 * A suspected breach found not to be a personal-data breach, on the real ASL: the outcome is taken while the workflow
 * waits at Decide, through the case-change route (the real CaseChanges handler); the Choice after Decide sends the
 * Case branch to RecordClosure, whose end stops the Clock branch, so the execution succeeds with no authority step,
 * no notice and no deadline alert; the record stays, with its reasons, for the register. The same route after the
 * notification decision is a 409 problem+json.
 */

const dpo = { name: 'Dana Protection', role: 'Data Protection Officer' };
const REASONS = 'The "lost" laptop was found in the staff room; its log shows no sign-in since it went missing.';

let world: LifecycleWorld;

beforeAll(async () => {
  world = await startLifecycleWorld();
});

afterAll(async () => {
  await world?.close();
});

const postNotABreach = async (organisationId: string, breachId: string, body: unknown) =>
  (await world.runtime.http.caseChanges(
    {
      httpMethod: 'POST',
      path: `/breaches/${breachId}/not-a-breach`,
      resource: '/breaches/{id}/not-a-breach',
      headers: { 'content-type': 'application/json' },
      pathParameters: { id: breachId },
      body: JSON.stringify(body),
      requestContext: {
        path: `/v1/breaches/${breachId}/not-a-breach`,
        authorizer: { organisationId, principalId: organisationId },
      },
    },
    {},
  )) as APIGatewayProxyResult;

describe('a suspected breach found not to be a personal-data breach', () => {
  it('closes at the decision step: the execution succeeds with no notice, no authority step and no alert', async () => {
    const org = await world.organisation('school');
    const response = await world.report(
      org,
      aReportInput(
        { suspected: true, description: 'A teacher’s laptop was reported missing from the staff room.' },
        new Date(),
      ),
    );
    expect(response.statusCode, response.body).toBe(201);
    const { breachId } = JSON.parse(response.body) as { breachId: string };

    await world.waitForStep(breachId, 'contain');
    await world.decideByLink(breachId, 'contain', {
      decidedBy: dpo,
      contained: true,
      measures: 'The laptop is back in the IT office and its disk is being checked.',
    });
    await world.waitForStep(breachId, 'decide');

    const found = await postNotABreach(org.id, breachId, { reasons: REASONS, decidedBy: dpo });
    expect(found.statusCode, found.body).toBe(201);
    expect(JSON.parse(found.body)).toMatchObject({ type: 'not-a-breach-found', data: { reasons: REASONS } });

    const end = await world.waitForEnd(breachId);
    expect(end.status).toBe('SUCCEEDED');
    const entered = world.history(breachId).flatMap((e) => (e.type === 'StateEntered' ? [e.state.name] : []));
    expect(entered).toContain('Not a personal-data breach?');
    expect(entered).toContain('RecordClosure');
    for (const step of ['NotifyAuthority', 'NotifySubjects', 'Evaluate', 'Close']) expect(entered).not.toContain(step);

    const events = await world.events(breachId);
    const types = events.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['not-a-breach-found', 'closed']);
    for (const type of ['deadline-warned', 'deadline-missed', 'authority-report-sent', 'subject-notices-sent']) {
      expect(types).not.toContain(type);
    }

    // A mark that comes after the closure (a late Wait, a replay) alerts nobody.
    const state = await world.state(breachId);
    const authorityDeadline = scheduleFor(state.awareAt, state.clocks ?? []).find(
      (m) => m.clockId === 'authority' && m.kind === 'deadline',
    );
    if (!authorityDeadline) throw new Error('the school policy has an authority clock');
    const mailsBefore = (await world.mails(breachId)).length;
    expect((await world.checkMark(breachId, authorityDeadline)).outcome).toBe('closed');
    expect(await world.mails(breachId)).toHaveLength(mailsBefore);

    const row = registerRow(state, { clocks: state.clocks ?? [], now: new Date() });
    expect(row).toMatchObject({
      status: 'closed',
      suspected: true,
      notABreach: { reasons: REASONS, decidedBy: dpo },
      authority: { status: 'not-a-breach' },
    });
  });

  it('is refused with problem+json once the notification decision is taken (revise it instead)', async () => {
    const org = await world.organisation('generic');
    const response = await world.report(org, aReportInput({ suspected: true }, new Date()));
    const { breachId } = JSON.parse(response.body) as { breachId: string };
    await world.waitForStep(breachId, 'contain');
    await world.decideByLink(breachId, 'contain', { decidedBy: dpo, contained: true, measures: 'Recalled.' });
    await world.waitForStep(breachId, 'decide');
    await world.decideByLink(breachId, 'decide', {
      decidedBy: dpo,
      conclusion: 'no-notification',
      rationale: 'Unlikely to result in a risk: the recipient deleted it unread.',
      evidence: 'The recipient’s written confirmation of deletion, kept on file.',
    });
    await world.waitUntil('the decision recorded', async () => (await world.state(breachId)).decisions.decide);
    const version = (await world.state(breachId)).version;

    const refused = await postNotABreach(org.id, breachId, { reasons: REASONS, decidedBy: dpo });

    expect(refused.statusCode).toBe(409);
    expect(refused.headers?.['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(refused.body).detail).toMatch(/revise it/);
    expect((await world.state(breachId)).version).toBe(version);
  });
});
