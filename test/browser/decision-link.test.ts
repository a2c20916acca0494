import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreachEvent } from '../../functions/domain/events';
import { aReportInput } from '../support/reports';
import { auditContext, launchChromium } from './support/browser';
import { activate, expectAccessible, signInAs, tabTo } from './support/console-keyboard';
import { type BrowserSystem, eventually, startBrowserSystem } from './support/system';

/**
 * A decision link followed from the local inbox, in Chromium with JavaScript off, on local mode and its embedded
 * OpenID Connect provider, by keyboard alone, every page of ours audited with axe (no serious or critical finding):
 * the link opens the sign-in, the DPO signs in and lands on the containment form, records it, and the log names the
 * signed-in DPO; the same link opened again says it was used.
 */

const SCHOOL = 'demo-school';
const DPO = /Dana Protection, Data protection officer \(Demo Primary School\)/;

let system: BrowserSystem;
let browser: Browser;
let audit: BrowserContext;
let breachId: string;
let link: string;

beforeAll(async () => {
  system = await startBrowserSystem();
  browser = await launchChromium();
  audit = await auditContext(browser);
  breachId = await system.report(
    SCHOOL,
    aReportInput({ description: 'A class list was e-mailed to one parent by mistake.' }, new Date()),
    'decision-link-1',
  );
  // The inbox of local mode holds every mail Breachdesk sends: the DPO's request carries the link.
  link = await eventually('the containment request in the inbox', async () => {
    const mail = (await system.mails()).find((m) => m.subject.includes(breachId) && /containment/.test(m.subject));
    return /https?:\/\/\S+\/console\/decisions\/[A-Za-z0-9_-]{43}/.exec(mail?.body.text ?? '')?.[0];
  });
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const eventsOf = async (): Promise<BreachEvent[]> => {
  const key = system.mode.info.organisations.find((o) => o.id === SCHOOL)?.apiKey ?? '';
  const response = await fetch(`${system.mode.info.apiUrl}/breaches/${breachId}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return ((await response.json()) as { events: BreachEvent[] }).events;
};

describe('a decision link from the inbox', () => {
  it('signs the DPO in, opens the containment form and records the containment as the signed-in DPO', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    const page = await signInAs(context, link, DPO);

    expect(new URL(page.url()).pathname).toBe(`/v1/console/breaches/${breachId}/decisions/contain`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Contain the breach');
    await expect(page.locator('form[method="post"] input[name^="decidedBy"]').count()).resolves.toBe(0);
    await expectAccessible(audit, page, 'decision-link-form');

    await tabTo(page, /^#contained$/);
    await page.keyboard.press('Space');
    await tabTo(page, /^#measures$/);
    await page.keyboard.type('The parent confirmed by phone that the e-mail was deleted unread.');
    await tabTo(page, /Record the containment/);
    await activate(page);

    expect(new URL(page.url()).pathname).toBe(`/v1/console/breaches/${breachId}`);
    await expectAccessible(audit, page, 'decision-link-case');
    const taken = (await eventsOf()).find((event) => event.type === 'decision-taken');
    expect(taken?.actor).toEqual({
      kind: 'person',
      userId: 'usr_demo-school-dpo',
      name: 'Dana Protection',
      role: 'Data protection officer',
      email: 'dpo@demo-school.example.org',
    });
    expect(taken?.data).toMatchObject({ step: 'contain', via: 'console', decision: { contained: true } });

    // The same link again, in the same browser: it has done its work, says so, and links the case.
    await page.goto(link);
    await expect(page.locator('h1').textContent()).resolves.toBe('This link has already been used');
    await expectAccessible(audit, page, 'decision-link-used');
    await tabTo(page, new RegExp(`Open breach ${breachId}`));
    await activate(page);
    expect(new URL(page.url()).pathname).toBe(`/v1/console/breaches/${breachId}`);
    await context.close();
  });
});
