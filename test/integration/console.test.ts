import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoConsoleDirectory } from '../../functions/adapters/console-directory';
import { OidcClient } from '../../functions/adapters/oidc-client';
import { makeHandler } from '../../functions/console/make-handler';
import { presetPolicy } from '../../functions/domain/presets';
import { requestDecision } from '../../functions/domain/request-decision';
import { demoUsers } from '../../local/demo-users';
import { type LocalOidcProvider, startLocalOidcProvider } from '../../local/oidc-provider';
import {
  type ConsoleRequest,
  type Cookies,
  callConsole,
  location,
  setCookies,
  signInThrough,
} from '../support/console-requests';
import {
  aBreachIn,
  type BreachOptions,
  type DecisionWorld,
  scanAll,
  startDecisionWorld,
} from '../support/decision-world';
import { walkAuthorization } from '../support/oidc-browser';

/**
 * The console handler end to end but for the browser: real DynamoDB (dynalite), the real OIDC exchange with the
 * embedded provider (every token verified with jose), Step Functions mocked. Each test signs people in as the
 * browser would and then uses only what a browser holds: its cookies and the pages' forms.
 */

const CALLBACK = 'http://127.0.0.1:9/v1/console/callback';
const USERS = demoUsers([{ id: 'org-a' }, { id: 'org-b' }, { id: 'org-rcot' }]);

let world: DecisionWorld;
let idp: LocalOidcProvider;
let handler: ReturnType<typeof makeHandler>;

beforeAll(async () => {
  world = await startDecisionWorld();
  const directory = new DynamoConsoleDirectory({ client: world.table.client, tableName: world.table.tableName });
  for (const user of USERS) await directory.putUser(user);
  for (const [id, preset] of [
    ['org-a', 'generic'],
    ['org-b', 'generic'],
    ['org-rcot', 'rcot'],
  ] as const) {
    await world.organisations.put({ id, name: `Organisation ${id}`, policy: presetPolicy(preset) });
  }
  idp = await startLocalOidcProvider({ clientId: 'breachdesk-console', redirectUris: [CALLBACK], users: USERS });
  handler = makeHandler({
    ...world.takeDeps,
    provider: new OidcClient({ issuer: idp.issuer, clientId: 'breachdesk-console', redirectUri: CALLBACK }),
    sessions: directory,
    users: directory,
    logger: { ...world.takeDeps.logger, error: () => {} },
  });
});

beforeEach(() => {
  world.sfn.reset();
  world.sfn.on(SendTaskSuccessCommand).resolves({});
});

afterAll(async () => {
  await idp?.close();
  await world?.close();
});

const call = (method: string, path: string, options: ConsoleRequest = {}) =>
  callConsole(handler, method, path, options);

/** Signs a person in as a browser would; returns the browser's cookies and where it was sent back to. */
const signIn = (account: string, options: { returnTo?: string; cookies?: Cookies } = {}) =>
  signInThrough(call, account, CALLBACK, options);

const csrfOf = (page: string): string => /name="csrfToken" value="([^"]+)"/.exec(page)?.[1] ?? '';

const awaiting = async (step: 'contain' | 'decide', options: BreachOptions) => {
  const breach = await aBreachIn(world, { assessed: step === 'decide', ...options });
  await requestDecision(world.requestDeps, { breachId: breach.breachId, step, taskToken: `token-${breach.breachId}` });
  world.sfn.resetHistory();
  return breach;
};

