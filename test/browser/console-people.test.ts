import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReportInput } from '../support/reports';
import { auditContext, launchChromium } from './support/browser';
import { activate, expectAccessible, tabTo } from './support/console-keyboard';
import { type BrowserSystem, startBrowserSystem } from './support/system';

/**
 * People and roles in the console, in Chromium with JavaScript off, on local mode and its embedded OpenID Connect
 * provider, by keyboard alone, every page audited with axe (no serious or critical finding): an administrator adds a
 * governor; a DPO records an absence; on a school breach caused by the head, the DPO records the containment and
 * the governor the notification decision, which the DPO may not take; the DPO then takes every remaining step in the
 * console — the report to the ICO, the families told through the notices' preview and its "Send …" button, the other
 * parties, the evaluation — up to closure, which the school's policy holds until the ICO's outcome is recorded; the DPO
 * records it with a required action, the senior information risk owner confirms that action complete, a party is
 * decided again, and the case closes; every case-change form is audited as served (a care provider's case for those a
 * school's never offers). A reporter cannot open a step, an auditor cannot write, and another
 * organisation's user finds the breach does not exist (404).
 *
 * The breach is reported through the API (report-form.test.ts covers the hosted form); the people affected are added on
 * the case's upload page (console-subjects.test.ts covers its refusals).
 */

const SCHOOL = 'demo-school';
/** Two families with an e-mail address, one with a postal address only. */
const FAMILIES = [
  'name,email,postal_address',
  'Amira Khan,amira.parent@example.org,',
  'Ben Ode,ben.parent@example.org,',
  'Cara Lind,,"1 Mill Lane, Riverside, RV1 2AB"',
  '',
].join('\r\n');

let system: BrowserSystem;
let browser: Browser;
let audit: BrowserContext;
let breachId: string;
/** A care provider's breach, for the forms a school's case never offers: access codes, another authority's stage. */
let careBreachId: string;

beforeAll(async () => {
  system = await startBrowserSystem();
  browser = await launchChromium();
  audit = await auditContext(browser);
  breachId = await system.report(
    SCHOOL,
    aReportInput(
      { description: 'The head teacher’s unencrypted USB stick was lost.', responsibleRole: 'head' },
      new Date(),
    ),
    'people-1',
  );
  careBreachId = await system.report(
    'demo-social-care',
    aReportInput(
      {
        description: 'A carer’s phone with the key-safe codes of service users’ homes was stolen.',
        dataCategories: ['basic-identifiers', 'property-access-codes'],
        // Some of the people live in Ireland: the DPC's notification is another authority's stage.
        peopleIn: [
          { place: 'GB', subjects: 7 },
          { place: 'IE', subjects: 3 },
        ],
      },
      new Date(),
    ),
    'people-care-1',
  );
});

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

const audited = (page: Page, name: string): Promise<void> => expectAccessible(audit, page, `people-${name}`);

