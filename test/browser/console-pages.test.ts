import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { auditContext, launchChromium } from './support/browser';
import { activate, expectAccessible, signInAs, tabTo } from './support/console-keyboard';
import { type BrowserSystem, startBrowserSystem } from './support/system';

/**
 * The console's register and trends in Chromium on local mode, by keyboard alone with JavaScript off, each audited
 * with axe; and the live countdown with JavaScript on, under the pages' real Content-Security-Policy.
 */

const ORGANISATION = 'demo-school';
const DPO = /Dana Protection, Data protection officer \(Demo Primary School\)/;

let system: BrowserSystem;
let browser: Browser;
let audit: BrowserContext;
let breachId: string;

const report = (key: string, awareAt: Date): Promise<string> =>
  system.report(
    ORGANISATION,
    aReportInput({ description: 'Exam results e-mailed to the wrong parent.', awareAt: awareAt.toISOString() }),
    key,
  );

beforeAll(async () => {
  system = await startBrowserSystem();
  browser = await launchChromium();
  audit = await auditContext(browser);
  breachId = await report('console-pages-1', new Date(Date.now() - 2 * 3_600_000));
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const consoleUrl = (path = '/console/') => `${system.mode.info.apiUrl}${path}`;

describe('the register and trends by keyboard', () => {
  it('opens the register, filters it by severity and stage with the keyboard, and offers the downloads', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    const page = await signInAs(context, consoleUrl(), DPO);
    await tabTo(page, /^Register$/);
    await activate(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Breach register');
    await expect(page.locator('tbody').textContent()).resolves.toContain(breachId);
    await expectAccessible(audit, page, 'register');

    await tabTo(page, /^#risk$/);
    await page.keyboard.type('High');
    await tabTo(page, /^#stage$/);
    await page.keyboard.type('Reported');
    await tabTo(page, /^Apply filters$/);
    await activate(page);
    const url = new URL(page.url());
    expect(url.searchParams.get('risk')).toBe('high-risk');
    expect(url.searchParams.get('stage')).toBe('reported');
    await expect(page.locator('#risk').inputValue()).resolves.toBe('high-risk');
    await expectAccessible(audit, page, 'register-filtered');

    // A date that does not exist: the error summary, linked to the field, and no rows.
    await page.goto(consoleUrl('/console/register?from=2025-02-31'));
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('real date');
    await expectAccessible(audit, page, 'register-error');

    await page.goto(consoleUrl('/console/register'));
    const csv = await context.request.get(consoleUrl('/console/register.csv'));
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(breachId);
    void context;
  });

  it('opens the trends, changes the period with the keyboard, and is accessible', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    const page = await signInAs(context, consoleUrl(), DPO);
    await tabTo(page, /^Trends$/);
    await activate(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Trends');
    await expect(page.locator('svg[role="img"]').count()).resolves.toBe(4);
    await expectAccessible(audit, page, 'trends');

    await tabTo(page, /^#months$/);
    await page.keyboard.type('The last 3');
    await tabTo(page, /^Show$/);
    await activate(page);
    expect(new URL(page.url()).searchParams.get('months')).toBe('3');
    await expectAccessible(audit, page, 'trends-3');
    void context;
  });
});

describe('the dashboard’s filters by keyboard', () => {
  it('filters by stage and searches by words, by keyboard alone', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    const page = await signInAs(context, consoleUrl(), DPO);
    await tabTo(page, /^#stage$/);
    await page.keyboard.type('Reported');
    await tabTo(page, /^#q$/);
    await page.keyboard.type('exam results');
    await tabTo(page, /^Apply filters$/);
    await activate(page);
    const url = new URL(page.url());
    expect(url.searchParams.get('stage')).toBe('reported');
    expect(url.searchParams.get('q')).toBe('exam results');
    await expect(page.locator('tbody').textContent()).resolves.toContain(breachId);
    await expectAccessible(audit, page, 'dashboard-filtered');
    void context;
  });
});

describe('the live countdown', () => {
  it('counts down each second under the real CSP and turns the tag to Overdue when the deadline passes', async () => {
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1100, height: 900 } });
    const violations: string[] = [];
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const page = await signInAs(context, consoleUrl(), DPO);
    // Aware 72 hours less 10 seconds ago: the authority's deadline passes 10 seconds from now.
    const due = await report('console-pages-countdown', new Date(Date.now() - 72 * 3_600_000 + 10_000));
    await page.goto(consoleUrl(`/console/breaches/${due}`));
    const tag = page.locator('#clock-authority');
    const left = page.locator('time[data-countdown-tag="clock-authority"]');
    await expect(tag.textContent()).resolves.not.toBe('Overdue');
    const first = await left.textContent();
    expect(first).toMatch(/^\d+ seconds? left$/);
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }
        ).document.getElementById('clock-authority')?.textContent === 'Overdue',
      undefined,
      { timeout: 20_000 },
    );
    await expect(left.textContent()).resolves.toMatch(/^overdue by \d+ seconds?$/);
    await expect(tag.getAttribute('class')).resolves.toBe('govuk-tag govuk-tag--red');
    expect(violations).toEqual([]);
    await expectAccessible(audit, page, 'case-countdown');
    void context;
  });
});