describe('signing in to the console', () => {
  it('sends a visitor without a session to sign in, and back to where they were going', async () => {
    const response = await call('GET', '/console/breaches/BR-AAAA-BBBB', {});
    expect(response.statusCode).toBe(303);
    expect(location(response)).toBe(
      `/v1/console/sign-in?returnTo=${encodeURIComponent('/v1/console/breaches/BR-AAAA-BBBB')}`,
    );

    const { returnedTo } = await signIn('usr_org-a-dpo', { returnTo: '/v1/console/breaches/BR-AAAA-BBBB' });
    expect(returnedTo).toBe('/v1/console/breaches/BR-AAAA-BBBB');
  });

  it('sets the session cookie HttpOnly, Secure, SameSite=Lax, host-only', async () => {
    const start = await call('GET', '/console/sign-in');
    const callback = new URL(await walkAuthorization(location(start), 'usr_org-a-auditor', CALLBACK));
    const done = await call('GET', '/console/callback', {
      cookies: setCookies(start),
      query: Object.fromEntries(callback.searchParams),
    });
    const line = ((done.multiValueHeaders?.['set-cookie'] ?? []) as string[]).find((l) =>
      l.startsWith('__Host-bd_session='),
    );
    expect(line).toMatch(/; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
  });

  it('never returns outside the console (open redirect)', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/v1/console/../../evil']) {
      expect((await signIn('usr_org-a-dpo', { returnTo })).returnedTo).toBe('/v1/console/');
    }
  });

  it('replaces a session planted before sign-in (session fixation)', async () => {
    const planted = await signIn('usr_org-a-auditor');
    const { cookies } = await signIn('usr_org-a-dpo', { cookies: planted.cookies });

    expect(cookies['__Host-bd_session']).not.toBe(planted.cookies['__Host-bd_session']);
    expect((await call('GET', '/console/', { cookies: planted.cookies })).statusCode).toBe(303);
    expect((await call('GET', '/console/', { cookies })).statusCode).toBe(200);
  });

  it('refuses a callback without the browser that started it', async () => {
    const start = await call('GET', '/console/sign-in');
    const callback = new URL(await walkAuthorization(location(start), 'usr_org-a-dpo', CALLBACK));
    const done = await call('GET', '/console/callback', { query: Object.fromEntries(callback.searchParams) });
    expect(done.statusCode).toBe(400);
    expect(done.body).toContain('You could not be signed in');
  });

  it('revokes the session on sign-out, and refuses a sign-out without the form’s token (CSRF)', async () => {
    const { cookies } = await signIn('usr_org-a-dpo');
    const dashboard = await call('GET', '/console/', { cookies });

    const forged = await call('POST', '/console/sign-out', { cookies, form: new URLSearchParams({ csrfToken: 'x' }) });
    expect(forged.statusCode).toBe(403);
    expect((await call('GET', '/console/', { cookies })).statusCode).toBe(200);

    const out = await call('POST', '/console/sign-out', {
      cookies,
      form: new URLSearchParams({ csrfToken: csrfOf(dashboard.body) }),
    });
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('You have signed out');
    // The same cookie, replayed, opens nothing: the session is gone server-side.
    expect((await call('GET', '/console/', { cookies })).statusCode).toBe(303);
  });
});

