import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { accessCodesToChange, recordAccessCodesChanged } from '../functions/domain/access-codes';
import { recordAuthorityOutcome } from '../functions/domain/authority-exchanges';
import { otherPartiesFor } from '../functions/domain/other-parties';
import type { PresetId } from '../functions/domain/presets';
import { BreachdeskStack } from '../infra/breachdesk-stack';
import { projectPath } from '../infra/project-paths';
import { type LifecycleWorld, startLifecycleWorld } from '../test/e2e/support/lifecycle-world';
import { aReportInput } from '../test/support/reports';

/**
 * The cost of one breach, from one full local lifecycle per preset path: Step Functions state transitions (from the
 * interpreter's log), Lambda invocations and their duration (the task states, intake, and a page view plus a post
 * per human decision), DynamoDB request units (every command sent with ReturnConsumedCapacity), SES messages, API
 * requests; priced with bench/aws-prices.json. And the stack's idle monthly cost, from the synthesized template.
 */

interface Prices {
  checkedOn: string;
  source: string;
  note: string;
  /** Where each price below comes from, keyed by its name. */
  sources: Record<string, { unit: string; source: string }>;
  stepFunctionsStandardPerStateTransition: number;
  lambdaPerRequest: number;
  lambdaArmPerGbSecond: number;
  dynamoDbOnDemandPerWriteRequestUnit: number;
  dynamoDbOnDemandPerReadRequestUnit: number;
  sesPerMessage: number;
  apiGatewayRestPerRequest: number;
  kmsPerRequest: number;
  kmsPerKeyMonth: number;
  xrayPerTraceRecorded: number;
  cloudWatchLogsPerGbIngested: number;
  wafPerWebAclMonth: number;
  wafPerRuleMonth: number;
  wafPerRequest: number;
  secretsManagerPerSecretMonth: number;
}

const prices = JSON.parse(readFileSync(projectPath('bench/aws-prices.json'), 'utf8')) as Prices;
const MEMORY_GB = 0.5; // infra/constructs/base-function.ts: 512 MB
// Log volume per unit, measured from the shapes the stack writes: Step Functions at level ALL without execution
// data (about 600 bytes per history event logged), Lambda START/END/REPORT plus a line (about 400 bytes).
const LOG_BYTES_PER_TRANSITION = 600;
const LOG_BYTES_PER_INVOCATION = 400;

interface Usage {
  transitions: number;
  invocations: number;
  lambdaMs: number;
  writeUnits: number;
  readUnits: number;
  mails: number;
  apiRequests: number;
}

/** Counts the request units of every DynamoDB command the process sends while `run` runs. */
async function meteringDynamo<T>(run: () => Promise<T>): Promise<{ result: T; readUnits: number; writeUnits: number }> {
  const original = DynamoDBDocumentClient.prototype.send;
  let readUnits = 0;
  let writeUnits = 0;
  DynamoDBDocumentClient.prototype.send = async function (this: DynamoDBDocumentClient, ...args: unknown[]) {
    const command = args[0] as { input: Record<string, unknown>; constructor: { name: string } };
    command.input.ReturnConsumedCapacity = 'TOTAL';
    const output = (await (original as (...a: unknown[]) => Promise<unknown>).apply(this, args)) as {
      ConsumedCapacity?: { CapacityUnits?: number };
    };
    const units = output?.ConsumedCapacity?.CapacityUnits ?? 0;
    if (/^(Get|Query|Scan|BatchGet)/.test(command.constructor.name)) readUnits += units;
    else writeUnits += units;
    return output;
  } as typeof original;
  try {
    return { result: await run(), readUnits, writeUnits };
  } finally {
    DynamoDBDocumentClient.prototype.send = original;
  }
}

const HOUR_MS = 3_600_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS).toISOString();
type Step = Parameters<LifecycleWorld['waitForStep']>[1];

