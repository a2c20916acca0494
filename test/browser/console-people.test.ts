import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { type AxeViolation, launchChromium, seriousViolations } from './support/browser';
import { type BrowserSystem, startBrowserSystem } from './support/system';

/**
 * People and roles in the console, in Chromium with JavaScript off, on local mode and its embedded OpenID Connect
 * provider, by keyboard alone, every page audited with axe (no serious or critical finding): an administrator adds a
 * governor; a DPO records an absence; on a school breach caused by the head, the DPO records the containment and
 * the governor the notification decision, which the DPO may not take. A reporter cannot open a step, an auditor
 * cannot write, and another organisation's user finds the breach does not exist (404).
 */

const SCHOOL = 'demo-school';

let system: BrowserSystem;
let browser: Browser;
let audit: BrowserContext;
let breachId: string;

beforeAll(async () => {
  system = await startBrowserSystem();
  browser = await launchChromium();
  audit = await browser.newContext({
    javaScriptEnabled: true,
    bypassCSP: true,
    viewport: { width: 1100, height: 900 },
  });
  const key = system.mode.info.organisations.find((o) => o.id === SCHOOL)?.apiKey ?? '';
  const response = await fetch(`${system.mode.info.apiUrl}/breaches`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'people-1' },
    body: JSON.stringify(
      aReportInput(
        { description: 'The head teacher’s unencrypted USB stick was lost.', responsibleRole: 'head' },
        new Date(),
      ),
    ),
  });
  expect(response.status).toBe(201);
  breachId = ((await response.json()) as { breachId: string }).breachId;
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
  await page.screenshot({ path: `/tmp/console-people-${name}.png`, fullPage: true });
  const violations = await seriousViolations(audit, page.url(), await page.content());
  expect(violations, describeViolations(violations)).toEqual([]);
};

const focusedText = (page: Page) =>
  page
    .locator(':focus')
    .first()
    .textContent()
    .catch(() => '');

/** Presses Tab until the focused element's accessible text matches, as a keyboard user would. */
const tabTo = async (page: Page, text: RegExp, limit = 200): Promise<void> => {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (text.test((await focusedText(page)) ?? '')) return;
  }
  throw new Error(`no focusable element matching ${text} within ${limit} tabs`);
};

const follow = async (page: Page, text: RegExp) => {
  await tabTo(page, text);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
};

type Plan = Record<string, string | readonly string[]>;

/**
 * Fills a form by keyboard alone: Tab through it; type into the fields the plan names; choose a radio with the arrow
 * keys (Space for the first); tick a checkbox with Space; then Tab to the button and press Enter.
 */
const fillByKeyboard = async (page: Page, plan: Plan, submit: RegExp): Promise<void> => {
  const done = new Set<string>();
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    // A string, evaluated in the page: the tests compile without the DOM's types.
    const focused = (await page.evaluate(
      `(() => { const el = document.activeElement; return el ? { tag: el.tagName, type: el.type ?? '', name: el.name ?? '', value: el.value ?? '', text: el.textContent ?? '' } : null; })()`,
    )) as { tag: string; type: string; name: string; value: string; text: string } | null;
    if (!focused) continue;
    if (focused.tag === 'BUTTON' && submit.test(focused.text)) {
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      return;
    }
    const wanted = plan[focused.name];
    if (wanted === undefined) continue;
    if (focused.type === 'checkbox') {
      if ((wanted as readonly string[]).includes(focused.value)) await page.keyboard.press('Space');
    } else if (focused.type === 'radio') {
      if (done.has(focused.name)) continue;
      let value = focused.value;
      for (let step = 0; value !== wanted && step < 12; step++) {
        await page.keyboard.press('ArrowDown');
        value = (await page.evaluate('document.activeElement.value')) as string;
      }
      if (value !== wanted) throw new Error(`no option ${String(wanted)} for ${focused.name}`);
      await page.keyboard.press('Space');
      done.add(focused.name);
    } else if (!done.has(focused.name)) {
      await page.keyboard.type(String(wanted));
      done.add(focused.name);
    }
  }
  throw new Error(`no button matching ${submit}`);
};

const when = (name: string, at: Date): Plan => ({
  [`${name}.day`]: String(at.getUTCDate()),
  [`${name}.month`]: String(at.getUTCMonth() + 1),
  [`${name}.year`]: String(at.getUTCFullYear()),
  [`${name}.hour`]: '0',
  [`${name}.minute`]: '5',
});

