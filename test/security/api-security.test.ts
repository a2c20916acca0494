import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDecisionRequestRepository } from '../../functions/adapters/decision-request-repository';
import { generateApiKey, hashApiKey } from '../../functions/domain/api-keys';
import { openDecisionLink } from '../../functions/domain/open-decision-link';
import { type ApiRoute, type LocalApiGateway, startApiGateway } from '../../local/api-gateway';
import { apiMount } from '../../local/api-routes';
import { type LifecycleWorld, startLifecycleWorld } from '../e2e/support/lifecycle-world';
import { aReportInput } from '../support/reports';

/**
 * The API as an attacker meets it: every route of local/api-routes.ts (the deployed API's methods) through the local
 * API Gateway with its TOKEN authorizer, two tenants with real API keys, and the decision links.
 */

let world: LifecycleWorld;
let gateway: LocalApiGateway;
let routes: readonly ApiRoute[];
const keys = { a: generateApiKey(), b: generateApiKey() };
const orgs = { a: 'org-sec-a', b: 'org-sec-b' };
let breachA: string;
let breachB: string;

const call = (method: string, path: string, key?: string, body?: unknown) =>
  fetch(`${gateway.stageUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A concrete path for a route, on the given breach. */
const pathOf = (route: ApiRoute, breachId: string) =>
  route.resource
    .replace('{id}', breachId)
    .replace('{step}', 'contain')
    .replace('{secret}', 'x'.repeat(43))
    .replace('{proxy+}', 'main.css')
    .replace('{organisation}', orgs.a);

beforeAll(async () => {
  world = await startLifecycleWorld();
  gateway = await startApiGateway();
  gateway.mount(apiMount(world.runtime.http));
  routes = apiMount(world.runtime.http).routes;
  for (const side of ['a', 'b'] as const) {
    const org = await world.organisation('generic');
    // The world names its organisations itself; keep its id and give it a real key of the right shape.
    orgs[side] = org.id;
    await world.organisations.addApiKeyHash(org.id, hashApiKey(keys[side]));
  }
  const reportAs = async (key: string) => {
    const response = await call('POST', '/breaches', key, aReportInput({}, new Date()));
    expect(response.status).toBe(201);
    return ((await response.json()) as { breachId: string }).breachId;
  };
  breachA = await reportAs(keys.a);
  breachB = await reportAs(keys.b);
  await world.waitForStep(breachA, 'contain');
});

afterAll(async () => {
  await gateway?.close();
  await world?.close();
});

describe("every route's authorisation", () => {
  // The console checks its own sign-in session on every request; the API reference is public documentation.
  const PUBLIC = new Set([
    '/decisions/{secret}',
    '/assets/{proxy+}',
    '/report/{organisation}',
    '/openapi.json',
    '/console',
    '/console/{proxy+}',
    // The console's downloads, served by the functions that render them: each reads the console's session itself.
    '/console/breaches/{id}/authority-report',
    '/console/breaches/{id}/board-report',
    '/console/breaches/{id}/letters',
    '/console/breaches/{id}/public-notice',
    '/console/register.pdf',
  ]);

  it('exposes only the old decision links’ forwarder, the assets, the report form, the console and the API reference without a key', () => {
    const open = routes.filter((r) => !r.authorized).map((r) => r.resource);
    expect(open.length).toBeGreaterThan(0);
    for (const resource of open) expect(PUBLIC.has(resource), resource).toBe(true);
    for (const route of routes.filter((r) => PUBLIC.has(r.resource))) expect(route.authorized).toBe(false);
  });

  it('refuses every authorised route without a key, with a wrong key and with a malformed one (401)', async () => {
    const authorised = routes.filter((r) => r.authorized);
    expect(authorised.length).toBeGreaterThanOrEqual(4);
    for (const route of authorised) {
      const path = pathOf(route, breachA);
      for (const key of [undefined, generateApiKey(), 'not-a-key']) {
        const response = await call(route.method, path, key, route.method === 'POST' ? {} : undefined);
        expect(response.status, `${route.method} ${route.resource} with ${key ? 'a bad key' : 'no key'}`).toBe(401);
      }
    }
  });
});

describe('tenant isolation', () => {
  it("answers another organisation's breach exactly as a breach that does not exist: 404, never a success", async () => {
    const onABreach = routes.filter((r) => r.authorized && r.resource.includes('{id}'));
    expect(onABreach.length).toBeGreaterThanOrEqual(2);
    const succeeded: string[] = [];
    for (const route of onABreach) {
      const body =
        route.method === 'POST'
          ? {
              decidedBy: { name: 'Mallory', role: 'DPO' },
              contained: true,
              measures: 'x',
              containedAt: new Date().toISOString(),
            }
          : undefined;
      const theirs = await call(route.method, pathOf(route, breachA), keys.b, body);
      const nobodys = await call(route.method, pathOf(route, 'BR-0000-0000-0000-0000'), keys.b, body);
      const name = `${route.method} ${route.resource}`;
      if (theirs.status < 400) succeeded.push(name);
      // Indistinguishable from a breach that does not exist: nothing tells B that A's breach is there.
      expect(theirs.status, name).toBe(nobodys.status);
      // A route that validates its body first may refuse this one with 400 before looking the breach up; the
      // reads and the decisions API answer 404.
      if (route.method === 'GET' || route.resource.includes('/decisions/')) expect(theirs.status, name).toBe(404);
    }
    expect(succeeded).toEqual([]);
    // Nothing the other organisation sent was recorded on the breach.
    expect(await world.eventsOf(breachA, 'decision-taken')).toEqual([]);
  });

  it("never lists or registers another organisation's breach", async () => {
    for (const route of routes.filter((r) => r.authorized && r.method === 'GET' && !r.resource.includes('{'))) {
      const response = await call('GET', route.resource, keys.b);
      const text = await response.text();
      expect(text, route.resource).not.toContain(breachA);
      if (route.resource === '/breaches') expect(text).toContain(breachB);
    }
  });
});

describe('decision links', () => {
  const linkDeps = () => ({
    breaches: world.breaches,
    requests: new DynamoDecisionRequestRepository({ client: world.table.client, tableName: world.table.tableName }),
    now: () => new Date(),
  });
  /** The old address as a browser meets it, without following the redirect. */
  const oldLink = (method: 'GET' | 'POST', secret: string, body?: string) =>
    fetch(`${gateway.stageUrl}/decisions/${secret}`, {
      method,
      redirect: 'manual',
      ...(body ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body } : {}),
    });

  it('decide once: the second use of a link is refused and changes nothing', async () => {
    const secret = await world.linkFor(breachA, 'contain');
    const decision = {
      decidedBy: { name: 'Alex Privacy', role: 'DPO' },
      contained: true,
      measures: 'The recipient confirmed deletion.',
      containedAt: new Date(Date.now() - 60_000).toISOString(),
    };
    await world.decideByLink(breachA, 'contain', decision);
    await expect(world.decideByLink(breachA, 'contain', decision)).rejects.toThrow();
    const link = await openDecisionLink(linkDeps(), { secret, organisationId: orgs.a });
    expect(link.status).toBe('used');
    expect((await world.eventsOf(breachA, 'decision-taken')).filter((e) => e.data.step === 'contain')).toHaveLength(1);
  });

  it('expire: a link read after its expiry is spent', async () => {
    await world.waitForStep(breachB, 'contain');
    const secret = await world.linkFor(breachB, 'contain');
    const request = await linkDeps().requests.current(breachB, 'contain');
    if (!request) throw new Error('no request');
    const deps = { ...linkDeps(), now: () => new Date(Date.parse(request.expiresAt) + 1000) };
    expect((await openDecisionLink(deps, { secret, organisationId: orgs.b })).status).toBe('expired');
    expect((await openDecisionLink(linkDeps(), { secret, organisationId: orgs.b })).status).toBe('open');
  });

  it('send the old address to the console’s sign-in without looking the secret up, and record no typed name', async () => {
    const secret = await world.linkFor(breachB, 'contain');
    for (const candidate of [secret, 'A'.repeat(43)]) {
      const forwarded = await oldLink('GET', candidate);
      expect(forwarded.status).toBe(303);
      expect(forwarded.headers.get('location')).toBe(`/v1/console/decisions/${candidate}`);
    }
    const posted = await oldLink(
      'POST',
      secret,
      'contained=yes&measures=typed&decidedBy.name=Mallory&decidedBy.role=DPO',
    );
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/v1/console/decisions/${secret}`);
    // Following it without a session leads to sign-in, nowhere else.
    const signIn = await fetch(`${gateway.url}${posted.headers.get('location')}`, { redirect: 'manual' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toMatch(/^\/v1\/console\/sign-in\?returnTo=/);
    expect((await world.eventsOf(breachB, 'decision-taken')).filter((e) => e.data.step === 'contain')).toEqual([]);
  });
});

