import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type AxeViolation, keepScreenshot, seriousViolations } from './browser';

/** A keyboard user's moves in the console, and the axe audit of what they reach. */

export const describeViolations = (violations: readonly AxeViolation[]): string =>
  violations
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('\n');

/** No serious or critical axe finding on the page as served. */
export const expectAccessible = async (audit: BrowserContext, page: Page, name: string): Promise<void> => {
  await keepScreenshot(page, `console-${name}`);
  const violations = await seriousViolations(audit, page.url(), await page.content());
  expect(violations, describeViolations(violations)).toEqual([]);
};

/** The accessible text (or, for a form control, its id) of what has focus. */
const focusedText = async (page: Page): Promise<string> =>
  page.evaluate(() => {
    const { document } = globalThis as unknown as {
      document: { activeElement: { textContent: string | null; id: string; tagName: string } | null };
    };
    const el = document.activeElement;
    if (!el) return '';
    return ['SELECT', 'INPUT', 'TEXTAREA'].includes(el.tagName) ? `#${el.id}` : (el.textContent ?? '');
  });

/** Presses Tab until the focused element matches (`#id` for a form control), as a keyboard user would. */
export const tabTo = async (page: Page, target: RegExp, limit = 250): Promise<void> => {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (target.test(await focusedText(page))) return;
  }
  throw new Error(`no focusable element matching ${target} within ${limit} tabs`);
};

/** Follows the focused link or presses the focused button, and waits for the page it leads to. */
export const activate = async (page: Page): Promise<void> => {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
};

/** Signs in from `url` by keyboard alone on the local provider's page that lists the demo people. */
export const signInAs = async (context: BrowserContext, url: string, who: RegExp): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.title()).resolves.toContain('Sign in');
  await tabTo(page, who);
  await activate(page);
  return page;
};
