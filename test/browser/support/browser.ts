import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser of its own). CI installs it with
 * `apt-get install -y chromium`; a machine without it fails here, loudly, rather than skipping the browser tests.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-dev-shm-usage',
];

export class ChromiumMissingError extends Error {
  constructor() {
    super(
      `Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need it. Install it with ` +
        '`apt-get install -y chromium` (CI does this in .ci/run).',
    );
    this.name = 'ChromiumMissingError';
  }
}

export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM_PATH)) throw new ChromiumMissingError();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
};

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

let axeSource: string | undefined;

/** axe-core's browser bundle, read from the installed package. */
const axeScript = async (): Promise<string> => {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
};

/**
 * axe-core's serious and critical violations on a page, as the JavaScript-off browser received it. The pages' CSP
 * allows no script, and the form flows run with JavaScript off, so the audit runs in a second context (JavaScript on,
 * CSP bypassed: the pages themselves are not changed) that is served the same HTML at the same URL, so the stylesheet
 * loads from the same origin and the contrast rules see the real colours.
 */
export const seriousViolations = async (audit: BrowserContext, url: string, html: string): Promise<AxeViolation[]> => {
  const page = await audit.newPage();
  try {
    await page.route(url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await page.goto(url, { waitUntil: 'load' });
    await page.addScriptTag({ content: await axeScript() });
    const violations = await page.evaluate(async () => {
      // Runs in the page, where axe and the document are globals; this file is compiled without the DOM library.
      const { axe, document } = globalThis as unknown as {
        axe: { run: (context: unknown, options: unknown) => Promise<unknown> };
        document: unknown;
      };
      const results = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: AxeViolation[] };
      return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({ target: node.target, html: node.html })),
      }));
    });
    return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  } finally {
    await page.close();
  }
};