describe('hosted pages', () => {
  const pages = () =>
    routes
      .filter(
        (r) =>
          !r.authorized &&
          r.method === 'GET' &&
          r.resource !== '/assets/{proxy+}' &&
          r.resource !== '/openapi.json' &&
          // It serves no page: a redirect to the console (see 'decision links').
          r.resource !== '/decisions/{secret}' &&
          r.resource !== '/console/{proxy+}',
      )
      .map((r) => r.resource);

  it('send a strict CSP and the security headers on every page, found or not', async () => {
    const paths = pages().flatMap((resource) => [
      resource.replace('{organisation}', orgs.a),
      resource.replace('{organisation}', 'no-such-org'),
    ]);
    expect(paths.length).toBeGreaterThanOrEqual(2);
    for (const path of paths) {
      const response = await call('GET', path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("form-action 'self'");
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('cache-control'), path).toContain('no-store');
    }
  });

  it('refuse a form post without its anti-forgery token', async () => {
    const targets = pages().map((resource) => resource.replace('{organisation}', orgs.a));
    for (const path of targets) {
      const response = await fetch(`${gateway.stageUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: 'contained=yes&measures=forged&decidedByName=Mallory&decidedByRole=DPO',
      });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
    expect((await world.eventsOf(breachB, 'decision-taken')).filter((e) => e.data.step === 'contain')).toEqual([]);
    const reports = await world.breaches.list(orgs.a);
    expect(reports.items).toHaveLength(1);
  });
});