/** The decisions of each driven path, as the e2e scenarios take them (test/e2e/*.test.ts). */
const PATHS: Record<string, { preset: PresetId; report: object; steps: [Step, object][] }> = {
  'school (authority and subjects by letter)': {
    preset: 'school',
    report: {
      cause: { category: 'misdirected-email' },
      dataCategories: ['basic-identifiers', 'health', 'education', 'childrens-records'],
      subjectCategories: ['pupils-or-students', 'children'],
      approximateSubjects: 2,
      approximateRecords: 2,
      recipient: 'untrusted',
      recovery: 'not-recovered',
    },
    steps: [
      ['contain', { contained: true, measures: 'The parent confirmed deletion.', containedAt: hoursAgo(0.5) }],
      ['decide', { conclusion: 'authority-and-subjects', rationale: 'Health data of children.', severityLevel: 3 }],
      [
        'notify-authority',
        {
          channel: 'ico-online-form',
          submittedAt: hoursAgo(0.1),
          reference: 'ICO/00012345',
          qualityCheckedBy: { name: 'Sam Deputy', role: 'SLT' },
          dpoConsultedAt: hoursAgo(0.2),
        },
      ],
      ['notify-subjects', { method: 'letter', notifiedAt: hoursAgo(0.05), count: 2 }],
      ['notify-other-parties', { parties: [{ party: 'governors', told: true, at: hoursAgo(0.01) }] }],
      ['evaluate', { rootCauses: ['E-mail autocomplete'], lessons: 'Use the portal.', recommendations: [] }],
      [
        'close',
        { recommendationsCompleted: true, authorityActionsImplemented: true, finalReportToBoardAt: hoursAgo(0) },
      ],
    ],
  },
  'rcot (authority with sign-off and acknowledgement)': {
    preset: 'rcot',
    report: {
      cause: { category: 'misdirected-email' },
      dataCategories: ['basic-identifiers', 'financial'],
      subjectCategories: ['members'],
      approximateSubjects: 240,
      approximateRecords: 240,
      recipient: 'untrusted',
      recovery: 'unknown',
    },
    steps: [
      ['contain', { contained: true, measures: 'The supplier confirmed deletion.', containedAt: hoursAgo(0.5) }],
      [
        'decide',
        {
          conclusion: 'authority-only',
          rationale: 'Bank details reached an untrusted recipient; deletion was confirmed.',
          signedOffBy: { name: 'Sam Senior', role: 'Chief Executive' },
        },
      ],
      [
        'notify-authority',
        {
          channel: 'ico-online-form',
          submittedAt: hoursAgo(0.2),
          reference: 'ICO/IC-334455-A1B2',
          acknowledgement: { receivedAt: hoursAgo(0.1), reference: 'IC-334455-A1B2' },
        },
      ],
      ['evaluate', { rootCauses: ['Autocomplete'], lessons: 'Payments portal only.', recommendations: [] }],
      ['close', { recommendationsCompleted: true }],
    ],
  },
  'elite-care (not reported, evidence; residents told in person)': {
    preset: 'elite-care',
    report: {
      cause: { category: 'stolen-device' },
      dataCategories: ['basic-identifiers', 'health'],
      subjectCategories: ['service-users'],
      approximateSubjects: 30,
      approximateRecords: 30,
      protection: { kind: 'encrypted', strength: 'strong', keyCompromised: false },
      recipient: 'unknown',
      recovery: 'not-recovered',
      malicious: 'yes',
    },
    steps: [
      ['contain', { contained: true, measures: 'Remote wipe issued.', containedAt: hoursAgo(0.5) }],
      [
        'decide',
        {
          conclusion: 'no-notification',
          rationale: 'Fully encrypted laptop; the key was not with it.',
          evidence: 'IT asset report: full-disk encryption active; recovery key escrowed, never on the device.',
          police: { report: true, reason: 'Theft from a vehicle is a criminal act.' },
        },
      ],
      ['notify-subjects', { method: 'in-person', notifiedAt: hoursAgo(0.2), count: 30 }],
      [
        'notify-other-parties',
        {
          parties: [
            { party: 'police', told: true, at: hoursAgo(0.3), reference: 'CRIME/2026/0412' },
            { party: 'board', told: true, at: hoursAgo(0.1) },
          ],
        },
      ],
      ['evaluate', { rootCauses: ['Laptop left in a car'], lessons: 'Never in vehicles.', recommendations: [] }],
      ['close', { recommendationsCompleted: true, finalReportToBoardAt: hoursAgo(0) }],
    ],
  },
  'social-care (DSPT, then people told through representatives)': {
    preset: 'social-care',
    report: {
      cause: { category: 'lost-paper' },
      dataCategories: ['basic-identifiers', 'property-access-codes', 'social-care-records'],
      subjectCategories: ['service-users', 'vulnerable-adults'],
      approximateSubjects: 14,
      approximateRecords: 14,
      recipient: 'unknown',
      recovery: 'not-recovered',
      containment: { contained: false },
    },
    steps: [
      ['contain', { contained: true, measures: 'All key-safe codes changed.', containedAt: hoursAgo(0.5) }],
      ['decide', { conclusion: 'authority-and-subjects', rationale: 'Codes to the homes of vulnerable adults.' }],
      [
        'notify-authority',
        {
          channel: 'dspt',
          submittedAt: hoursAgo(0.3),
          reference: 'ICO/00098765',
          dspt: { reference: 'DSPT-INC-20412', icoConfirmationSentAt: hoursAgo(0.2) },
        },
      ],
      ['notify-subjects', { method: 'phone', notifiedAt: hoursAgo(0.1), count: 14, throughRepresentatives: true }],
      [
        'notify-other-parties',
        {
          parties: [
            { party: 'dspt', told: true, at: hoursAgo(0.3), reference: 'DSPT-INC-20412' },
            { party: 'local-authority', told: true, at: hoursAgo(0.05) },
          ],
        },
      ],
      ['evaluate', { rootCauses: ['Printed rotas'], lessons: 'Codes in the app only.', recommendations: [] }],
      ['close', { recommendationsCompleted: true }],
    ],
  },
  'generic-processor (controller told)': {
    preset: 'generic-processor',
    report: {
      organisationRole: {
        role: 'processor',
        controller: { name: 'Casey Controller', email: 'dpo@client.example.com', role: 'Client DPO' },
      },
      cause: { category: 'unauthorised-disclosure' },
      dataCategories: ['basic-identifiers', 'financial'],
      subjectCategories: ['employees'],
      approximateSubjects: 85,
      approximateRecords: 85,
      recipient: 'untrusted',
      recovery: 'unknown',
    },
    steps: [
      ['contain', { contained: true, measures: 'Share permissions corrected.', containedAt: hoursAgo(0.5) }],
      ['decide', { conclusion: 'authority-only', rationale: 'Bank details reached another client.' }],
      [
        'notify-controller',
        {
          notifiedAt: hoursAgo(0.3),
          channel: 'phone',
          controllerContact: 'Casey Controller',
          summary: 'Told all.',
          followUpRoute: 'email',
        },
      ],
      ['notify-other-parties', { parties: [{ party: 'controller', told: true, at: hoursAgo(0.1) }] }],
      ['evaluate', { rootCauses: ['Inherited permissions'], lessons: 'Per-client folders.', recommendations: [] }],
      ['close', { recommendationsCompleted: true }],
    ],
  },
};

