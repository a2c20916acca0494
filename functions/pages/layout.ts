import { type Html, html, type Renderable } from './html';

/**
 * The page template of every Breachdesk page: the GOV.UK Design System's template markup (govuk-frontend 5), as
 * UK schools and care providers know it from government services.
 *
 * Breachdesk is not a GOV.UK service, so it carries none of GOV.UK's identity: no crown, no GOV.UK logotype, no
 * Crown copyright, and the stylesheet it is served is stripped of the GDS Transport typeface (functions/assets), as
 * the Design System asks of services outside GOV.UK. The header names the service alone.
 *
 * No inline script and no style attribute anywhere: the Content-Security-Policy allows neither, and every component
 * used works without JavaScript. For that reason the template's `js-enabled` / `govuk-frontend-supported` classes,
 * which its inline script would add, are never set. A console page may load a script file from the assets (the
 * countdowns): an enhancement of a page that is complete without it.
 */

export const SERVICE_NAME = 'Breachdesk';

/** The stylesheet's name under the assets path (functions/assets serves it). */
export const STYLESHEET = 'govuk-frontend.min.css';

/** The console's countdown script's name under the assets path (functions/assets serves it). */
export const COUNTDOWN_SCRIPT = 'countdown.js';

export interface LayoutOptions {
  /** The page's own title, before the service name. */
  title: string;
  /** The page has errors: the title starts "Error: ", as the Design System asks, so screen readers hear it first. */
  hasErrors?: boolean;
  /**
   * Where the assets are served, without a trailing slash: `/assets`, or `/v1/assets` under the API's stage.
   * @default '/assets'
   */
  assetsPath?: string;
  /** Above main, in the width container: a phase banner or back link. */
  beforeContent?: Renderable;
  content: Renderable;
  /** Script files under the assets path, loaded deferred at the end of the body (their pages allow `script-src 'self'`). */
  scripts?: readonly string[];
}

export const renderLayout = (options: LayoutOptions): string => {
  const assetsPath = (options.assetsPath ?? '/assets').replace(/\/+$/, '');
  const title = `${options.hasErrors ? 'Error: ' : ''}${options.title} – ${SERVICE_NAME}`;
  const page: Html = html`<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#0b0c0c">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${assetsPath}/${STYLESHEET}">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
<header class="govuk-header" data-module="govuk-header">
<div class="govuk-header__container govuk-width-container">
<div class="govuk-header__content"><span class="govuk-header__service-name">${SERVICE_NAME}</span></div>
</div>
</header>
<div class="govuk-width-container">
${options.beforeContent}
<main class="govuk-main-wrapper" id="main-content">
${options.content}
</main>
</div>
<footer class="govuk-footer">
<div class="govuk-width-container">
<div class="govuk-footer__meta">
<div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
<p class="govuk-body-s">${SERVICE_NAME} runs your organisation’s personal data breach procedure. Pages here hold information about a breach: do not forward their links outside the people handling it.</p>
</div>
</div>
</div>
</footer>
${(options.scripts ?? []).map((name) => html`<script src="${assetsPath}/${name}" defer></script>`)}
</body>
</html>
`;
  return page.value;
};
