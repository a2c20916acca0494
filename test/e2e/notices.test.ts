import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';

/**
 * The generic procedure (shared/policies/003) as controller, with the notifications of issue 5 inside the running
 * state machine: the people affected are uploaded, the decision to tell them by e-mail makes the SendSubjectNotices
 * loop send each of them one personalised notice, and the report to the ICO is generated from the record.
 */

const person = { name: 'Dana Protection', role: 'Data Protection Officer' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const people = [
  { name: 'Alex Member', email: 'alex.member@people.example.org' },
  { name: 'Bo Member', email: 'bo.member@people.example.org' },
  { name: 'Cy Member', postalAddress: '1 High Street, Anytown AN1 1AA' },
];

let world: LifecycleWorld;
let org: Organisation;
let breachId: string;

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
let addSubjects: Handler;
let authorityReport: Handler;

const apiEvent = (method: string, resource: string, pathParameters: Record<string, string>, body?: unknown) => ({
  httpMethod: method,
  path: resource.replace('{id}', pathParameters.id ?? ''),
  resource,
  headers: { 'content-type': 'application/json' },
  multiValueHeaders: {},
  queryStringParameters: method === 'GET' ? { format: 'text' } : null,
  multiValueQueryStringParameters: method === 'GET' ? { format: ['text'] } : null,
  pathParameters,
  stageVariables: null,
  body: body === undefined ? null : JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: {
    requestId: crypto.randomUUID(),
    path: `/v1${resource}`,
    stage: 'v1',
    resourcePath: resource,
    httpMethod: method,
    authorizer: { organisationId: org.id, principalId: org.id },
  },
});

beforeAll(async () => {
  world = await startLifecycleWorld();
  org = await world.organisation('generic');
  // The functions as local mode wired them, each with its own environment.
  addSubjects = world.runtime.functions.AddSubjects as Handler;
  authorityReport = world.runtime.functions.AuthorityReport as Handler;
});

afterAll(async () => {
  await world?.close();
});

describe('telling the authority and the people affected, inside the running lifecycle', () => {
  it('takes the report and the list of people, naming nobody in the event log', async () => {
    const response = await world.report(
      org,
      aReportInput(
        {
          description: 'A members list with bank details was attached to a newsletter sent to all members.',
          cause: { category: 'misdirected-email' },
          dataCategories: ['basic-identifiers', 'contact-details', 'financial'],
          subjectCategories: ['members'],
          approximateSubjects: 3,
          approximateRecords: 3,
          recipient: 'untrusted',
          recovery: 'not-recovered',
        },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;

    const upload = await addSubjects(
      apiEvent('POST', '/breaches/{id}/subjects', { id: breachId }, { subjects: people }),
      {},
    );
    expect(upload.statusCode).toBeLessThan(300);
    expect(JSON.parse(upload.body)).toMatchObject({ accepted: 3, rejected: [] });
    const log = JSON.stringify(await world.events(breachId));
    for (const p of people) expect(log).not.toContain(p.name);
  });

  it('records the decisions up to the report to the ICO, which is generated from the record', async () => {
    await world.waitForStep(breachId, 'contain');
    await world.decideByLink(breachId, 'contain', {
      decidedBy: person,
      contained: true,
      measures: 'The newsletter platform recalled the message; members were asked to delete it.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'decide');
    const { assessment } = await world.state(breachId);
    await world.decideByLink(breachId, 'decide', {
      decidedBy: person,
      conclusion: 'authority-and-subjects',
      rationale: 'Bank details of members reached every other member: a high risk of fraud for each of them.',
      ...(assessment?.conclusion === 'authority-and-subjects' ? {} : { departureReason: 'Bank details were exposed.' }),
    });
    await world.waitForStep(breachId, 'notify-authority');

    const report = await authorityReport(apiEvent('GET', '/breaches/{id}/authority-report', { id: breachId }), {});
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain(org.dpo);
    expect(report.body).toMatch(/financial|bank/i);
    expect(report.body).not.toMatch(/severity level/i);

    await world.decideByLink(breachId, 'notify-authority', {
      decidedBy: person,
      channel: 'ico-online-form',
      submittedAt: hoursAgo(0.1),
      reference: 'ICO/00099999',
    });
  });

  it('sends each person with an e-mail address one notice, once, when the decision says to tell them by e-mail', async () => {
    await world.waitForStep(breachId, 'notify-subjects');
    await world.decideByLink(breachId, 'notify-subjects', {
      decidedBy: person,
      method: 'email-and-letter',
      notifiedAt: hoursAgo(0),
      count: 3,
      // What the preview's "Send N notices" confirms: everyone on the list.
      confirmedSend: (await world.state(breachId)).subjects?.listed,
    });
    // The Case branch moves on only once the SendSubjectNotices loop reports nobody remaining.
    await world.waitForStep(breachId, 'evaluate');

    const mails = await world.ses.messages();
    for (const p of people.filter((x) => x.email)) {
      const theirs = mails.filter((m) => m.destination.to.includes(p.email as string));
      expect(theirs, p.email).toHaveLength(1);
      expect(theirs[0]?.body.text).toContain(org.dpo);
      // Personalised, and never another member's name.
      for (const other of people.filter((x) => x !== p)) expect(theirs[0]?.body.text).not.toContain(other.name);
    }
    const types = (await world.events(breachId)).map((e) => e.type);
    expect(types).toContain('subjects-added');
  });

  it("exports the breach table to the auditors' layout without anyone affected: no item, name or address of theirs", async () => {
    // The people and their SES message pointers are in the subjects table...
    const { Items: kept = [] } = await world.table.client.send(
      new ScanCommand({ TableName: world.table.subjectsTableName, ConsistentRead: true }),
    );
    const keys = kept.map((item) => String(item.PK));
    expect(keys.filter((pk) => pk.startsWith('BREACH#'))).toHaveLength(people.length);
    expect(keys.some((pk) => pk.startsWith('SESMSG#'))).toBe(true);

    // ...and `npm run export` (local/export.ts) writes the breach table, as the deployed export does.
    const outDir = mkdtempSync(join(tmpdir(), 'breachdesk-export-'));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        'local/export.ts',
        '--endpoint',
        world.table.endpoint,
        '--table',
        world.table.tableName,
        '--out',
        outDir,
      ]);
      const dataDir = join(stdout.trim(), 'data');
      const lines = readdirSync(dataDir)
        .map((file) => gunzipSync(readFileSync(join(dataDir, file))).toString('utf8'))
        .join('');

      expect(lines).toContain(breachId);
      expect(lines).toContain('subjects-added');
      const theirs = ['SUBJECT#', 'SESMSG#', ...people.flatMap((p) => [p.name, p.email, p.postalAddress])];
      expect(theirs.filter((text) => text !== undefined && lines.includes(text))).toEqual([]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
