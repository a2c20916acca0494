import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalMode, startLocalMode } from '../../local/local-mode';
import { CookieJar, walkAuthorization } from '../support/oidc-browser';
import { aReportInput } from '../support/reports';

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

  it('downloads a case’s documents through the functions that render them, with the session and never without', async () => {
    const school = mode.info.organisations.find((organisation) => organisation.preset === 'school');
    const reported = await fetch(`${mode.info.apiUrl}/breaches`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${school?.apiKey}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'console-documents-1',
      },
      body: JSON.stringify(aReportInput()),
    });
    expect(reported.status).toBe(201);
    const { breachId } = (await reported.json()) as { breachId: string };
    const document = `${mode.info.apiUrl}/console/breaches/${breachId}/board-report`;

    const anonymous = await follow(document, new CookieJar());
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/console/sign-in?returnTo=');

    const jar = new CookieJar();
    const signIn = await follow(`${mode.info.apiUrl}/console/sign-in`, jar);
    const callback = await walkAuthorization(
      signIn.headers.get('location') ?? '',
      'usr_demo-school-dpo',
      `${mode.info.apiUrl}/console/callback`,
    );
    await follow(callback, jar);
    // A browser asks for HTML first; the gateway hands back the PDF's bytes all the same (binary media types).
    const pdf = await fetch(document, { headers: { cookie: jar.header(), accept: 'text/html,*/*' } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
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
