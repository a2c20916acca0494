import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * A breach's execution stopped from outside (an administrator's StopExecution, as on AWS): local mode delivers the
 * execution's status change as EventBridge would, so `workflow-ended` is recorded on the breach and the DPO is mailed
 * once. Continuing it through the API starts a new execution (the local interpreter cannot redrive) that replays the
 * idempotent tasks to where the breach stood: the case then finishes, and nobody is mailed twice.
 */

const dpoPerson = { name: 'Alex Privacy', role: 'Data Protection Officer' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

let world: LifecycleWorld;
let org: Organisation;
let breachId: string;
let firstExecution: string;

const continueByApi = async (id: string, organisationId: string): Promise<APIGatewayProxyResult> =>
  (await world.runtime.functions.ContinueWorkflow(
    {
      resource: '/breaches/{id}/workflow/continue',
      path: `/breaches/${id}/workflow/continue`,
      httpMethod: 'POST',
      headers: {},
      multiValueHeaders: {},
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: { id },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {
        requestId: crypto.randomUUID(),
        path: `/v1/breaches/${id}/workflow/continue`,
        stage: 'v1',
        resourcePath: '/breaches/{id}/workflow/continue',
        httpMethod: 'POST',
        authorizer: { organisationId, principalId: organisationId },
      },
    },
    {},
  )) as APIGatewayProxyResult;

beforeAll(async () => {
  world = await startLifecycleWorld();
  org = await world.organisation('generic');
});

afterAll(async () => {
  await world?.close();
});

describe('an execution stopped from outside', () => {
  it('records workflow-ended on the breach and mails the DPO once', async () => {
    const response = await world.report(
      org,
      aReportInput(
        { dataCategories: ['basic-identifiers', 'financial'], subjectCategories: ['customers'] },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    await world.waitForStep(breachId, 'contain');
    await world.decideByLink(breachId, 'contain', {
      decidedBy: dpoPerson,
      contained: true,
      measures: 'The recipient confirmed deletion in writing.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'decide');
    firstExecution = world.executionArn(breachId);

    world.runtime.stepFunctions.stopExecution(firstExecution, { error: 'Stopped', cause: 'By an administrator' });

    const ended = await world.waitForEvent(breachId, 'workflow-ended');
    expect(ended.data).toMatchObject({ executionArn: firstExecution, status: 'ABORTED' });
    const alert = await world.waitUntil('the workflow-ended mail', async () =>
      (await world.mails(breachId)).find((m) => /workflow ended – continue it/.test(m.subject)),
    );
    expect(alert.destination.to).toEqual([org.dpo]);
    expect(alert.body.text).toContain('stopped from outside Breachdesk');
    expect((await world.state(breachId)).workflowEnded).toMatchObject({ status: 'ABORTED' });
  });

  it('continues through the API with a new execution that finishes the case, mailing nobody twice', async () => {
    const mailsBefore = await world.mails(breachId);

    const response = await continueByApi(breachId, org.id);

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as { outcome: string; executionArn: string };
    expect(body.outcome).toBe('restarted');
    expect(body.executionArn).toMatch(new RegExp(`:${breachId}-run2$`));
    const state = await world.state(breachId);
    expect(state.executionArn).toBe(body.executionArn);
    expect(state.workflowEnded).toBeUndefined();
    // A second call finds the new execution running and starts nothing.
    const again = JSON.parse((await continueByApi(breachId, org.id)).body) as { outcome: string };
    expect(again.outcome).toBe('running');

    // The replay fast-forwards over Prepare, Contain and Assess to the decision the breach was waiting for.
    await world.waitUntil('the decide request of the new execution', () =>
      world.runtime.stepFunctions
        .pendingTasks()
        .find((task) => task.executionArn === body.executionArn && task.stateName === 'Decide'),
    );
    const link = await world.linkFor(breachId, 'decide');
    expect(link).toBeDefined();
    await world.decideByLink(breachId, 'decide', {
      decidedBy: dpoPerson,
      conclusion: 'authority-only',
      rationale: 'Bank details reached an untrusted recipient: a risk to the people, though not a high one.',
    });
    await world.waitForStep(breachId, 'notify-authority');
    await world.decideByLink(breachId, 'notify-authority', {
      decidedBy: dpoPerson,
      channel: 'ico-online-form',
      submittedAt: hoursAgo(0.05),
    });
    await world.waitForStep(breachId, 'evaluate');
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: dpoPerson,
      rootCauses: ['Autocomplete picked the wrong address'],
      lessons: 'External addresses are confirmed before sending files.',
      recommendations: [],
    });
    await world.waitForStep(breachId, 'close');
    await world.decideByLink(breachId, 'close', { decidedBy: dpoPerson, recommendationsCompleted: true });
    await world.waitForEvent(breachId, 'closed');

    const mails = await world.mails(breachId);
    const subjects = mails.map((m) => m.subject);
    // Every mail is a different message: the new-breach mail, the containment and decide requests and the
    // workflow-ended alert went out once each, though the new execution ran Prepare, Contain and Decide again.
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const before of mailsBefore) expect(subjects.filter((s) => s === before.subject)).toHaveLength(1);
    const purposes = (await world.eventsOf(breachId, 'mail-sent')).map((e) => e.data.purpose);
    expect(new Set(purposes).size).toBe(purposes.length);
    expect(await world.eventsOf(breachId, 'workflow-ended')).toHaveLength(1);
    expect(await world.eventsOf(breachId, 'workflow-continued')).toHaveLength(1);
  });
});
