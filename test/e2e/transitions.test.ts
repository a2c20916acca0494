import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAuthorityOutcome } from '../../functions/domain/authority-exchanges';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * A measurement for the cost model: how many state transitions one full lifecycle takes (Step Functions Standard
 * bills per transition). Counted from the interpreter's log as StateEntered events, including the states nested in
 * the Parallel branches and the Map iterations, for the school path of school.test.ts: once with the clocks far away
 * (only the first Wait of the Clock branch is entered before closing stops it), and once reported 80 hours late, so
 * that every mark of the three clocks is waited for and checked.
 */

const HOUR_MS = 3_600_000;
const person = { name: 'Pat Head', role: 'Senior Leadership Team' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS).toISOString();

let world: LifecycleWorld;
let school: Organisation;

beforeAll(async () => {
  world = await startLifecycleWorld();
  school = await world.organisation('school');
});

afterAll(async () => {
  await world?.close();
});

/** The school scenario's path, decision for decision; returns the breach id once its execution has ended. */
async function schoolLifecycle(options: { late: boolean }): Promise<string> {
  const now = new Date(Date.now() - (options.late ? 78 : 0) * HOUR_MS);
  const response = await world.report(
    school,
    aReportInput(
      {
        description: 'A letter with SEN support plans for two pupils was e-mailed to another parent.',
        cause: { category: 'misdirected-email' },
        dataCategories: ['basic-identifiers', 'health', 'education', 'childrens-records'],
        subjectCategories: ['pupils-or-students', 'children'],
        approximateSubjects: 2,
        approximateRecords: 2,
        recipient: 'untrusted',
        recovery: 'not-recovered',
      },
      now,
    ),
  );
  expect(response.statusCode).toBe(201);
  const breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
  const step = async (name: Parameters<LifecycleWorld['waitForStep']>[1], body: Record<string, unknown>) => {
    await world.waitForStep(breachId, name);
    await world.decideByLink(breachId, name, { decidedBy: person, ...body });
  };
  await step('contain', { contained: true, measures: 'The parent confirmed deletion.', containedAt: hoursAgo(0.5) });
  await step('decide', {
    conclusion: 'authority-and-subjects',
    rationale: 'Health and SEN data of children reached a parent who knows them: a high risk of distress.',
    severityLevel: 3,
  });
  await step('notify-authority', {
    channel: 'ico-online-form',
    submittedAt: hoursAgo(0.1),
    reference: 'ICO/00012345',
    qualityCheckedBy: { name: 'Sam Deputy', role: 'SLT' },
    dpoConsultedAt: hoursAgo(0.2),
    ...(options.late ? { delayReason: 'The misdirected letter came to light only when the parent phoned.' } : {}),
  });
  await step('notify-subjects', { method: 'letter', notifiedAt: hoursAgo(0.05), count: 2 });
  await step('notify-other-parties', { parties: [{ party: 'governors', told: true, at: hoursAgo(0.01) }] });
  await step('evaluate', {
    rootCauses: ['E-mail autocomplete'],
    lessons: 'SEN letters go through the secure portal.',
    recommendations: [],
  });
  await world.waitForStep(breachId, 'close');
  await recordAuthorityOutcome(world.caseDeps, {
    organisationId: school.id,
    breachId,
    body: { outcome: 'no-further-action', at: hoursAgo(0), summary: 'The ICO closed its file.', recordedBy: person },
  });
  await world.settle(school, breachId, { name: 'Sam Risk', role: 'DSIRO' });
  await step('close', {
    recommendationsCompleted: true,
    authorityActionsImplemented: true,
    finalReportToBoardAt: hoursAgo(0),
  });
  expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
  return breachId;
}

const transitions = (breachId: string) =>
  world
    .history(breachId)
    .filter((e) => e.type === 'StateEntered')
    .map((e) => (e.type === 'StateEntered' ? e.state.name : ''));

describe('state transitions of one full lifecycle', () => {
  let inTime: string[];

  it('counts the same transitions for two identical breaches', async () => {
    const first = transitions(await schoolLifecycle({ late: false }));
    const second = transitions(await schoolLifecycle({ late: false }));
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual(first);
    // Every human step is one callback task; no state ran twice, and the Clock branch entered only its first Wait.
    expect(first.filter((name) => name === 'Wait for mark')).toHaveLength(1);
    expect(new Set(first).size).toBe(first.length);
    inTime = first;
    console.log(
      `[cost model] state transitions of one full school lifecycle (clocks far away): ${first.length} — ${first.join(', ')}`,
    );
  });

  it('adds a Wait and a CheckMark per clock mark when every mark fires', async () => {
    const late = transitions(await schoolLifecycle({ late: true }));
    const marks = 9;
    expect(late.filter((name) => name === 'CheckMark')).toHaveLength(marks);
    expect(late.length).toBe(inTime.length - 1 + 2 * marks);
    console.log(
      `[cost model] state transitions of one full school lifecycle with all ${marks} clock marks checked: ${late.length}`,
    );
  });
});