/** What closing waits for besides the close decision; returns how many case-change requests it took. */
async function beforeClosing(
  world: LifecycleWorld,
  org: Parameters<LifecycleWorld['settle']>[0],
  breachId: string,
  path: (typeof PATHS)[string],
  person: { name: string; role: string },
): Promise<number> {
  let requests = 0;
  if (path.steps.some(([step]) => step === 'notify-authority')) {
    await recordAuthorityOutcome(world.caseDeps, {
      organisationId: org.id,
      breachId,
      body: {
        outcome: 'no-further-action',
        at: new Date().toISOString(),
        summary: 'No further action.',
        recordedBy: person,
      },
    });
    requests += 1;
  }
  const [organisation, state] = await Promise.all([
    world.caseDeps.organisations.get(org.id),
    world.caseDeps.breaches.state(breachId),
  ]);
  if (organisation && state) {
    requests += otherPartiesFor(state, organisation.policy).filter((p) => p.status === 'pending').length;
    if (accessCodesToChange(state, organisation.policy)) {
      await recordAccessCodesChanged(world.caseDeps, {
        organisationId: org.id,
        breachId,
        body: {
          changedAt: new Date().toISOString(),
          properties: 14,
          how: 'Every key safe re-coded.',
          recordedBy: person,
        },
      });
      requests += 1;
    }
  }
  await world.settle(org, breachId, person);
  return requests;
}

