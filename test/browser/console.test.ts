import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { type AxeViolation, auditContext, keepScreenshot, launchChromium, seriousViolations } from './support/browser';
import { type BrowserSystem, startBrowserSystem } from './support/system';

/**
 * The console in Chromium with JavaScript off, on local mode (`npm start`) and its embedded OpenID Connect provider:
 * people sign in by keyboard alone, every console page is audited with axe (no serious or critical finding), and the
 * DPO records a containment from the case page.
 */

const ORGANISATION = 'demo-school';

let system: BrowserSystem;
let browser: Browser;
let audit: BrowserContext;
let breachId: string;

beforeAll(async () => {
  system = await startBrowserSystem();
  browser = await launchChromium();
  audit = await auditContext(browser);
  breachId = await system.report(
    ORGANISATION,
    aReportInput({ description: 'A teacher’s laptop was stolen from a car.' }, new Date()),
    'console-browser-1',
  );
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const describeViolations = (violations: readonly AxeViolation[]): string =>
  violations
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');

const audited = async (page: Page, name: string): Promise<void> => {
  await keepScreenshot(page, `console-${name}`);
  const violations = await seriousViolations(audit, page.url(), await page.content());
  expect(violations, describeViolations(violations)).toEqual([]);
};

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would. */
const tabTo = async (page: Page, text: RegExp, limit = 200): Promise<void> => {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page
      .locator(':focus')
      .first()
      .textContent()
      .catch(() => '');
    if (text.test(focused ?? '')) return;
  }
  throw new Error(`no focusable element matching ${text} within ${limit} tabs`);
};

/** Signs in from the console's address by keyboard alone; returns the page it lands on. */
const signInAs = async (context: BrowserContext, who: RegExp, path = '/console/'): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${system.mode.info.apiUrl}${path}`);
  await expect(page.title()).resolves.toContain('Sign in');
  await tabTo(page, who);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  return page;
};

const freshContext = () => browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });

describe('the console in a browser', () => {
  it('lets the DPO sign in by keyboard, find the breach, and record its containment', async () => {
    const context = await freshContext();
    const dashboard = await signInAs(context, /Dana Protection, Data protection officer \(Demo Primary School\)/);
    await expect(dashboard.locator('h1').textContent()).resolves.toBe('Breaches');
    await audited(dashboard, 'dashboard');

    await tabTo(dashboard, new RegExp(breachId));
    await Promise.all([dashboard.waitForNavigation(), dashboard.keyboard.press('Enter')]);
    await expect(dashboard.locator('.govuk-caption-l').textContent()).resolves.toContain(breachId);
    await audited(dashboard, 'case');

    // The containment request is issued by the running procedure; reload until it is waiting.
    for (let i = 0; i < 30 && !(await dashboard.getByRole('link', { name: 'Contain the breach' }).count()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await dashboard.reload();
    }
    await tabTo(dashboard, /Contain the breach/);
    await Promise.all([dashboard.waitForNavigation(), dashboard.keyboard.press('Enter')]);
    await audited(dashboard, 'contain-form');

    await tabTo(dashboard, /^$/); // the first radio: focus lands on the input itself, which has no text
    await dashboard.keyboard.press('Space');
    await dashboard.keyboard.press('Tab');
    await dashboard.keyboard.type('Laptop wiped remotely; passwords reset.');
    await tabTo(dashboard, /Record the containment/);
    await Promise.all([dashboard.waitForNavigation(), dashboard.keyboard.press('Enter')]);

    const decisions = dashboard.locator('table', { hasText: 'Why' });
    await expect(decisions.textContent()).resolves.toContain('Dana Protection, Data protection officer');
    // Left open: the npm-shipped Chromium runs single-process, and closing a context can take the browser down.
    void context;
  });

  it('shows a reporter that their role does not open cases', async () => {
    const context = await freshContext();
    const page = await signInAs(context, /Robin Reporter, Reporter \(Demo Primary School\)/);
    await expect(page.locator('h1').textContent()).resolves.toBe('You cannot do this');
    await audited(page, 'reporter');
    // Left open: the npm-shipped Chromium runs single-process, and closing a context can take the browser down.
    void context;
  });

  it('lets an auditor read the case, with nothing to decide, and sign out by keyboard', async () => {
    const context = await freshContext();
    const page = await signInAs(
      context,
      /Alex Auditor, Auditor \(read only\) \(Demo Primary School\)/,
      `/console/breaches/${breachId}`,
    );
    await expect(page.locator('.govuk-caption-l').textContent()).resolves.toContain(breachId);
    await expect(page.getByRole('link', { name: 'Contain the breach' }).count()).resolves.toBe(0);

    const before = (await context.cookies()).find((cookie) => cookie.name === '__Host-bd_session');
    expect(before).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
    await tabTo(page, /Sign out/);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('You have signed out');
    await audited(page, 'signed-out');
    expect((await context.cookies()).some((cookie) => cookie.name === '__Host-bd_session')).toBe(false);
    // The session is gone server-side: its cookie, replayed, opens nothing.
    const replayed = await fetch(`${system.mode.info.apiUrl}/console/`, {
      redirect: 'manual',
      headers: { cookie: `__Host-bd_session=${before?.value}` },
    });
    expect(replayed.status).toBe(303);
    // Left open: the npm-shipped Chromium runs single-process, and closing a context can take the browser down.
    void context;
  });
});
