import type { APIGatewayProxyResult } from 'aws-lambda';
import { SECURITY_HEADERS } from '../http/responses';

/**
 * Headers of every HTML page. Stricter than the API's: the pages load their stylesheet and its images from this
 * origin and nothing else, run no script at all, and post forms only back to this origin.
 *
 * `Referrer-Policy: no-referrer` matters most: a decision page's URL holds the link's secret, and a referrer would
 * hand it to any site the page links to (the ICO's reporting form). `noindex` keeps a link that leaked into a
 * crawled place out of search results; `no-store` keeps the breach out of shared caches and the browser's history
 * cache.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'content-security-policy': PAGE_CSP,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'content-type': 'text/html; charset=utf-8',
};

/** An HTML page response. Extra headers (Allow on a 405) may add to the page headers but not replace them. */
export const htmlResponse = (
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult => ({
  statusCode,
  headers: { ...headers, ...PAGE_HEADERS },
  body,
});

/** A console page that loads the countdown script: the page policy, plus scripts from this origin (never inline). */
export const SCRIPTED_PAGE_CSP = PAGE_CSP.replace("default-src 'none';", "default-src 'none'; script-src 'self';");

export const scriptedHtmlResponse = (statusCode: number, body: string): APIGatewayProxyResult => ({
  statusCode,
  headers: { ...PAGE_HEADERS, 'content-security-policy': SCRIPTED_PAGE_CSP },
  body,
});
