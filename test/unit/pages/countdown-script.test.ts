import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { COUNTDOWN_SCRIPT_FILE, COUNTDOWN_SCRIPT_SOURCE } from '../../../functions/assets/countdown-script';
import { makeHandler } from '../../../functions/assets/make-handler';
import { loadAssets } from '../../../functions/assets/stylesheet';
import { countdownText } from '../../../functions/domain/dashboard';
import { COUNTDOWN_SCRIPT } from '../../../functions/pages/layout';

/** The script as a browser runs it, outside a page: it hands out its wording function instead of touching a DOM. */
const scriptText = (): ((ms: number) => string) => {
  const context: { countdownText?: (ms: number) => string } = {};
  runInNewContext(COUNTDOWN_SCRIPT_SOURCE, context);
  if (!context.countdownText) throw new Error('the script did not define countdownText');
  return context.countdownText;
};

describe('the countdown script', () => {
  it('writes the time left in the very words the server writes, either side of every unit’s edge', () => {
    const script = scriptText();
    const now = new Date('2026-03-01T12:00:00Z');
    const edges = [0, 1, 59, 60, 61, 3599, 3600, 3601, 3660, 86_399, 86_400, 86_401, 90_000, 172_800, 900_000];
    const spans = [...edges, ...Array.from({ length: 200 }, (_, i) => (i * 7919 * 37) % 400_000)];
    for (const seconds of spans) {
      for (const sign of [1, -1]) {
        const ms = sign * seconds * 1000 + (sign > 0 ? 400 : -400);
        const dueAt = new Date(now.getTime() + ms).toISOString();
        expect(script(ms), `${ms} ms`).toBe(countdownText(dueAt, now));
      }
    }
  });

  it('is served by the assets function as JavaScript, with a validator', async () => {
    const handler = makeHandler(loadAssets());
    const response = await handler(
      { httpMethod: 'GET', pathParameters: { proxy: COUNTDOWN_SCRIPT_FILE }, headers: {} } as never,
      {} as never,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.body).toBe(COUNTDOWN_SCRIPT_SOURCE);
    // The name the pages load is the name served.
    expect(COUNTDOWN_SCRIPT_FILE).toBe(COUNTDOWN_SCRIPT);
    expect(response.headers?.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  });
});