const follow = async (page: Page, text: RegExp) => {
  await tabTo(page, text);
  await activate(page);
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

/** A date and time field set to `at` as a clock in the school's time zone shows it. */
const wallTime = (name: string, at: Date): Plan => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    [`${name}.day`]: String(Number(parts.day)),
    [`${name}.month`]: String(Number(parts.month)),
    [`${name}.year`]: String(parts.year),
    [`${name}.hour`]: String(Number(parts.hour)),
    [`${name}.minute`]: String(Number(parts.minute)),
  };
};

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/** Waits on the case page until the step's link is there, as the workflow requests it, then follows it. */
const openStep = async (page: Page, title: string): Promise<void> => {
  for (let i = 0; i < 60 && !(await page.getByRole('link', { name: title, exact: true }).count()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.goto(`${system.mode.info.apiUrl}/console/breaches/${breachId}`);
  }
  await follow(page, new RegExp(`^${title.replace(/[()]/g, '\\$&')}$`));
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
        conclusion: 'authority-and-subjects',
        rationale: 'Pupils’ names and SEN notes on an unencrypted stick: the families must be able to act.',
        departureReason: 'The stick was lost on school premises and is likely to be found.',
        severityLevel: '2',
      },
      /Record the decision/,
    );
    const decisions = governor.locator('table', { hasText: 'Why' });
    await expect(decisions.textContent()).resolves.toContain('Gail Governor, Governors');
    await audited(governor, 'case-after-decision');
  }, 240_000);

  it('has the DPO take every remaining step in the console, the families told only after the preview', async () => {
    const dpo = await signInAs(school('Dana Protection, Data protection officer'), `/console/breaches/${breachId}`);

    // The families, added on the case's upload page: the file input reached by keyboard, the file handed to it (the
    // system's file dialog is not a page), then the button.
    await follow(dpo, /^Add the people affected$/);
    await audited(dpo, 'subjects-upload');
    await tabTo(dpo, /^#file$/);
    await dpo
      .locator('#file')
      .setInputFiles({ name: 'families.csv', mimeType: 'text/csv', buffer: Buffer.from(FAMILIES) });
    await follow(dpo, /Add these people/);
    await expect(
      dpo.locator('.govuk-summary-list__row', { hasText: 'Listed' }).locator('dd').textContent(),
    ).resolves.toContain('3');

    await openStep(dpo, 'Record the report to the supervisory authority');
    await audited(dpo, 'notify-authority');
    await fillByKeyboard(
      dpo,
      {
        channel: 'ico-online-form',
        ...wallTime('submittedAt', minutesAgo(2)),
        reference: 'ICO/00098765',
        ...wallTime('dpoConsultedAt', minutesAgo(10)),
        'qualityCheckedBy.name': 'Sam Deputy',
        'qualityCheckedBy.role': 'SLT',
      },
      /Record the report/,
    );
    await expect(dpo.locator('.govuk-caption-l').textContent()).resolves.toContain(breachId);

    await openStep(dpo, 'Tell the people affected');
    await audited(dpo, 'notify-subjects');
    await fillByKeyboard(dpo, { method: 'email-and-letter' }, /^\s*Continue\s*$/);
    // The preview: nothing sent yet, the count by channel, the exact e-mail, and a button that says what goes.
    await expect(dpo.locator('h1').textContent()).resolves.toBe('Check the notices before they are sent');
    await expect(dpo.locator('#notice-preview').textContent()).resolves.toContain('Dear');
    await audited(dpo, 'notify-subjects-preview');
    // The e-mail's text wraps in the column: the page never scrolls sideways (WCAG 1.4.10).
    const [scrollWidth, clientWidth] = (await dpo.evaluate(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    )) as [number, number];
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await fillByKeyboard(dpo, {}, /Send 2 e-mails and 1 letter/);
    await expect(dpo.locator('.govuk-caption-l').textContent()).resolves.toContain(breachId);

    await openStep(dpo, 'Record which other parties were told');
    await audited(dpo, 'other-parties');
    const parties = await dpo.locator('input[type="radio"][value="no"]').evaluateAll(
      // A string body would not type-check without the DOM's types; the names are read as attributes.
      (inputs) => inputs.map((input) => (input as unknown as { name: string }).name),
    );
    expect(parties.length).toBeGreaterThan(0);
    const notTold: Plan = {};
    for (const told of parties) {
      notTold[told] = 'no';
      notTold[told.replace(/\.told$/, '.note')] = 'Not concerned: nothing of theirs was on the stick.';
    }
    await fillByKeyboard(dpo, notTold, /Record who was told/);
    await expect(dpo.locator('.govuk-caption-l').textContent()).resolves.toContain(breachId);

    await openStep(dpo, 'Evaluate: root causes and lessons');
    await audited(dpo, 'evaluate');
    await fillByKeyboard(
      dpo,
      {
        'rootCauses[0]': 'Pupil data was carried on an unencrypted removable drive.',
        lessons: 'Removable drives are replaced by the school’s encrypted cloud storage.',
      },
      /Record the evaluation/,
    );
    await expect(dpo.locator('.govuk-caption-l').textContent()).resolves.toContain(breachId);

    // Closure waits for the ICO's outcome (school policy, section 8).
    await openStep(dpo, 'Close the case');
    await audited(dpo, 'close');
    await fillByKeyboard(
      dpo,
      { recommendationsCompleted: 'yes', ...wallTime('finalReportToBoardAt', minutesAgo(1)) },
      /Close the case/,
    );
    await expect(dpo.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'the case closes only once the authority has said whether it requires further remedial action',
    );
    await audited(dpo, 'close-refused');
  }, 300_000);

  it('closes the case in the console once the ICO’s required action is complete to the DSIRO’s satisfaction', async () => {
    const dpo = await signInAs(school('Dana Protection, Data protection officer'), `/console/breaches/${breachId}`);
    await follow(dpo, /^Record the authority’s outcome$/);
    await audited(dpo, 'authority-outcome');
    // An empty form: every problem listed, nothing recorded.
    await fillByKeyboard(dpo, {}, /Record the outcome/);
    await expect(dpo.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select what the authority decided',
    );
    await audited(dpo, 'authority-outcome-errors');
    const due = new Date(Date.now() + 30 * 86_400_000);
    await fillByKeyboard(
      dpo,
      {
        outcome: 'remedial-actions-required',
        ...wallTime('at', minutesAgo(1)),
        summary: 'The ICO requires the school to encrypt every removable drive.',
        caseReference: 'IC-00098765-X1',
        'requiredActions[0].title': 'Encrypt every removable drive the school owns.',
        'requiredActions[0].owner.name': 'Ian Technician',
        'requiredActions[0].owner.email': 'it@demo-school.example.org',
        ...wallTime('requiredActions[0].dueAt', due),
      },
      /Record the outcome/,
    );
    await expect(dpo.locator('#authority').count()).resolves.toBe(1);
    await expect(dpo.locator('main').textContent()).resolves.toContain('Remedial actions required');
    await audited(dpo, 'case-with-action');

    // The school's policy: only the DSIRO confirms the ICO's action complete.
    const siro = await signInAs(
      school('Sid Risk-Owner, Senior information risk owner'),
      `/console/breaches/${breachId}`,
    );
    await follow(siro, /^Complete or accept action A1$/);
    await audited(siro, 'close-action');
    await fillByKeyboard(
      siro,
      { outcome: 'complete', note: 'Every drive is encrypted; checked against the asset register.' },
      /Record it/,
    );
    await expect(siro.locator('#actions').count()).resolves.toBe(1);
    await expect(siro.locator('main').textContent()).resolves.toContain(
      'Sid Risk-Owner, Senior information risk owner',
    );

    // A party decided again: the governors are told after all.
    await dpo.goto(`${system.mode.info.apiUrl}/console/breaches/${breachId}`);
    await follow(dpo, /^Change: The governors$/);
    await audited(dpo, 'other-party');
    await fillByKeyboard(
      dpo,
      { told: 'yes', ...wallTime('at', minutesAgo(1)), note: 'Told the chair of governors by telephone.' },
      /Record the decision/,
    );

    // The case's other forms, each audited as served.
    for (const form of [
      'amendments',
      'amendments/description',
      'authority-exchanges',
      'receipts',
      'investigator',
      'links',
    ]) {
      const served = await dpo.goto(`${system.mode.info.apiUrl}/console/breaches/${breachId}/${form}`);
      expect(served?.status(), form).toBe(200);
      await audited(dpo, `change-${form.replace('/', '-')}`);
    }
    // Revising the decision is for whoever decides it: the governors, as the head is responsible.
    const governor = await signInAs(school('Gail Governor, Governors'));
    const revisions = await governor.goto(`${system.mode.info.apiUrl}/console/breaches/${breachId}/revisions`);
    expect(revisions?.status()).toBe(200);
    await audited(governor, 'change-revisions');
    // The forms a school's decided case does not offer, on the care provider's case as it waits for containment.
    const carer = await signInAs(/Dana Protection, Data protection officer \(Demo Social Care Provider/);
    for (const form of ['not-a-breach', 'access-codes', 'obligation-stages/0']) {
      const url = `${system.mode.info.apiUrl}/console/breaches/${careBreachId}/${form}`;
      // Not a breach is offered once the workflow asks for the containment.
      let served = await carer.goto(url);
      for (let i = 0; i < 60 && served?.status() === 409; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        served = await carer.goto(url);
      }
      expect(served?.status(), form).toBe(200);
      await audited(carer, `change-${form.replace('/', '-')}`);
    }

    await openStep(dpo, 'Close the case');
    await fillByKeyboard(
      dpo,
      { recommendationsCompleted: 'yes', ...wallTime('finalReportToBoardAt', minutesAgo(1)) },
      /Close the case/,
    );
    for (let i = 0; i < 60 && !/Closed/.test((await dpo.locator('h1').textContent()) ?? ''); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await dpo.reload();
    }
    await expect(dpo.locator('h1').textContent()).resolves.toContain('(closed)');
    await audited(dpo, 'closed');
  }, 300_000);

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
