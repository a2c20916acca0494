import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInTimeZone } from '../../functions/domain/clocks';
import { isoFromWallTime, type WallTime, wallTimeOf } from '../../functions/pages/zoned-time';
import { type AxeViolation, auditContext, keepScreenshot, launchChromium, seriousViolations } from './support/browser';
import { type BrowserSystem, eventually, startBrowserSystem } from './support/system';

/**
 * The hosted report form and the DPO's decision page in Chromium, with JavaScript off as the pages are built for: a
 * member of staff files a breach, the DPO is mailed, follows the containment link and records the decision. Every
 * page is audited with axe-core (and, with BREACHDESK_SCREENSHOTS set, screenshotted into /tmp/browser-*.png).
 */

const ORGANISATION = 'demo-school';
const TIME_ZONE = 'Europe/London';
const HOUR_MS = 3_600_000;

let system: BrowserSystem;
let browser: Browser;
let noScript: BrowserContext;
let audit: BrowserContext;

beforeAll(async () => {
  system = await startBrowserSystem();
  browser = await launchChromium();
  noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
  audit = await auditContext(browser);
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const describeViolations = (violations: readonly AxeViolation[]): string =>
  violations
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');

/** Audits the page as received (and keeps its screenshot when asked to). */
const check = async (page: Page, name: string): Promise<void> => {
  await keepScreenshot(page, `browser-${name}`);
  const violations = await seriousViolations(audit, page.url(), await page.content());
  expect(violations, describeViolations(violations)).toEqual([]);
};

/** Records the stylesheet responses of a page, to show the GOV.UK styles were served. */
const watchStylesheets = (page: Page): Response[] => {
  const seen: Response[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.css')) seen.push(response);
  });
  return seen;
};

const radio = (page: Page, name: string, value: string) =>
  page.locator(`input[type="radio"][name="${name}"][value="${value}"]`).check();
const checkbox = (page: Page, name: string, value: string) =>
  page.locator(`input[type="checkbox"][name="${name}"][value="${value}"]`).check();

const fillDateTime = async (page: Page, name: string, wall: WallTime): Promise<void> => {
  for (const part of ['day', 'month', 'year', 'hour', 'minute'] as const) {
    await page.locator(`input[name="${name}.${part}"]`).fill(String(wall[part]));
  }
};

/** A wall-clock time in the school's zone, some hours ago, to the minute. */
const hoursAgo = (hours: number): WallTime =>
  wallTimeOf(new Date(Date.now() - hours * HOUR_MS).toISOString(), TIME_ZONE);

const openForm = async (page: Page): Promise<Response> => {
  const response = await page.goto(system.formUrl(ORGANISATION));
  if (!response) throw new Error('no response for the form');
  return response;
};

describe('the accessibility audit', () => {
  it('finds a serious violation when a page has one, so a clean result means something', async () => {
    const violations = await seriousViolations(
      audit,
      `${system.mode.info.apiUrl}/audit-self-check`,
      '<!DOCTYPE html><html lang="en"><head><title>Check</title></head><body><main><img src="x.png"></main></body></html>',
    );

    expect(violations.map((violation) => violation.id)).toContain('image-alt');
  });
});

describe('the hosted report form, with JavaScript off', () => {
  let breachId: string;
  const aware = hoursAgo(3);

  it('records a report from the filled form and shows its reference and 72-hour deadline', async () => {
    const page = await noScript.newPage();
    const stylesheets = watchStylesheets(page);
    const response = await openForm(page);

    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers()['content-security-policy']).not.toContain('script-src');
    expect(await page.title()).toBe('Report a personal data breach – Demo Primary School – Breachdesk');
    expect(await page.locator('script, [style]').count()).toBe(0);
    expect(stylesheets.map((r) => r.status())).toEqual([200]);
    await check(page, 'form');
    // The first minutes' questions are open; the rest of the story is folded until the person asks for it.
    await expect(page.locator('#more').getAttribute('open')).resolves.toBeNull();
    await page.locator('#more summary').click();

    await page
      .locator('#description')
      .fill('A spreadsheet of pupils’ names and medical needs was e-mailed to a parent.');
    await checkbox(page, 'breachTypes', 'confidentiality');
    await radio(page, 'cause.category', 'misdirected-email');
    await page.locator('#location').fill('School office');
    await radio(page, 'malicious', 'no');
    await radio(page, 'recipient', 'trusted');
    await radio(page, 'responsibleRole', 'staff');
    await radio(page, 'occurred.kind', 'at');
    await fillDateTime(page, 'occurred.at', hoursAgo(5));
    await fillDateTime(page, 'awareAt', aware);
    await radio(page, 'discovery.channel', 'unintended-recipient');
    await checkbox(page, 'dataCategories', 'basic-identifiers');
    await checkbox(page, 'dataCategories', 'health');
    await radio(page, 'protection.kind', 'none');
    await page.locator('#approximateRecords').fill('32');
    await checkbox(page, 'subjectCategories', 'pupils-or-students');
    await page.locator('#approximateSubjects').fill('32');
    await radio(page, 'thirdPartyData.involved', 'no');
    await radio(page, 'containment.contained', 'yes');
    await page.locator('#containment-how').fill('The parent deleted the e-mail and confirmed it by phone.');
    await radio(page, 'recovery', 'deleted-confirmed');
    await radio(page, 'police.informed', 'no');
    await radio(page, 'reporter.anonymised', 'no');
    await page.locator('#reporter-name').fill('Sam Teacher');
    await page.locator('#reporter-email').fill('sam.teacher@school.example');
    await page.locator('#reporter-role').fill('Class teacher');

    const [sent] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Send report' }).click(),
    ]);

    expect(sent?.status()).toBe(200);
    await expect(page.locator('h1.govuk-panel__title').textContent()).resolves.toBe('Report sent');
    const reference = (await page.locator('.govuk-panel__body strong').textContent()) ?? '';
    expect(reference).toMatch(/^BR-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    breachId = reference;
    const dueAt = new Date(Date.parse(isoFromWallTime(aware, TIME_ZONE)) + 72 * HOUR_MS).toISOString();
    await expect(page.locator('main').textContent()).resolves.toContain(formatInTimeZone(dueAt, TIME_ZONE));
    await expect(page.locator('main').textContent()).resolves.toContain('has been told by e-mail');
    await check(page, 'confirmation');
    await page.close();
  });

  it('mails the DPO that a breach was reported through the online form', async () => {
    const mail = await eventually('the new-breach mail', async () =>
      (await system.mails()).find((m) => m.subject === `Breach ${breachId}: new personal data breach reported`),
    );
    expect(mail.body.text).toContain('reported through the online form');
    expect(mail.body.text).toContain('Sam Teacher');
  });

  it('sends the DPO from the containment mail to sign in first: the link alone records nothing', async () => {
    const mail = await eventually('the containment mail', async () =>
      (await system.mails()).find((m) => m.subject === `Breach ${breachId}: action needed – containment`),
    );
    const link = /https?:\/\/\S+?\/decisions\/[A-Za-z0-9_-]+/.exec(mail.body.text ?? '')?.[0];
    expect(link).toBeDefined();

    const page = await noScript.newPage();
    await page.goto(link as string);
    // The embedded provider's login page: deciding follows sign-in (decision-link.test.ts takes it to the record).
    expect(new URL(page.url()).origin).toBe(new URL(system.mode.info.oidcIssuer).origin);
    await expect(page.locator('body').textContent()).resolves.toContain('Dana Protection');
    await page.close();
  });

  it('shows every problem at once, linked from the error summary, with everything typed kept', async () => {
    const page = await noScript.newPage();
    await openForm(page);
    await page.locator('#description').fill('Laptop <b>left</b> on a train & not found.');
    await checkbox(page, 'breachTypes', 'availability');
    await checkbox(page, 'dataCategories', 'financial');
    await page.locator('#more summary').click();
    await radio(page, 'protection.kind', 'encrypted');
    await radio(page, 'protection.strength', 'weak');
    await page.locator('#awareAt-day').fill('31');
    await page.locator('#awareAt-month').fill('2');
    await page.locator('#awareAt-year').fill('2026');
    await page.locator('#awareAt-hour').fill('9');
    await page.locator('#awareAt-minute').fill('15');
    await page.locator('#approximateSubjects').fill('lots');
    await radio(page, 'reporter.anonymised', 'yes');
    await page.locator('#reporter-role').fill('Teaching assistant');

    const [answered] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Send report' }).click(),
    ]);

    expect(answered?.status()).toBe(422);
    expect(await page.title()).toMatch(/^Error: /);
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.locator('h2').textContent()).resolves.toBe('There is a problem');
    const links = await summary
      .locator('a')
      .evaluateAll((anchors) => anchors.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
    // What caused it is for the DPO to complete when the person does not know: not asked for again.
    expect(links.map((l) => l.href)).not.toContain('#cause-category');
    expect(links).toContainEqual({
      href: '#awareAt-day',
      text: 'The date you found out must be a real date, and a time on the 24-hour clock',
    });
    expect(links.map((l) => l.href)).toContain('#approximateSubjects');
    expect(links.map((l) => l.href)).toContain('#protection-keyCompromised');
    expect(links.map((l) => l.href)).not.toContain('#description');
    for (const { href } of links) expect(await page.locator(href ?? '').count()).toBe(1);
    await expect(page.locator('#more').getAttribute('open')).resolves.toBe('');
    await expect(page.locator('#approximateSubjects-error').textContent()).resolves.toContain('whole number');

    await expect(page.locator('#description').inputValue()).resolves.toBe('Laptop <b>left</b> on a train & not found.');
    await expect(page.locator('input[name="breachTypes"][value="availability"]').isChecked()).resolves.toBe(true);
    await expect(page.locator('input[name="dataCategories"][value="financial"]').isChecked()).resolves.toBe(true);
    await expect(page.locator('input[name="protection.strength"][value="weak"]').isChecked()).resolves.toBe(true);
    await expect(page.locator('#awareAt-day').inputValue()).resolves.toBe('31');
    await expect(page.locator('#approximateSubjects').inputValue()).resolves.toBe('lots');
    await expect(page.locator('input[name="reporter.anonymised"][value="yes"]').isChecked()).resolves.toBe(true);
    await expect(page.locator('#reporter-role').inputValue()).resolves.toBe('Teaching assistant');

    // The summary's links work without script: following one lands on its field.
    await summary.locator('a[href="#approximateSubjects"]').click();
    expect(new URL(page.url()).hash).toBe('#approximateSubjects');
    await check(page, 'errors');
    await page.close();
  });

  it('sends an empty form back for the first minutes’ six questions only, on a short page', async () => {
    const page = await noScript.newPage();
    await openForm(page);
    const freshHeight = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement
          .scrollHeight,
    );
    console.log(`report form without script: ${freshHeight} px tall at 1100 px wide`);
    // The form with every question open was 14,000 px; the first minutes alone are a third of that.
    expect(freshHeight).toBeLessThan(5000);

    const [answered] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Send report' }).click(),
    ]);
    expect(answered?.status()).toBe(422);
    const links = await page
      .locator('.govuk-error-summary a')
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toEqual([
      '#description',
      '#breachTypes',
      '#awareAt-day',
      '#dataCategories',
      '#subjectCategories',
      '#approximateSubjects',
    ]);
    await check(page, 'empty-form');

    // The six answered, and nothing else: the report is recorded; the DPO completes the rest in the case.
    await page.locator('#description').fill('I sent the class list to the wrong parent.');
    await checkbox(page, 'breachTypes', 'confidentiality');
    await fillDateTime(page, 'awareAt', hoursAgo(1));
    await checkbox(page, 'dataCategories', 'basic-identifiers');
    await checkbox(page, 'subjectCategories', 'pupils-or-students');
    await page.locator('#approximateSubjects').fill('28');
    const [sent] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Send report' }).click(),
    ]);
    expect(sent?.status()).toBe(200);
    await expect(page.locator('h1.govuk-panel__title').textContent()).resolves.toBe('Report sent');
    await page.close();
  });

  it('shows a page, not a form, for an organisation that does not exist', async () => {
    const page = await noScript.newPage();
    const response = await page.goto(system.formUrl('no-such-organisation'));
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await check(page, 'not-found');
    await page.close();
  });
});