async function runPath(world: LifecycleWorld, path: (typeof PATHS)[string]): Promise<Usage> {
  const org = await world.organisation(path.preset);
  const person = { name: 'Pat Head', role: 'Data Protection Officer' };
  let httpMs = 0;
  let decisions = 0;
  let changes = 0;
  const metered = await meteringDynamo(async () => {
    const started = performance.now();
    const response = await world.report(org, aReportInput(path.report, new Date()));
    httpMs += performance.now() - started;
    if (response.statusCode !== 201) throw new Error(`report answered ${response.statusCode}: ${response.body}`);
    const breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    for (const [step, body] of path.steps) {
      await world.waitForStep(breachId, step);
      if (step === 'close') {
        // A case closes only once the authority's outcome is recorded (when it was notified), every other party the
        // policy names is decided (told or not, with why) and changed access codes are recorded: each a POST to the
        // case-changes function, billed too.
        const t = performance.now();
        changes += await beforeClosing(world, org, breachId, path, person);
        httpMs += performance.now() - t;
      }
      const t = performance.now();
      await world.decideByLink(breachId, step, { decidedBy: person, ...body });
      // The page view before the post costs about what the post does; both are billed.
      httpMs += 2 * (performance.now() - t);
      decisions += 1;
    }
    const end = await world.waitForEnd(breachId);
    if (end.status !== 'SUCCEEDED') throw new Error(`the lifecycle ended ${end.status}`);
    return breachId;
  });
  const breachId = metered.result;
  const history = world.history(breachId);
  const entered = history.filter((e) => e.type === 'StateEntered');
  const taskNames = taskStateNames();
  // A task's run: from its entry to its exit, or, for a callback task, to the moment its function returned.
  let taskMs = 0;
  let taskInvocations = 0;
  for (const [i, event] of history.entries()) {
    if (event.type !== 'StateEntered' || !taskNames.has(event.state.name)) continue;
    taskInvocations += 1;
    const exit = history.slice(i + 1).find((e) => e.type === 'StateExited' && e.state.name === event.state.name);
    const callback = callbackSince.get(`${world.executionArn(breachId)}#${event.state.name}#${taskInvocations}`);
    const end = callback ?? exit?.timestamp ?? event.timestamp;
    taskMs += Math.max(1, Math.min(end - event.timestamp, 10_000));
  }
  return {
    transitions: entered.length,
    invocations: taskInvocations + 1 + 2 * decisions + changes,
    lambdaMs: taskMs + httpMs,
    writeUnits: metered.writeUnits,
    readUnits: metered.readUnits,
    mails: (await world.mails(breachId)).length,
    apiRequests: 1 + 2 * decisions + changes,
  };
}

// Filled by the runtime's taskWaiting events: when a callback task's function returned.
const callbackSince = new Map<string, number>();

function taskStateNames(): Set<string> {
  const asl = JSON.parse(readFileSync(projectPath('statemachines/breach-lifecycle.asl.json'), 'utf8')) as unknown;
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'States' && value && typeof value === 'object') {
        for (const [name, state] of Object.entries(value as Record<string, { Type?: string }>)) {
          if (state.Type === 'Task') names.add(name);
        }
      }
      walk(value);
    }
  };
  walk(asl);
  return names;
}

