import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeExecutionCommand, SendTaskHeartbeatCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDecisionRequestRepository } from '../../functions/adapters/decision-request-repository';
import { createDocumentClient } from '../../functions/adapters/dynamodb-client';
import type { BreachEvent } from '../../functions/domain/events';
import type { LocalInfo } from '../../local/local-mode';
import type { StoredEmail } from '../../local/ses';
import { CookieJar, walkAuthorization } from '../support/oidc-browser';
import { aReportInput } from '../support/reports';

/**
 * `npm start` as a person runs it, killed with kill -9 in the middle of a breach and started again on the same data
 * folder: the breach resumes where it stood, its decision link still works (through the sign-in at the embedded
 * provider, as a person follows it from the inbox), and nothing is lost or sent twice.
 * Start-up is timed from spawn to local.json written, and printed (not asserted: machines differ).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const HOUR_MS = 3_600_000;
const READY_TIMEOUT_MS = 45_000;

interface Running {
  child: ChildProcess;
  info: LocalInfo;
  readyMs: number;
  output: () => string;
}

let port: number;
let dataRoot: string;
let dataDir: string;
const spawned: ChildProcess[] = [];
const serverPids = new Set<number>();

beforeAll(async () => {
  port = await freePort();
  dataRoot = mkdtempSync(join(tmpdir(), 'breachdesk-restart-'));
  dataDir = join(dataRoot, 'data');
});

afterAll(() => {
  // Whatever happened above, no server outlives the test: the app process itself, then tsx around it.
  for (const pid of serverPids) killQuietly(pid);
  for (const child of spawned) if (child.pid !== undefined) killQuietly(child.pid);
  rmSync(dataRoot, { recursive: true, force: true });
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * A port that was free a moment ago. Both runs use it, as `npm start` uses 3000 every time: the links mailed before
 * the kill name it.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns `tsx local/start.ts` and waits for the local.json that names its process. */
