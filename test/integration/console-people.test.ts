import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoConsoleDirectory } from '../../functions/adapters/console-directory';
import { OidcClient } from '../../functions/adapters/oidc-client';
import { DynamoOrganisationAdminStore } from '../../functions/adapters/organisation-admin-store';
import { makeHandler } from '../../functions/console/make-handler';
import { presetPolicy } from '../../functions/domain/presets';
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
import { type DecisionWorld, startDecisionWorld } from '../support/decision-world';
import { walkAuthorization } from '../support/oidc-browser';

/**
 * The console's people pages end to end but for the browser: real DynamoDB (dynalite), the real OIDC exchange with
 * the embedded provider. An administrator lists, adds, changes and deactivates users through the pages' forms; a DPO
 * marks themselves away; every change is in the organisation's change log with who made it.
 */

const CALLBACK = 'http://127.0.0.1:9/v1/console/callback';
const USERS = demoUsers([{ id: 'org-a' }, { id: 'org-b' }, { id: 'org-rcot' }]);

let world: DecisionWorld;
let idp: LocalOidcProvider;
let handler: ReturnType<typeof makeHandler>;
let directory: DynamoConsoleDirectory;
let changeLog: DynamoOrganisationAdminStore;

beforeAll(async () => {
  world = await startDecisionWorld();
  directory = new DynamoConsoleDirectory({ client: world.table.client, tableName: world.table.tableName });
  changeLog = new DynamoOrganisationAdminStore({ client: world.table.client, tableName: world.table.tableName });
  for (const user of USERS) await directory.putUser(user);
  for (const [id, preset] of [
    ['org-a', 'generic'],
    ['org-b', 'generic'],
    ['org-rcot', 'rcot'],
  ] as const) {
    await world.organisations.put({ id, name: `Organisation ${id}`, policy: presetPolicy(preset) });
  }
  idp = await startLocalOidcProvider({
    clientId: 'breachdesk-console',
    redirectUris: [CALLBACK],
    users: USERS,
    lookup: (email) => directory.userByEmail(email),
  });
  handler = makeHandler({
    ...world.takeDeps,
    provider: new OidcClient({ issuer: idp.issuer, clientId: 'breachdesk-console', redirectUri: CALLBACK }),
    sessions: directory,
    users: directory,
    people: { store: directory, changes: changeLog },
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
const signIn = (account: string | { email: string }, options: { returnTo?: string; cookies?: Cookies } = {}) =>
  signInThrough(call, account, CALLBACK, options);

const csrfOf = (page: string): string => /name="csrfToken" value="([^"]+)"/.exec(page)?.[1] ?? '';

const formOf = (page: string, fields: Record<string, string | string[]>): URLSearchParams => {
  const form = new URLSearchParams({ csrfToken: csrfOf(page) });
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
  }
  return form;
};

const pageAt = async (cookies: Cookies, at: string) => {
  const [path = '', search = ''] = at.split('?');
  const response = await call('GET', path, { cookies, query: Object.fromEntries(new URLSearchParams(search)) });
  expect(response.statusCode, at).toBe(200);
  return response.body;
};

describe('administering users in the console', () => {
  it('lists the organisation’s own users to its administrator, and refuses the page to anyone else', async () => {
    const { cookies } = await signIn('usr_org-a-administrator');
    const home = await call('GET', '/console/', { cookies });
    expect(location(home)).toBe('/v1/console/users');
    const list = await pageAt(cookies, '/console/users');
    expect(list).toContain('dpo@org-a.example.org');
    expect(list).not.toContain('org-b.example.org');

    const dpo = await signIn('usr_org-a-dpo');
    expect((await call('GET', '/console/users', { cookies: dpo.cookies })).statusCode).toBe(403);
    expect((await call('GET', '/console/users/new', { cookies: dpo.cookies })).statusCode).toBe(403);
  });

  it('offers each person in the bar only the pages their roles open', async () => {
    const links = (page: string) => [...page.matchAll(/<nav[^>]*aria-label="Console".*?<\/nav>/gs)].join('');
    const administrator = await signIn('usr_org-a-administrator');
    const adminBar = links(await pageAt(administrator.cookies, '/console/users'));
    expect(adminBar).toContain('>Users</a>');
    for (const page of ['/register', '/trends']) {
      expect(adminBar).not.toContain(`/v1/console${page}"`);
      expect((await call('GET', `/console${page}`, { cookies: administrator.cookies })).statusCode).toBe(403);
    }
    expect(adminBar).not.toContain('>Dashboard</a>');

    const dpo = await signIn('usr_org-a-dpo');
    const dpoBar = links(await pageAt(dpo.cookies, '/console/register'));
    expect(dpoBar).toContain('>Dashboard</a>');
    expect(dpoBar).toContain('href="/v1/console/trends"');
    expect(dpoBar).not.toContain('>Users</a>');
  });

  it('adds a user through the form and records who added them', async () => {
    const { cookies } = await signIn('usr_org-a-administrator');
    const form = await pageAt(cookies, '/console/users/new');
    const added = await call('POST', '/console/users/new', {
      cookies,
      form: formOf(form, {
        name: 'Gail Governor-Two',
        email: 'Gail.Two@org-a.example.org',
        roles: ['governors', 'board'],
      }),
    });
    expect(added.statusCode).toBe(303);
    expect(location(added)).toBe('/v1/console/users?done=added');
    const user = await directory.userByEmail('gail.two@org-a.example.org');
    expect(user).toMatchObject({ organisationId: 'org-a', roles: ['governors', 'board'] });
    expect(await pageAt(cookies, '/console/users?done=added')).toContain('The user was added');
    const changes = await changeLog.changes('org-a');
    expect(changes.find((c) => c.action === 'user-added')).toMatchObject({
      userId: user?.id,
      by: 'console:usr_org-a-administrator',
      byName: 'Ada Admin',
      roles: ['governors', 'board'],
    });
  });

  it('lets the person added sign in with their address and see what their roles allow', async () => {
    const { cookies } = await signIn('usr_org-a-administrator');
    const form = await pageAt(cookies, '/console/users/new');
    await call('POST', '/console/users/new', {
      cookies,
      form: formOf(form, { name: 'Sam Second', email: 'sam.second@org-a.example.org', roles: ['slt'] }),
    });
    const sam = await signIn({ email: 'Sam.Second@org-a.example.org' });
    const dashboard = await pageAt(sam.cookies, '/console/');
    expect(dashboard).toContain('Signed in as <strong>Sam Second</strong> (Senior leadership team)');
  });

  it('shows each problem on its field and writes nothing when the form is wrong', async () => {
    const { cookies } = await signIn('usr_org-a-administrator');
    const before = (await changeLog.changes('org-a')).length;
    const form = await pageAt(cookies, '/console/users/new');
    const refused = await call('POST', '/console/users/new', {
      cookies,
      form: formOf(form, { name: '', email: 'not an address' }),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain('Enter the person’s name');
    expect(refused.body).toContain('Enter an e-mail address in the correct format, like name@example.org');
    expect(refused.body).toContain('Select at least one role');
    expect((await changeLog.changes('org-a')).length).toBe(before);
  });

  it('refuses a form without the session’s anti-forgery token', async () => {
    const { cookies } = await signIn('usr_org-a-administrator');
    const forged = await call('POST', '/console/users/new', {
      cookies,
      form: new URLSearchParams({ name: 'Mallory', email: 'mallory@org-a.example.org', roles: 'administrator' }),
    });
    expect(forged.statusCode).toBe(403);
    expect(await directory.userByEmail('mallory@org-a.example.org')).toBeUndefined();
  });

  it('changes a reporter’s roles, which apply from their next page', async () => {
    const reporter = await signIn('usr_org-a-reporter');
    expect((await call('GET', '/console/', { cookies: reporter.cookies })).statusCode).toBe(403);
    const { cookies } = await signIn('usr_org-a-administrator');
    const form = await pageAt(cookies, '/console/users/usr_org-a-reporter/roles');
    expect(form).toMatch(/value="reporter" checked/);
    const changed = await call('POST', '/console/users/usr_org-a-reporter/roles', {
      cookies,
      form: formOf(form, { roles: ['reporter', 'slt'] }),
    });
    expect(location(changed)).toBe('/v1/console/users?done=roles');
    expect((await call('GET', '/console/', { cookies: reporter.cookies })).statusCode).toBe(200);
    // The test's clock stands still, so changes are found by what they are, not by their order.
    expect((await changeLog.changes('org-a')).find((c) => c.action === 'user-roles-changed')).toMatchObject({
      previousRoles: ['reporter'],
      roles: ['reporter', 'slt'],
    });
  });

  it('signs a deactivated user out at once and lets them sign in no more', async () => {
    const deputy = await signIn('usr_org-a-deputy-dpo');
    expect((await call('GET', '/console/', { cookies: deputy.cookies })).statusCode).toBe(200);
    const { cookies } = await signIn('usr_org-a-administrator');
    const confirm = await pageAt(cookies, '/console/users/usr_org-a-deputy-dpo/deactivate');
    const done = await call('POST', '/console/users/usr_org-a-deputy-dpo/deactivate', {
      cookies,
      form: formOf(confirm, {}),
    });
    expect(location(done)).toBe('/v1/console/users?done=deactivated');
    const after = await call('GET', '/console/', { cookies: deputy.cookies });
    expect(after.statusCode).toBe(303);
    expect(location(after)).toContain('/v1/console/sign-in');
    // Signing in again is refused: the directory no longer lets them in.
    const start = await call('GET', '/console/sign-in');
    const callback = new URL(await walkAuthorization(location(start), 'usr_org-a-deputy-dpo', CALLBACK));
    const refused = await call('GET', '/console/callback', {
      cookies: setCookies(start),
      query: Object.fromEntries(callback.searchParams),
    });
    expect(refused.statusCode).toBe(400);
    expect((await changeLog.changes('org-a')).find((c) => c.action === 'user-deactivated')).toMatchObject({
      userId: 'usr_org-a-deputy-dpo',
      by: 'console:usr_org-a-administrator',
    });
  });

  it('will not deactivate the last DPO or take the last administrator’s role', async () => {
    const { cookies } = await signIn('usr_org-a-administrator');
    const confirm = await pageAt(cookies, '/console/users/usr_org-a-dpo/deactivate');
    const refused = await call('POST', '/console/users/usr_org-a-dpo/deactivate', {
      cookies,
      form: formOf(confirm, {}),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('this would leave no active data protection officer');
    const roles = await pageAt(cookies, '/console/users/usr_org-a-administrator/roles');
    const demoted = await call('POST', '/console/users/usr_org-a-administrator/roles', {
      cookies,
      form: formOf(roles, { roles: ['auditor'] }),
    });
    expect(demoted.statusCode).toBe(409);
    expect((await directory.userByEmail('administrator@org-a.example.org'))?.roles).toEqual(['administrator']);
    expect((await directory.userByEmail('dpo@org-a.example.org'))?.deactivatedAt).toBeUndefined();
  });

  it('answers another organisation’s user as one that does not exist', async () => {
    const { cookies } = await signIn('usr_org-a-administrator');
    expect((await call('GET', '/console/users/usr_org-b-dpo/roles', { cookies })).statusCode).toBe(404);
    const confirm = await pageAt(cookies, '/console/users/usr_org-a-auditor/deactivate');
    const crossing = await call('POST', '/console/users/usr_org-b-dpo/deactivate', {
      cookies,
      form: formOf(confirm, {}),
    });
    expect(crossing.statusCode).toBe(404);
    expect((await directory.userByEmail('dpo@org-b.example.org'))?.deactivatedAt).toBeUndefined();
  });
});

describe('saying when one is away', () => {
  it('lets the DPO record an absence in their own time zone, and come back', async () => {
    const { cookies } = await signIn('usr_org-b-dpo');
    const form = await pageAt(cookies, '/console/away');
    const when = (prefix: string, day: string) => ({
      [`${prefix}.day`]: day,
      [`${prefix}.month`]: '7',
      [`${prefix}.year`]: '2030',
      [`${prefix}.hour`]: '9',
      [`${prefix}.minute`]: '0',
    });
    const backwards = await call('POST', '/console/away', {
      cookies,
      form: formOf(form, { ...when('from', '10'), ...when('until', '3') }),
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.body).toContain('The date you are back must be after the date you leave');

    const saved = await call('POST', '/console/away', {
      cookies,
      form: formOf(form, { ...when('from', '1'), ...when('until', '14') }),
    });
    expect(location(saved)).toBe('/v1/console/away?done=away');
    // Typed in the organisation's zone: Europe/London in July is UTC+1.
    expect((await directory.userByEmail('dpo@org-b.example.org'))?.away).toEqual({
      from: '2030-07-01T09:00:00+01:00',
      until: '2030-07-14T09:00:00+01:00',
    });
    const page = await pageAt(cookies, '/console/away?done=away');
    expect(page).toContain('You are marked away from');
    const back = await call('POST', '/console/away', { cookies, form: formOf(page, { back: 'yes' }) });
    expect(location(back)).toBe('/v1/console/away?done=back');
    expect((await directory.userByEmail('dpo@org-b.example.org'))?.away).toBeUndefined();
    expect((await changeLog.changes('org-b')).map((c) => c.action).sort()).toEqual(['user-away', 'user-back']);
  });

  it('has nothing to offer an auditor, who is never asked to decide', async () => {
    const { cookies } = await signIn('usr_org-b-auditor');
    expect((await call('GET', '/console/away', { cookies })).statusCode).toBe(403);
  });
});