const costOf = (u: Usage) => {
  const lambda =
    u.invocations * prices.lambdaPerRequest + (u.lambdaMs / 1000) * MEMORY_GB * prices.lambdaArmPerGbSecond;
  const logsGb = (u.transitions * LOG_BYTES_PER_TRANSITION + u.invocations * LOG_BYTES_PER_INVOCATION) / 1024 ** 3;
  const parts = {
    'Step Functions': u.transitions * prices.stepFunctionsStandardPerStateTransition,
    Lambda: lambda,
    DynamoDB:
      u.writeUnits * prices.dynamoDbOnDemandPerWriteRequestUnit +
      u.readUnits * prices.dynamoDbOnDemandPerReadRequestUnit,
    SES: u.mails * prices.sesPerMessage,
    'API Gateway + WAF': u.apiRequests * (prices.apiGatewayRestPerRequest + prices.wafPerRequest),
    // An upper bound: one KMS request per transition and per invocation (SDKs and services cache data keys).
    KMS: (u.transitions + u.invocations) * prices.kmsPerRequest,
    'X-Ray': (u.apiRequests + 1) * prices.xrayPerTraceRecorded,
    'CloudWatch Logs': logsGb * prices.cloudWatchLogsPerGbIngested,
  };
  return { parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
};

function idleMonthly(): { rows: { item: string; count: number; monthly: number }[]; total: number } {
  const { context } = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  // No bundling: only the resources' shapes are needed. The sender is a deploy's `-c` value, as `npm run synth` gives.
  const app = new App({
    context: { 'breachdesk:senderAddress': 'breachdesk@example.org', ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const template = Template.fromStack(new BreachdeskStack(app, 'Breachdesk')).toJSON() as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);
  const webAcls = ofType('AWS::WAFv2::WebACL');
  const wafRules = webAcls.reduce((n, acl) => n + ((acl.Properties?.Rules as unknown[]) ?? []).length, 0);
  const schedules = ofType('AWS::Events::Rule').filter((r) => r.Properties?.ScheduleExpression);
  const scheduledRunsPerMonth = schedules.reduce((n, r) => {
    const match = /rate\((\d+) (minute|minutes|hour|hours|day|days)\)/.exec(String(r.Properties?.ScheduleExpression));
    if (!match) return n + 30; // a cron: about daily
    const minutes = Number(match[1]) * (match[2]?.startsWith('hour') ? 60 : match[2]?.startsWith('day') ? 1440 : 1);
    return n + (30 * 24 * 60) / minutes;
  }, 0);
  const rows = [
    { item: 'KMS customer-managed keys', count: ofType('AWS::KMS::Key').length, unit: prices.kmsPerKeyMonth },
    { item: 'WAF web ACLs', count: webAcls.length, unit: prices.wafPerWebAclMonth },
    { item: 'WAF rules and rule groups', count: wafRules, unit: prices.wafPerRuleMonth },
    {
      item: 'Secrets Manager secrets',
      count: ofType('AWS::SecretsManager::Secret').length,
      unit: prices.secretsManagerPerSecretMonth,
    },
    {
      // Each scheduled run: one invocation of ~100 ms at 512 MB, plus its (empty) reads.
      item: 'scheduled runs (reconciler, exports): invocations',
      count: Math.round(scheduledRunsPerMonth),
      unit: prices.lambdaPerRequest + 0.1 * MEMORY_GB * prices.lambdaArmPerGbSecond,
    },
    { item: 'log groups (no ingestion when idle)', count: ofType('AWS::Logs::LogGroup').length, unit: 0 },
    { item: 'DynamoDB table, PITR (empty; storage only)', count: ofType('AWS::DynamoDB::Table').length, unit: 0 },
  ].map((r) => ({ item: r.item, count: r.count, monthly: r.count * r.unit }));
  return { rows, total: rows.reduce((n, r) => n + r.monthly, 0) };
}

export async function costModel(): Promise<void> {
  console.log(`\n2. Cost model (eu-west-2 prices checked ${prices.checkedOn}: ${prices.source})`);
  const world = await startLifecycleWorld();
  world.runtime.stepFunctions.on('taskWaiting', (task) => {
    const key = `${task.executionArn}#${task.stateName}`;
    const n = [...callbackSince.keys()].filter((k) => k.startsWith(`${key}#`)).length;
    callbackSince.set(`${key}#${n + 1}`, task.since.getTime());
  });
  const rows = [];
  try {
    for (const [name, path] of Object.entries(PATHS)) {
      const usage = await runPath(world, path);
      const { parts, total } = costOf(usage);
      rows.push({ name, usage, parts, total });
    }
  } finally {
    await world.close();
  }
  console.table(
    rows.map(({ name, usage }) => ({
      path: name,
      transitions: usage.transitions,
      'Lambda invocations': usage.invocations,
      'Lambda ms (local)': Math.round(usage.lambdaMs),
      WRU: usage.writeUnits,
      RRU: usage.readUnits,
      'SES mails': usage.mails,
      'API requests': usage.apiRequests,
    })),
  );
  console.table(
    rows.map(({ name, parts, total }) => ({
      path: name,
      ...Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, `$${v.toFixed(6)}`])),
      'per breach': `$${total.toFixed(5)}`,
      'target ≤ $0.005': total <= 0.005 ? 'met' : 'MISSED',
    })),
  );
  console.log(
    '    No subject is mailed on these paths (letters, in person, by phone, not told; a processor tells its controller):\n' +
      '    the figures are "before subject mail"; each subject e-mail adds one SES message and its status writes.\n' +
      "    The generic controller preset takes the school's steps without its DPO-consulted rule; it is not driven apart.",
  );
  const idle = idleMonthly();
  console.log('\n   Idle monthly cost of the stack (no breach reported)');
  console.table(idle.rows.map((r) => ({ ...r, monthly: `$${r.monthly.toFixed(2)}` })));
  console.log(`    Idle total: $${idle.total.toFixed(2)} a month`);
}