/** Signs in from a console address by keyboard alone: the local provider's button for the person. */
const signInAs = async (who: RegExp, path = '/console/'): Promise<Page> => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${system.mode.info.apiUrl}${path}`);
  await expect(page.title()).resolves.toContain('Sign in');
  await tabTo(page, who);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  return page;
};

const school = (role: string) => new RegExp(`${role} \\(Demo Primary School\\)`);

describe('people and roles in the console', () => {
  it('lets an administrator add a governor by keyboard', async () => {
    const page = await signInAs(school('Ada Admin, Administrator'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Users');
    await audited(page, 'users');
    await follow(page, /Add a user/);
    await audited(page, 'add-user');
    await fillByKeyboard(page, { roles: [] }, /Add the user/);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('Enter the person’s name');
    await audited(page, 'add-user-errors');
    await page.goto(`${system.mode.info.apiUrl}/console/users/new`);
    await fillByKeyboard(
      page,
      { name: 'Grace Second-Governor', email: 'grace@demo-school.example.org', roles: ['governors'] },
      /Add the user/,
    );
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('The user was added');
    await expect(page.locator('table').textContent()).resolves.toContain('grace@demo-school.example.org');
  });

  it('lets the DPO record an absence by keyboard', async () => {
    const page = await signInAs(school('Dana Protection, Data protection officer'), '/console/away');
    await audited(page, 'away');
    const later = new Date(Date.now() + 60 * 86_400_000);
    const back = new Date(Date.now() + 67 * 86_400_000);
    await fillByKeyboard(page, { ...when('from', later), ...when('until', back) }, /Save my absence/);
    await expect(page.locator('.govuk-inset-text').textContent()).resolves.toContain('You are marked away from');
    await audited(page, 'away-saved');
  });

  it('has the DPO contain a breach caused by the head and the governors, not the DPO, decide it', async () => {
    const dpo = await signInAs(school('Dana Protection, Data protection officer'), `/console/breaches/${breachId}`);
    for (let i = 0; i < 60 && !(await dpo.getByRole('link', { name: 'Contain the breach' }).count()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await dpo.reload();
    }
    await follow(dpo, /Contain the breach/);
    await fillByKeyboard(
      dpo,
      { contained: 'yes', measures: 'The stick’s contents were wiped remotely.', recovery: 'not-recovered' },
      /Record the containment/,
    );
    await expect(dpo.locator('.govuk-caption-l').textContent()).resolves.toContain(breachId);

    // The decision is the governors': the DPO is refused its form.
    for (let i = 0; i < 60; i++) {
      const state = await dpo.goto(`${system.mode.info.apiUrl}/console/breaches/${breachId}/decisions/decide`);
      if (state?.status() !== 409) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await expect(dpo.locator('h1').textContent()).resolves.toBe('You cannot do this');
    await expect(dpo.locator('main').textContent()).resolves.toContain('decided by the governors');

    const governor = await signInAs(school('Gail Governor, Governors'), `/console/breaches/${breachId}`);
    const title = 'Decide whether to notify';
    for (let i = 0; i < 60 && !(await governor.getByRole('link', { name: title }).count()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await governor.reload();
    }
    await follow(governor, new RegExp(`^${title}$`));
    await audited(governor, 'governors-decide');
    await fillByKeyboard(
      governor,
      {
        conclusion: 'authority-only',
        rationale: 'Pupils’ names and SEN notes on an unencrypted stick: a risk to them, not a high one.',
        departureReason: 'The stick was lost on school premises and is likely to be found.',
        severityLevel: '2',
      },
      /Record the decision/,
    );
    const decisions = governor.locator('table', { hasText: 'Why' });
    await expect(decisions.textContent()).resolves.toContain('Gail Governor, Governors');
    await audited(governor, 'case-after-decision');
  }, 240_000);

  it('refuses a reporter a step, an auditor any write, and another organisation the breach itself', async () => {
    const reporter = await signInAs(school('Robin Reporter, Reporter'));
    const refused = await reporter.goto(`${system.mode.info.apiUrl}/console/breaches/${breachId}/decisions/evaluate`);
    expect(refused?.status()).toBe(403);

    const auditor = await signInAs(school('Alex Auditor, Auditor \\(read only\\)'), `/console/breaches/${breachId}`);
    await expect(auditor.locator('.govuk-caption-l').textContent()).resolves.toContain(breachId);
    const write = await auditor.goto(
      `${system.mode.info.apiUrl}/console/breaches/${breachId}/decisions/notify-authority`,
    );
    expect(write?.status()).toBe(403);
    expect((await auditor.goto(`${system.mode.info.apiUrl}/console/users`))?.status()).toBe(403);

    const elsewhere = await signInAs(/Dana Protection, Data protection officer \(Demo Professional Body/);
    const hidden = await elsewhere.goto(`${system.mode.info.apiUrl}/console/breaches/${breachId}`);
    expect(hidden?.status()).toBe(404);
    await audited(elsewhere, 'not-found');
  });
});
