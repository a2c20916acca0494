import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationIdFrom, updatedPolicy } from '../../functions/domain/administer-organisations';
import { PRESETS } from '../../functions/domain/presets';
import { DECISION_EXAMPLES } from '../../functions/openapi/operations';
import { type LocalMode, startLocalMode } from '../../local/local-mode';

/**
 * The README's curl examples, run as written by bash and curl against local mode, with `$API` and `$BREACHDESK_KEY`
 * set as the README says (here the RCOT demo organisation's key, the strictest decide step). Each must answer one of
 * the statuses its own comment gives; the report must be 201 with the Location the README shows, and the decision a
 * 200. The example breach id is replaced by the breach the report example created.
 */

const run = promisify(execFile);
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const EXAMPLE_ID = 'BR-7K3M-9QXD-2F8A-1C4E';

interface Example {
  readonly script: string;
  /** The statuses its comment lines name; 200 when it names none. */
  readonly statuses: readonly number[];
  /** The error paths its comment lines show (`"path":"awareAt"`): the answer must name each. */
  readonly errorPaths: readonly string[];
}

const examples: Example[] = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
  .map((match) => match[1] ?? '')
  .filter((script) => /^\s*curl /m.test(script) && script.includes('$API'))
  .map((script) => {
    const comments = script.split('\n').filter((line) => line.trimStart().startsWith('#'));
    const statuses = comments.flatMap((line) =>
      [...line.matchAll(/(?:^\s*#\s*|\s{2,}|;\s*)([1-5]\d\d)\b/g)].map((m) => Number(m[1])),
    );
    const errorPaths = comments.flatMap((line) => [...line.matchAll(/"path":"([^"]+)"/g)].map((m) => m[1] ?? ''));
    return { script, statuses: statuses.length > 0 ? statuses : [200], errorPaths };
  });

let dir: string;
let local: LocalMode;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'breachdesk-readme-'));
  local = await startLocalMode({
    dataDir: join(dir, 'data'),
    infoPath: join(dir, 'local.json'),
    port: 0,
    inboxPort: 0,
    reconcileEveryMs: 3_600_000,
  });
});

afterAll(async () => {
  await local?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One example through bash; curl is wrapped to print the status and keep the headers and body, nothing else changes. */
async function runExample(script: string, breachId: string | undefined) {
  const headers = join(dir, 'headers.txt');
  const body = join(dir, 'body.txt');
  const wrapped = [
    `curl() { command curl -D '${headers}' -o '${body}' -w '%{http_code}' "$@"; }`,
    breachId ? script.replaceAll(EXAMPLE_ID, breachId) : script,
  ].join('\n');
  const rcot = local.info.organisations.find((organisation) => organisation.preset === 'rcot');
  const { stdout } = await run('bash', ['-c', wrapped], {
    env: { ...process.env, API: local.info.apiUrl, BREACHDESK_KEY: rcot?.apiKey ?? '' },
  });
  return { status: Number(stdout.trim()), headers: readFileSync(headers, 'utf8'), body: readFileSync(body, 'utf8') };
}

const api = (path: string, init: RequestInit = {}) => {
  const rcot = local.info.organisations.find((organisation) => organisation.preset === 'rcot');
  return fetch(`${local.info.apiUrl}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${rcot?.apiKey}`, 'Content-Type': 'application/json' },
  });
};

/** Repeats `attempt` while the breach is not yet waiting for the step (409), as the workflow moves on. */
async function whenWaiting<T extends { status: number }>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    const result = await attempt();
    if (result.status !== 409 || tries > 100) return result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the README's curl examples", () => {
  it('finds them all', () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
  });

  it('run as written against local mode, each answering what its comment says', async () => {
    let breachId: string | undefined;
    for (const example of examples) {
      let result: { status: number; headers: string; body: string };
      if (example.script.includes('/decisions/decide')) {
        // The decision example needs a breach that waits for it: contained, then assessed.
        const contained = await whenWaiting(() =>
          api(`/breaches/${breachId}/decisions/contain`, {
            method: 'POST',
            body: JSON.stringify(DECISION_EXAMPLES.contain.example.value),
          }),
        );
        expect(contained.status).toBe(200);
        result = await whenWaiting(() => runExample(example.script, breachId));
        expect(result.status, example.script).toBe(200);
      } else {
        result = await runExample(example.script, breachId);
      }
      expect(example.statuses, `${result.status} for:\n${example.script}`).toContain(result.status);
      if (example.errorPaths.length > 0) {
        const answered = (JSON.parse(result.body) as { errors?: { path: string }[] }).errors ?? [];
        expect(answered.map((error) => error.path)).toEqual(expect.arrayContaining([...example.errorPaths]));
      }
      if (example.script.includes('Idempotency-Key: 2026-11-23-laptop-1')) {
        expect(result.status).toBe(201);
        const location = /^location: (\S+)/im.exec(result.headers)?.[1];
        expect(location).toMatch(/^\/v1\/breaches\/BR-[A-Z0-9-]+$/);
        breachId = location?.split('/').at(-1);
      }
    }
    expect(breachId).toBeDefined();
  });

  it('include the API reference, served without a key', async () => {
    const response = await fetch(`${local.info.apiUrl}/openapi.json`);
    const document = (await response.json()) as { openapi: string; servers: { url: string }[] };

    expect(response.status).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: '/v1' }]);
    expect(README).toContain('curl -sS "$API/openapi.json"');
  });

  it('give a policy file the policy schema accepts, and the organisation id the runbook names', () => {
    const file = /```json\n([\s\S]*?)```/.exec(README.slice(README.indexOf('## Administration')))?.[1] ?? '';
    const policy = updatedPolicy(PRESETS.school, JSON.parse(file));

    expect(policy.escalation.map((contact) => contact.email)).toEqual([
      'head@your-school.org.uk',
      'chair@your-school.org.uk',
    ]);
    expect(README).toContain('--org st-clares-rc-primary-school');
    expect(organisationIdFrom("St Clare's RC Primary School")).toBe('st-clares-rc-primary-school');
  });
});
