import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { auditContext, launchChromium } from './support/browser';
import { activate, expectAccessible, signInAs, tabTo } from './support/console-keyboard';
import { type BrowserSystem, eventually, startBrowserSystem } from './support/system';

/**
 * The people affected, added in the console, in Chromium with JavaScript off on local mode (its gateway hands the
 * multipart body over base64, as API Gateway does for the API's binary media types): the school's DPO signs in by
 * keyboard, uploads a file with a mistake and reads each problem by its line, uploads the corrected file, sees the
 * list counted on the case page, and — once the workflow asks for the notices — the preview counts exactly those
 * people. Every page audited with axe: no serious or critical finding.
 */

const SCHOOL = 'demo-school';
const DPO = /Dana Protection, Data protection officer \(Demo Primary School\)/;
const HEADER = 'name,email,postal_address,representative_name,representative_email,representative_relationship';

let system: BrowserSystem;
let browser: Browser;
let audit: BrowserContext;
let breachId: string;
let dpo: Page;

beforeAll(async () => {
  system = await startBrowserSystem();
  browser = await launchChromium();
  audit = await auditContext(browser);
  breachId = await system.report(
    SCHOOL,
    aReportInput(
      { description: 'A class list with pupils’ medical notes was e-mailed to the wrong parent.' },
      new Date(),
    ),
    'subjects-1',
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const api = (path: string, body: unknown) => {
  const key = system.mode.info.organisations.find((o) => o.id === SCHOOL)?.apiKey ?? '';
  return fetch(`${system.mode.info.apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
};

/** Takes a step through the API once the workflow asks for it (409 until then), as the school's own system would. */
const decide = (step: string, body: Record<string, unknown>) =>
  eventually(
    `the ${step} step`,
    async () => {
      const response = await api(`/breaches/${breachId}/decisions/${step}`, body);
      if (response.status === 409) return undefined;
      expect(response.status, await response.text()).toBe(200);
      return true;
    },
    60_000,
  );

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const who = { name: 'Dana Protection', role: 'Data Protection Officer' };

const file = (name: string, lines: readonly string[]) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(`${lines.join('\r\n')}\r\n`),
});

/** Chooses the file by keyboard: Tab to the file input, then hand the file to it (the OS dialog is not a page). */
const chooseFile = async (page: Page, upload: ReturnType<typeof file>) => {
  await tabTo(page, /^#file$/);
  await page.locator('#file').setInputFiles(upload);
  await tabTo(page, /Add these people/);
  await activate(page);
};

describe('adding the people affected in the console', () => {
  it('shows each problem of a bad file by its line, adds nobody, then adds the corrected file', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    dpo = await signInAs(context, `${system.mode.info.apiUrl}/console/breaches/${breachId}`, DPO);
    await tabTo(dpo, /^Add the people affected$/);
    await activate(dpo);
    await expect(dpo.locator('h1').textContent()).resolves.toBe('Add the people affected');
    await expectAccessible(audit, dpo, 'subjects-upload');

    await chooseFile(
      dpo,
      file('families.csv', [
        HEADER,
        'Amira Khan,,,Sara Khan,sara.khan@example.org,parent',
        'Ben Ode,,"1 Mill Lane\r\nRiverside RV1 2AB",,,',
        'Cara Lind,cara.lind@example,,,,',
        'Dev Patel,,,Raj Patel,raj@example.org,uncle',
      ]),
    );
    const summary = dpo.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toContain('nobody was added');
    const problems = await dpo.locator('.govuk-error-summary__list li').allTextContents();
    expect(problems).toEqual([
      'Line 5, E-mail address (column email): must be an e-mail address',
      'Line 6, Relationship (column representative_relationship): must be one of: parent, carer, guardian, next of kin, attorney (lasting power of attorney), care professional or representative',
    ]);
    await expectAccessible(audit, dpo, 'subjects-upload-errors');
    // The summary's links are reachable by keyboard and lead to the file input.
    await tabTo(dpo, /^Line 5, E-mail address/);

    await chooseFile(
      dpo,
      file('families.csv', [
        HEADER,
        'Amira Khan,,,Sara Khan,sara.khan@example.org,parent',
        'Ben Ode,,"1 Mill Lane\r\nRiverside RV1 2AB",,,',
        'Cara Lind,cara.lind@example.org,,,,',
      ]),
    );
    await expect(dpo.locator('h1').textContent()).resolves.not.toBe('Add the people affected');
    expect(new URL(dpo.url()).hash).toBe('#people-affected');
    const onTheList = dpo.locator('.govuk-summary-list__row', { hasText: 'Listed' }).locator('dd');
    await expect(onTheList.textContent()).resolves.toContain('3');
    const throughRepresentative = dpo.locator('.govuk-summary-list__row', { hasText: 'Through a representative' });
    await expect(throughRepresentative.locator('dd').textContent()).resolves.toContain(
      '1 (1 by e-mail, 0 by letter only)',
    );
    await expectAccessible(audit, dpo, 'subjects-case');
  }, 240_000);

  it('leads from the case page to the notices’ preview, which counts the people just added', async () => {
    await decide('contain', {
      decidedBy: who,
      contained: true,
      measures: 'The parent was asked to delete the e-mail and confirmed it.',
      containedAt: minutesAgo(30),
    });
    await decide('decide', {
      decidedBy: who,
      conclusion: 'authority-and-subjects',
      rationale: 'Medical notes of three pupils reached another parent: the families must be able to act.',
      departureReason: 'The recipient knows the families.',
      severityLevel: 3,
    });
    await decide('notify-authority', {
      decidedBy: who,
      channel: 'ico-online-form',
      submittedAt: minutesAgo(5),
      reference: 'ICO/00012345',
      dpoConsultedAt: minutesAgo(10),
      qualityCheckedBy: { name: 'Sam Deputy', role: 'SLT' },
    });

    const preview = 'Preview the notices to the people affected';
    for (let i = 0; i < 60 && !(await dpo.getByRole('link', { name: preview }).count()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await dpo.goto(`${system.mode.info.apiUrl}/console/breaches/${breachId}`);
    }
    await tabTo(dpo, new RegExp(`^${preview}$`));
    await activate(dpo);
    // By keyboard: Tab into the radios, arrow to "e-mail and letter", Space chooses it.
    await tabTo(dpo, /^#method/);
    for (let i = 0; i < 12 && (await dpo.evaluate('document.activeElement.value')) !== 'email-and-letter'; i++) {
      await dpo.keyboard.press('ArrowDown');
    }
    await dpo.keyboard.press('Space');
    await expect(dpo.locator('input[name="method"][value="email-and-letter"]').isChecked()).resolves.toBe(true);
    await tabTo(dpo, /^\s*Continue\s*$/);
    await activate(dpo);
    await expect(dpo.locator('h1').textContent()).resolves.toBe('Check the notices before they are sent');
    // Amira through her parent by e-mail, Cara by e-mail, Ben by letter.
    await expect(dpo.getByRole('button', { name: /^Send 2 e-mails and 1 letter$/ }).count()).resolves.toBe(1);
    await expectAccessible(audit, dpo, 'subjects-preview');
  }, 240_000);
});