async function start(port: number, previousPid?: number): Promise<Running> {
  const started = performance.now();
  const child = spawn(TSX, ['local/start.ts', '--port', String(port), '--data', dataDir], {
    cwd: ROOT,
    // tsx runs on whichever `node` is first on the PATH: make it the one running the tests (Node 24).
    env: { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const infoPath = join(dataDir, 'local.json');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`local mode exited before it was ready:\n${output}`);
    try {
      const info = JSON.parse(readFileSync(infoPath, 'utf8')) as LocalInfo;
      if (info.pid !== previousPid) {
        serverPids.add(info.pid);
        return { child, info, readyMs: performance.now() - started, output: () => output };
      }
    } catch {
      // Not written yet.
    }
    if (Date.now() > deadline) throw new Error(`local mode was not ready in ${READY_TIMEOUT_MS} ms:\n${output}`);
    await sleep(50);
  }
}

async function killHard(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  process.kill(running.info.pid, 'SIGKILL');
  // tsx ends when the process it runs dies; if it lingers, it goes too.
  await Promise.race([exited, sleep(5_000).then(() => killQuietly(running.child.pid ?? -1))]);
}

let first: Running;
let second: Running;
let apiKey: string;
let breachId: string;
let decideLink: string;
let decideTokenBefore: string;
let eventsBefore: BreachEvent[];

const schoolKey = (info: LocalInfo): string => {
  const school = info.organisations.find((organisation) => organisation.preset === 'school');
  if (!school) throw new Error('no demo school in local.json');
  return school.apiKey;
};

async function mails(info: LocalInfo): Promise<StoredEmail[]> {
  const response = await fetch(`${info.endpoints.ses}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
}

/** The decision link of the newest mail about the breach whose subject matches. */
async function linkIn(info: LocalInfo, subject: RegExp): Promise<string | undefined> {
  const link = new RegExp(`${info.apiUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/console/decisions/[A-Za-z0-9_-]+`);
  for (const mail of (await mails(info)).reverse()) {
    if (!mail.subject.includes(breachId) || !subject.test(mail.subject)) continue;
    const found = link.exec(mail.body.text ?? '')?.[0];
    if (found) return found;
  }
  return undefined;
}

async function breach(info: LocalInfo): Promise<{ state: Record<string, unknown>; events: BreachEvent[] }> {
  const response = await fetch(`${info.apiUrl}/breaches/${breachId}`, {
    headers: { Authorization: `Bearer ${apiKey}` },
  });
  if (response.status !== 200) throw new Error(`GET breach answered ${response.status}`);
  return (await response.json()) as { state: Record<string, unknown>; events: BreachEvent[] };
}

/**
 * Takes a decision as the demo school's DPO following the link from the inbox in a browser: the link sends them to
 * sign in at the embedded provider, back to the link, on to the step's form; the form is posted with its token.
 * Returns the answer to that post.
 */
async function decideSignedIn(info: LocalInfo, link: string, fields: Record<string, string>): Promise<Response> {
  const jar = new CookieJar();
  const go = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(init.headers as Record<string, string> | undefined) },
    });
    jar.store(response);
    return response;
  };
  const next = (response: Response, from: string) => new URL(response.headers.get('location') ?? '', from).toString();

  const opened = await go(link);
  expect(opened.status).toBe(303);
  const signInUrl = next(opened, link);
  expect(signInUrl).toContain('/console/sign-in?returnTo=');
  const signIn = await go(signInUrl);
  const callback = await walkAuthorization(
    signIn.headers.get('location') ?? '',
    'usr_demo-school-dpo',
    `${info.apiUrl}/console/callback`,
  );
  const back = await go(callback);
  expect(next(back, callback)).toBe(link);
  const toStep = await go(link);
  expect(toStep.status).toBe(303);
  const stepUrl = next(toStep, link);
  expect(stepUrl).toMatch(/\/console\/breaches\/BR-[^/]+\/decisions\/[a-z-]+$/);
  const form = await (await go(stepUrl)).text();
  const csrfToken = /<main[\s\S]*name="csrfToken" value="([^"]+)"/.exec(form)?.[1];
  if (!csrfToken) throw new Error('no form on the step page');
  return go(stepUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, ...fields }),
  });
}

const decisionRequests = (info: LocalInfo) =>
  new DynamoDecisionRequestRepository({
    client: createDocumentClient({
      endpoint: info.endpoints.dynamodb,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    tableName: info.tableName,
  });

const sfnOf = (info: LocalInfo) =>
  new SFNClient({
    endpoint: info.endpoints.stepFunctions,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

/**
 * The breach's log once every mail about it is sent and recorded, and nothing more is on its way: each decision
 * request is marked mailed (after its link mail and its notice), the inbox and the log agree, and both stay as they are
 * for a second. A mail sent twice keeps the inbox ahead for good, and this then times out.
 *
 * Agreement alone is not quiescence: a request's notice, or a deadline alert, may be accepted by SES a moment after the
 * counts matched, and a kill then (between SES and its `mail-sent`) rightly sends it again after the restart.
 */
const eventsOnceMailRecorded = async (info: LocalInfo): Promise<BreachEvent[]> => {
  let previous: { events: number; inbox: number } | undefined;
  return eventually('the inbox and the log to agree and settle', async () => {
    for (const step of ['contain', 'decide'] as const) {
      const request = await decisionRequests(info).current(breachId, step);
      if (request !== undefined && !request.mailed) return undefined;
    }
    const { events } = await breach(info);
    const recorded = events.filter((event) => event.type === 'mail-sent').length;
    const inbox = (await mails(info)).filter((mail) => mail.subject.includes(breachId)).length;
    const now = { events: events.length, inbox };
    const settled = recorded === inbox && previous?.events === now.events && previous.inbox === now.inbox;
    previous = recorded === inbox ? now : undefined;
    if (!settled) {
      await sleep(1_000);
      return undefined;
    }
    return events;
  });
};

const alertKeys = (events: BreachEvent[]): string[] =>
  events
    .filter((event) => event.type === 'deadline-warned' || event.type === 'deadline-missed')
    .map((event) => {
      const data = event.data as { clockId: string; hoursBefore?: number };
      return `${event.type}:${data.clockId}:${data.hoursBefore ?? ''}`;
    });

describe('local mode survives kill -9', () => {
  it('starts on an empty data folder and writes local.json when ready', async () => {
    first = await start(port);
    console.log(`local mode start-up (cold data folder): ${Math.round(first.readyMs)} ms from spawn to local.json`);

    expect(first.info.apiUrl).toBe(`http://127.0.0.1:${port}/v1`);
    expect(first.info.organisations.map((o) => o.id)).toContain('demo-school');
    await eventually('the start-up banner', async () => (first.output().includes('Resumed') ? true : undefined));
    expect(first.output()).toContain('Resumed 0 open breaches');
    apiKey = schoolKey(first.info);
  });

  it('takes a report over HTTP and the contain decision through the link in the inbox and the sign-in', async () => {
    // Aware 30 hours ago: the 24-hour clock's deadline and some warnings are already past and fire at once.
    const response = await fetch(`${first.info.apiUrl}/breaches`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${apiKey}`,
        'Idempotency-Key': crypto.randomUUID(),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(aReportInput({}, new Date(Date.now() - 28 * HOUR_MS))),
    });
    expect(response.status).toBe(201);
    breachId = ((await response.json()) as { breachId: string }).breachId;

    const containLink = await eventually('the containment mail', () => linkIn(first.info, /containment/i));
    const contained = await decideSignedIn(first.info, containLink, {
      contained: 'yes',
      measures: 'The recipient confirmed by phone that the e-mail was deleted unread.',
    });
    expect(contained.status).toBe(303);

    decideLink = await eventually('the decision mail', () => linkIn(first.info, /notification decision/i));
    const request = await eventually('the decide request', () =>
      decisionRequests(first.info).current(breachId, 'decide'),
    );
    decideTokenBefore = request.taskToken;
    // The past marks have been alerted before the kill (the clock branch fires them at once).
    await eventually('the missed 24-hour deadline', async () =>
      alertKeys((await breach(first.info)).events).some((key) => key.startsWith('deadline-missed')) ? true : undefined,
    );
    // Kill only once every mail in the inbox is recorded: a mail is at-least-once by design (sendMailOnce), so a kill
    // between SES accepting a mail and its `mail-sent` event may rightly send it again after the restart.
    eventsBefore = await eventsOnceMailRecorded(first.info);
  });

  it('resumes the open breach after kill -9: its execution runs again and waits at decide', async () => {
    await killHard(first);
    second = await start(port, first.info.pid);
    console.log(
      `local mode start-up (restart, 1 open breach): ${Math.round(second.readyMs)} ms from spawn to local.json`,
    );
    // local.json marks readiness; the start-up banner reaches the pipe a moment later.
    await eventually('the start-up banner', async () => (second.output().includes('Resumed') ? true : undefined));
    expect(second.output()).toContain('Resumed 1 open breach.');
    // The replayed clock waits on marks already past: Node's warning for each is filtered out.
    expect(second.output()).not.toContain('TimeoutNegativeWarning');

    // request-decision moved the unused link to the new execution's task token, and that task is waiting.
    const sfn = sfnOf(second.info);
    try {
      const token = await eventually('the decide task of the new execution', async () => {
        const current = await decisionRequests(second.info).current(breachId, 'decide');
        return current && current.taskToken !== decideTokenBefore ? current.taskToken : undefined;
      });
      await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).resolves.toBeDefined();
      const executionArn = `${second.info.stateMachineArn.replace(':stateMachine:', ':execution:')}:${breachId}`;
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(status).toBe('RUNNING');
    } finally {
      sfn.destroy();
    }
  });

  it('loses no event: the log before the kill is a prefix of the log after', async () => {
    const after = (await breach(second.info)).events;

    expect(after.slice(0, eventsBefore.length)).toEqual(eventsBefore);
  });

  it('accepts the decide link mailed before the kill, through sign-in, and the breach moves on', async () => {
    const { state } = await breach(second.info);
    const conclusion = (state.assessment as { conclusion: string }).conclusion;

    const decided = await decideSignedIn(second.info, decideLink, {
      conclusion,
      rationale: 'Following the recommendation: the facts recorded support it and nothing was left out.',
      ...(conclusion === 'no-notification'
        ? { evidence: 'The recipient confirmed in writing that the e-mail was deleted unread.' }
        : {}),
    });

    expect(decided.status).toBe(303);
    const taken = (await breach(second.info)).events.filter((e) => e.type === 'decision-taken');
    expect(taken.map((e) => e.actor)).toEqual(
      ['contain', 'decide'].map(() => expect.objectContaining({ kind: 'person', userId: 'usr_demo-school-dpo' })),
    );
    await eventually('the next step to be requested', async () => {
      const requested = (await breach(second.info)).events.filter((e) => e.type === 'decision-requested');
      return requested.some((e) => !['contain', 'decide'].includes((e.data as { step: string }).step)) || undefined;
    });
  });

  it('sent no mail twice and alerted each past mark once, across both runs', async () => {
    const events = await eventsOnceMailRecorded(second.info);
    const purposes = events
      .filter((event) => event.type === 'mail-sent')
      .map((event) => (event.data as { purpose: string }).purpose);
    const alerts = alertKeys(events);

    expect(new Set(purposes).size).toBe(purposes.length);
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts).size).toBe(alerts.length);
    expect(alerts).toEqual(alertKeys(eventsBefore));
    // The inbox (kept in the data folder) holds each mail once: the restart sent none of them again.
    const subjects = (await mails(second.info)).filter((mail) => mail.subject.includes(breachId));
    expect(subjects).toHaveLength(purposes.length);
  });
});
