import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { withFileLock } from '../../support/file-lock';

/**
 * The Chromium that the `@sparticuz/chromium` npm package ships (a headless shell, brotli-compressed inside the
 * package), driven by playwright-core, which downloads no browser of its own. `npm ci` brings it: the browser tests
 * never depend on a browser of the machine's, and need nothing from the network or the system's package manager.
 */

/**
 * The binary's path, unpacked on first use into the temp folder, where the package keeps it for every later launch.
 * The package writes the binary in place and counts it as unpacked as soon as the file exists: two test files
 * launching at once on a fresh machine would have the second start a half-written binary. So the first to take the
 * lock unpacks, and the others wait for it.
 */
const unpackedChromium = (): Promise<string> =>
  withFileLock(join(tmpdir(), 'breachdesk-chromium-unpack.lock'), () => sparticuz.executablePath(), 120_000);

/**
 * The package's launch flags, but compositing in software: it asks for GL through SwiftShader (what Lambda needs for
 * WebGL), which costs more CPU than plain software compositing for pages with no WebGL: a screenshot took about 0.9 s
 * under SwiftShader and 0.55 s without it, and two browser test files used 18% less CPU.
 */
const LAUNCH_ARGS = [
  ...sparticuz.args.filter(
    (arg) => !/^--(use-gl|use-angle|enable-unsafe-swiftshader|in-process-gpu|ignore-gpu)/.test(arg),
  ),
  '--disable-gpu',
];

export const launchChromium = async (): Promise<Browser> => {
  const executablePath = await unpackedChromium();
  try {
    return await chromium.launch({ executablePath, args: LAUNCH_ARGS });
  } catch (error) {
    throw new Error(
      `The npm-shipped Chromium at ${executablePath} did not start. If an earlier run was killed while unpacking it, ` +
        'delete that file and run the tests again.',
      { cause: error },
    );
  }
};

/**
 * A full-page screenshot of what a test reached, into /tmp, for a person to look at — when BREACHDESK_SCREENSHOTS is
 * set (`BREACHDESK_SCREENSHOTS=1 npx vitest run test/browser`). The tests assert nothing on them, and each cost about
 * as much CPU as the page's axe audit, so an ordinary run takes none.
 */
export const keepScreenshot = async (page: Page, file: string): Promise<void> => {
  if (process.env.BREACHDESK_SCREENSHOTS) await page.screenshot({ path: `/tmp/${file}.png`, fullPage: true });
};

/** The context the axe audits run in: scripts on and the pages' CSP bypassed, so axe can be injected. */
export const auditContext = (browser: Browser): Promise<BrowserContext> =>
  browser.newContext({ javaScriptEnabled: true, bypassCSP: true, viewport: { width: 1100, height: 900 } });

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