describe('what each role sees and does', () => {
  it('shows the DPO their organisation’s open breaches, and answers another organisation’s as not found', async () => {
    const own = await awaiting('contain', { organisationId: 'org-a' });
    const other = await awaiting('contain', { organisationId: 'org-b' });
    const { cookies } = await signIn('usr_org-a-dpo');

    const dashboard = await call('GET', '/console/', { cookies });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain(own.breachId);
    expect(dashboard.body).not.toContain(other.breachId);

    expect((await call('GET', `/console/breaches/${own.breachId}`, { cookies })).statusCode).toBe(200);
    const foreign = await call('GET', `/console/breaches/${other.breachId}`, { cookies });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain(other.breachId);
  });

  it('lets a reporter report, not open cases or decide', async () => {
    const { breachId } = await awaiting('contain', { organisationId: 'org-a' });
    const { cookies } = await signIn('usr_org-a-reporter');
    expect((await call('GET', '/console/', { cookies })).statusCode).toBe(403);
    const before = await scanAll(world);
    const post = await call('POST', `/console/breaches/${breachId}/decisions/contain`, {
      cookies,
      form: new URLSearchParams({ contained: 'yes', measures: 'Recalled' }),
    });
    expect(post.statusCode).toBe(403);
    expect((await scanAll(world)).length).toBe(before.length);
  });

  it('lets an auditor read a case but write nothing', async () => {
    const { breachId } = await awaiting('contain', { organisationId: 'org-a' });
    const { cookies } = await signIn('usr_org-a-auditor');
    const casePage = await call('GET', `/console/breaches/${breachId}`, { cookies });
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).not.toContain(`/decisions/contain"`);

    const before = await scanAll(world);
    const post = await call('POST', `/console/breaches/${breachId}/decisions/contain`, {
      cookies,
      form: new URLSearchParams({ csrfToken: csrfOf(casePage.body), contained: 'yes', measures: 'Recalled' }),
    });
    expect(post.statusCode).toBe(403);
    expect(await scanAll(world)).toEqual(before);
    expect(world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);
  });

  it('records the DPO’s containment as the signed-in DPO', async () => {
    const { breachId } = await awaiting('contain', { organisationId: 'org-a' });
    const { cookies } = await signIn('usr_org-a-dpo');
    const form = await call('GET', `/console/breaches/${breachId}/decisions/contain`, { cookies });
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name="decidedBy.name"');

    const post = await call('POST', `/console/breaches/${breachId}/decisions/contain`, {
      cookies,
      form: new URLSearchParams({ csrfToken: csrfOf(form.body), contained: 'yes', measures: 'Recalled the e-mail.' }),
    });
    expect(post.statusCode).toBe(303);
    const taken = (await world.breaches.events(breachId)).find((e) => e.type === 'decision-taken');
    expect(taken?.actor).toMatchObject({ kind: 'person', name: 'Dana Protection', userId: 'usr_org-a-dpo' });
  });

  it('refuses RCOT’s sign-off to the DPO and takes it from senior management', async () => {
    const { breachId } = await awaiting('decide', { organisationId: 'org-rcot', preset: 'rcot' });
    const decision = {
      conclusion: 'authority-only',
      rationale: 'Health data of thirty people reached a trusted recipient who deleted it.',
      departureReason: 'The recipient confirmed deletion in writing.',
    };

    const dpo = await signIn('usr_org-rcot-dpo');
    const dpoCase = await call('GET', `/console/breaches/${breachId}`, { cookies: dpo.cookies });
    const refused = await call('POST', `/console/breaches/${breachId}/decisions/decide`, {
      cookies: dpo.cookies,
      form: new URLSearchParams({ csrfToken: csrfOf(dpoCase.body), ...decision }),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('signed off by senior management');

    const senior = await signIn('usr_org-rcot-senior-management');
    const form = await call('GET', `/console/breaches/${breachId}/decisions/decide`, { cookies: senior.cookies });
    const taken = await call('POST', `/console/breaches/${breachId}/decisions/decide`, {
      cookies: senior.cookies,
      form: new URLSearchParams({ csrfToken: csrfOf(form.body), ...decision }),
    });
    expect(taken.statusCode).toBe(303);
    const event = (await world.breaches.events(breachId)).find((e) => e.type === 'decision-taken');
    expect(event?.actor).toMatchObject({
      name: 'Morgan Senior',
      role: 'Senior management',
      userId: 'usr_org-rcot-senior-management',
    });
  });
});

describe('the case page’s look back', () => {
  it('lists the organisation’s earlier breaches like this one and links the case’s documents', async () => {
    const earlier = await aBreachIn(world, { organisationId: 'org-a', report: { awareAt: '2025-01-02T09:00:00Z' } });
    const elsewhere = await aBreachIn(world, { organisationId: 'org-b', report: { awareAt: '2025-01-01T09:00:00Z' } });
    const current = await aBreachIn(world, { organisationId: 'org-a', report: { awareAt: '2025-03-03T09:00:00Z' } });
    const { cookies } = await signIn('usr_org-a-dpo');

    const page = await call('GET', `/console/breaches/${current.breachId}`, { cookies });
    expect(page.statusCode).toBe(200);
    const similar = /<ul[^>]*id="similar-incidents">([\s\S]*?)<\/ul>/.exec(page.body)?.[1] ?? '';
    expect(similar).toContain(earlier.breachId);
    expect(similar).toMatch(/shares cause: [a-z]/);
    expect(similar).not.toContain(elsewhere.breachId);
    expect(page.body).toContain(`href="/v1/console/breaches/${current.breachId}/board-report"`);

    // The documents are downloads served by the functions that render them (console-documents.test.ts).
    const documents = /<ul[^>]*id="case-documents">([\s\S]*?)<\/ul>/.exec(page.body)?.[1] ?? '';
    expect(documents).toContain(
      `/v1/console/breaches/${current.breachId}/authority-report?phase=initial&amp;format=pdf`,
    );
  });
});
