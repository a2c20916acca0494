import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/assets/make-handler';
import { brandFreeStylesheet, loadAssets, STYLESHEET_FILE } from '../../../functions/assets/stylesheet';

const assets = loadAssets();
const handler = makeHandler(assets);

const get = (proxy: string, headers: Record<string, string> = {}, httpMethod = 'GET') =>
  handler(
    { httpMethod, pathParameters: { proxy }, headers } as unknown as APIGatewayProxyEvent,
    {} as Context,
  ) as Promise<APIGatewayProxyResult>;

describe('the stylesheet', () => {
  it('drops the GDS Transport typeface and makes asset URLs relative to itself', () => {
    const css = assets.get(STYLESHEET_FILE)?.body ?? '';
    expect(css.length).toBeGreaterThan(100_000);
    expect(css).not.toContain('GDS Transport');
    expect(css).not.toContain('@font-face');
    expect(css).not.toContain('url(/assets/');
    expect(css).toContain('font-family:arial,sans-serif');
  });

  it('rewrites quoted and unquoted forms alike', () => {
    expect(
      brandFreeStylesheet(
        '@font-face{font-family:GDS Transport;src:url(/assets/fonts/a.woff2)}a{font-family:"GDS Transport",arial,sans-serif;background:url("/assets/images/x.svg")}',
      ),
    ).toBe('a{font-family:arial,sans-serif;background:url("images/x.svg")}');
  });
});

describe('GET /assets/{proxy+}', () => {
  it('serves the stylesheet with its type, a long cache lifetime and an ETag', async () => {
    const response = await get(STYLESHEET_FILE);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=604800',
      'x-content-type-options': 'nosniff',
    });
    expect(response.headers?.etag).toMatch(/^"[\w-]{43}"$/);
    expect(response.body).toBe(assets.get(STYLESHEET_FILE)?.body);
  });

  it('answers 304 to a cached copy that is still current', async () => {
    const { headers } = await get(STYLESHEET_FILE);
    const response = await get(STYLESHEET_FILE, { 'If-None-Match': String(headers?.etag) });
    expect(response.statusCode).toBe(304);
    expect(response.body).toBe('');
  });

  it('refuses anything else, including paths out of the folder', async () => {
    for (const proxy of ['fonts/bold-b542beb274-v2.woff2', '../package.json', 'images/govuk-crest.svg', '']) {
      const response = await get(proxy);
      expect(response.statusCode).toBe(404);
      expect(response.headers?.['cache-control']).toBe('no-store');
    }
    expect((await get(STYLESHEET_FILE, {}, 'POST')).statusCode).toBe(405);
  });
});
