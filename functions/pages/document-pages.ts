import { paragraph } from './components';
import { type Html, html, type Renderable } from './html';
import { renderLayout } from './layout';

/**
 * The pages a console download can end on instead of its file: the document does not exist for this organisation, the
 * record does not call for it yet, or the service failed. Each says what happened and leads back to the case; none
 * shows anything of a breach this person may not see.
 */

export interface DocumentPage {
  statusCode: number;
  body: string;
}

export interface DocumentPageOptions {
  /** Where the stylesheet is served, e.g. `/v1/assets`. */
  assetsPath: string;
  /** The console's base path, e.g. `/v1/console`. */
  consoleBase: string;
}

const page = (statusCode: number, title: string, content: Renderable, options: DocumentPageOptions): DocumentPage => ({
  statusCode,
  body: renderLayout({
    title,
    assetsPath: options.assetsPath,
    content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds"><h1 class="govuk-heading-l">${title}</h1>${content}${backToConsole(options)}</div></div>`,
  }),
});

const backToConsole = (options: DocumentPageOptions): Html =>
  html`<p class="govuk-body"><a class="govuk-link" href="${options.consoleBase}/">Go to your organisation’s open breaches</a></p>`;

/** 404: no such breach for this organisation (another organisation's answers the same). */
export const documentNotFoundPage = (options: DocumentPageOptions): DocumentPage =>
  page(404, 'Page not found', paragraph('There is no such breach or document for your organisation.'), options);

/** 409 (or 422): the record does not call for this document now; the reason is the domain's own sentence. */
export const documentNotAvailablePage = (
  statusCode: number,
  reason: string,
  options: DocumentPageOptions,
): DocumentPage =>
  page(
    statusCode,
    'This document is not available',
    html`${paragraph(reason)}${paragraph('Nothing has changed on the case.')}`,
    options,
  );

/** 403: the person's role does not open cases (a reporter). */
export const documentForbiddenPage = (options: DocumentPageOptions): DocumentPage =>
  page(
    403,
    'You cannot open this document',
    paragraph('Your role lets you report breaches, not open them or their documents.'),
    options,
  );

/** 500: the document could not be produced; the reference is the request's id. */
export const documentFailedPage = (options: DocumentPageOptions & { requestId?: string }): DocumentPage =>
  page(
    500,
    'Sorry, there is a problem with the service',
    html`${paragraph('The document could not be produced. Try again in a few minutes.')}${options.requestId ? paragraph(`If you report this problem, quote this reference: ${options.requestId}`, 'govuk-body-s') : undefined}`,
    options,
  );
