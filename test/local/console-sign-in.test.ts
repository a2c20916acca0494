import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalMode, startLocalMode } from '../../local/local-mode';
import { CookieJar, walkAuthorization } from '../support/oidc-browser';

/**
 * `npm start` serves the console and signs people in through its embedded OpenID Connect provider: the whole chain
 * over real HTTP — the console's redirect, the provider's login page listing the demo people, the callback, the
 * session cookie — and the dashboard it opens.
 */

let root: string;
let mode: LocalMode;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'breachdesk-console-'));
  mode = await startLocalMode({
    dataDir: join(root, 'data'),
    infoPath: join(root, 'local.json'),
    port: 0,
    inboxPort: 0,
  });
});

afterAll(async () => {
  await mode?.close();
  rmSync(root, { recursive: true, force: true });
});

const follow = async (url: string, jar: CookieJar): Promise<Response> =>
  fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } }).then((response) => {
    jar.store(response);
    return response;
  });

describe('the console of local mode', () => {
  it('signs the demo school’s DPO in through the embedded provider and opens the dashboard', async () => {
    const jar = new CookieJar();
    const first = await follow(mode.info.consoleUrl, jar);
    expect(first.status).toBe(303);
    const signIn = await follow(new URL(first.headers.get('location') ?? '', mode.info.consoleUrl).toString(), jar);
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get('location')).toMatch(new RegExp(`^${mode.info.oidcIssuer}/`));

    const callback = await walkAuthorization(
      signIn.headers.get('location') ?? '',
      'usr_demo-school-dpo',
      `${mode.info.apiUrl}/console/callback`,
    );
    const done = await follow(callback, jar);
    expect(done.status).toBe(303);
    expect(jar.get('__Host-bd_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const dashboard = await follow(new URL(done.headers.get('location') ?? '', mode.info.apiUrl).toString(), jar);
    expect(dashboard.status).toBe(200);
    const page = await dashboard.text();
    expect(page).toContain('Signed in as <strong>Dana Protection</strong>');
    expect(page).toContain('Demo Primary School');
  });

  it('lists every demo organisation’s people on the provider’s login page, one per role', async () => {
    const jar = new CookieJar();
    const signIn = await follow(`${mode.info.apiUrl}/console/sign-in`, jar);
    const login = await follow(signIn.headers.get('location') ?? '', jar);
    const page = await follow(new URL(login.headers.get('location') ?? '', mode.info.oidcIssuer).toString(), jar);
    const text = await page.text();
    for (const id of ['usr_demo-school-governors', 'usr_demo-rcot-senior-management', 'usr_demo-elite-care-auditor']) {
      expect(text).toContain(`value="${id}"`);
    }
  });
});
