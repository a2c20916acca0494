import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAuthorityOutcome } from '../../functions/domain/authority-exchanges';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from '../e2e/support/lifecycle-world';
import { aReportInput } from '../support/reports';

/**
 * No personal data in logs: a full school lifecycle through the local runtime (the real handlers, the real ASL),
 * with a report, decisions and a rejected request full of distinctive personal data, and every byte the process
 * writes to its console captured. None of the distinctive strings may appear in it.
 */

const CANARY = {
  reporterName: 'Zebediah Quillfeather',
  reporterEmail: 'zebediah.quillfeather@canary-pii.example',
  description: 'Canary-description: the medical file of Philomena Wrexham-Dunstable was left on bus 73',
  location: 'Canary room 4B of Wrexham-Dunstable house',
  discovery: 'Canary discovery: Philomena phoned the front desk',
  cause: 'Canary cause: Quillfeather left the folder on the seat',
  containment: 'Canary containment: Quillfeather retrieved the folder from the depot',
  measures: 'Canary measures: Philomena Wrexham-Dunstable confirmed it was sealed',
  rationale: 'Canary rationale: Philomena Wrexham-Dunstable has a rare condition',
  lessons: 'Canary lessons: Quillfeather to use the locked bag',
} as const;
const HOUR_MS = 3_600_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS).toISOString();
const person = { name: 'Pat Head', role: 'Senior Leadership Team' };

let world: LifecycleWorld;
let school: Organisation;
const captured: string[] = [];
const restore: (() => void)[] = [];

const capture = () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      captured.push(
        args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})))).join(' '),
      );
      original.apply(console, args);
    };
    restore.push(() => {
      console[method] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
};

beforeAll(async () => {
  world = await startLifecycleWorld();
  school = await world.organisation('school');
  capture();
});

afterAll(async () => {
  for (const undo of restore.splice(0)) undo();
  await world?.close();
});

describe('logs of a full lifecycle', () => {
  it('carry no reporter, subject or free-text detail of the breach', async () => {
    const now = new Date();
    const report = aReportInput(
      {
        reporter: { anonymised: false, name: CANARY.reporterName, email: CANARY.reporterEmail, role: 'Teacher' },
        description: CANARY.description,
        location: CANARY.location,
        discovery: { channel: 'staff', detail: CANARY.discovery },
        cause: { category: 'lost-paper', detail: CANARY.cause },
        containment: { contained: true, how: CANARY.containment },
        dataCategories: ['basic-identifiers', 'health', 'childrens-records'],
        subjectCategories: ['pupils-or-students', 'children'],
        approximateSubjects: 1,
        approximateRecords: 1,
      },
      now,
    );
    // A rejected request, its body full of the same data: errors must not echo it.
    const rejected = await world.report(school, { ...report, awareAt: '2999-01-01T00:00:00Z' });
    expect(rejected.statusCode).toBe(400);

    const response = await world.report(school, report);
    expect(response.statusCode, response.body).toBe(201);
    const breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    const step = async (name: Parameters<LifecycleWorld['waitForStep']>[1], body: Record<string, unknown>) => {
      await world.waitForStep(breachId, name);
      await world.decideByLink(breachId, name, { decidedBy: person, ...body });
    };
    await step('contain', { contained: true, measures: CANARY.measures, containedAt: hoursAgo(0.5) });
    await step('decide', { conclusion: 'authority-and-subjects', rationale: CANARY.rationale, severityLevel: 3 });
    await step('notify-authority', {
      channel: 'ico-online-form',
      submittedAt: hoursAgo(0.1),
      reference: 'ICO/00012345',
      qualityCheckedBy: { name: 'Sam Deputy', role: 'SLT' },
      dpoConsultedAt: hoursAgo(0.2),
    });
    await step('notify-subjects', { method: 'letter', notifiedAt: hoursAgo(0.05), count: 1 });
    await step('notify-other-parties', { parties: [{ party: 'governors', told: true, at: hoursAgo(0.01) }] });
    await step('evaluate', { rootCauses: ['Paper file taken home'], lessons: CANARY.lessons, recommendations: [] });
    // The school closes only once the ICO has answered and every other party is decided (its procedure's closure).
    await recordAuthorityOutcome(world.caseDeps, {
      organisationId: school.id,
      breachId,
      body: { outcome: 'no-further-action', at: hoursAgo(0), summary: 'No further action.', recordedBy: person },
    });
    await world.settle(school, breachId, person);
    await step('close', {
      recommendationsCompleted: true,
      authorityActionsImplemented: true,
      finalReportToBoardAt: hoursAgo(0),
    });
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
    // The data really went through the system: it is in the record, just not in the logs.
    expect(JSON.stringify(await world.events(breachId))).toContain(CANARY.description);

    const logs = captured.join('\n');
    const leaked = Object.entries(CANARY).filter(([, value]) => logs.includes(value));
    expect(leaked.map(([field]) => field)).toEqual([]);
    for (const fragment of ['Philomena', 'Wrexham-Dunstable', 'Quillfeather', 'canary-pii.example']) {
      expect(logs.includes(fragment), fragment).toBe(false);
    }
  });
});
