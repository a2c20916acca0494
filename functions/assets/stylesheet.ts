import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { COUNTDOWN_SCRIPT_FILE, COUNTDOWN_SCRIPT_SOURCE } from './countdown-script';

/**
 * The pages' stylesheet: govuk-frontend's precompiled CSS, adapted for a service that is not on GOV.UK.
 *
 * - The GDS Transport typeface is GOV.UK's own and is only for services on GOV.UK, so its @font-face rules are
 *   removed and the font stacks start at Arial, the Design System's fallback. The font files are not served.
 * - The CSS points at its assets from the site root (`url(/assets/…)`); behind API Gateway the pages live under
 *   the stage (`/v1/…`), so the URLs are made relative to the stylesheet, which is served from that same folder.
 *   (Only the footer's Crown copyright crest still refers to an image; the pages do not use that class and the crest
 *   is not served, being the Crown's.)
 */

export const STYLESHEET_FILE = 'govuk-frontend.min.css';

/** Where the file is found: next to the bundled handler (CDK copies it there), else in node_modules (tsx, vitest). */
const locations = (): string[] => {
  const beside = fileURLToPath(new URL(`./${STYLESHEET_FILE}`, import.meta.url));
  const candidates = [beside];
  try {
    candidates.push(createRequire(import.meta.url).resolve(`govuk-frontend/dist/govuk/${STYLESHEET_FILE}`));
  } catch {
    // Not installed (a bundle): the copy beside the handler is the only one.
  }
  return candidates;
};

export class StylesheetMissingError extends Error {
  constructor(readonly tried: readonly string[]) {
    super(`${STYLESHEET_FILE} was not found; tried ${tried.join(', ')}`);
    this.name = 'StylesheetMissingError';
  }
}

export const readGovukStylesheet = (): string => {
  const tried = locations();
  const found = tried.find((path) => existsSync(path));
  if (!found) throw new StylesheetMissingError(tried);
  return readFileSync(found, 'utf8');
};

/** The stylesheet without GOV.UK's typeface, its asset URLs relative to itself. */
export const brandFreeStylesheet = (css: string): string =>
  css
    .replace(/@font-face\s*\{[^}]*\}/g, '')
    .replace(/font-family:\s*(?:"GDS Transport"|GDS Transport)\s*,\s*/g, 'font-family:')
    .replace(/url\(\s*(["']?)\/assets\//g, 'url($1');

export interface Asset {
  body: string;
  contentType: string;
  /** A strong validator: the SHA-256 of the body, so a browser can revalidate a cached copy for nothing. */
  etag: string;
}

export const textAsset = (body: string, contentType: string): Asset => ({
  body,
  contentType,
  etag: `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`,
});

/**
 * Breachdesk's own rules, after GOV.UK's: the notice preview's text (a `<pre>`, as the e-mail is plain text) wraps
 * at the column's width instead of widening the page (WCAG 2.2, 1.4.10 Reflow).
 */
export const OWN_RULES = '#notice-preview{white-space:pre-wrap;overflow-wrap:anywhere}';

/** Every asset the pages use, by its path under /assets/: the stylesheet, and the console's countdown script. */
export const loadAssets = (): ReadonlyMap<string, Asset> =>
  new Map([
    [
      STYLESHEET_FILE,
      textAsset(`${brandFreeStylesheet(readGovukStylesheet())}\n${OWN_RULES}`, 'text/css; charset=utf-8'),
    ],
    [COUNTDOWN_SCRIPT_FILE, textAsset(COUNTDOWN_SCRIPT_SOURCE, 'text/javascript; charset=utf-8')],
  ]);
