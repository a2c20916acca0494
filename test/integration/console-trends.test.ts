import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleWorld, startConsoleWorld } from '../support/console-world';
import { aBreachIn } from '../support/decision-world';

/** The trends page over real DynamoDB: charts drawn on the server from the organisation's own breaches only. */

let c: ConsoleWorld;

beforeAll(async () => {
  c = await startConsoleWorld([{ id: 'org-a' }, { id: 'org-b' }], { now: () => new Date('2025-06-10T12:00:00Z') });
  for (const [awareAt, category] of [
    ['2025-03-03T09:00:00Z', 'phishing'],
    ['2025-03-20T09:00:00Z', 'phishing'],
    ['2025-05-02T09:00:00Z', 'lost-device'],
  ] as const) {
    await aBreachIn(c.world, { organisationId: 'org-a', report: { awareAt, cause: { category } } });
  }
  await aBreachIn(c.world, {
    organisationId: 'org-b',
    report: { awareAt: '2025-05-02T09:00:00Z', cause: { category: 'ransomware' } },
  });
});

afterAll(async () => {
  await c?.close();
});

describe('the trends page', () => {
  it('shows the board its organisation’s breaches per month and by cause, as described SVG and as tables', async () => {
    const board = await c.signIn('usr_org-a-board');
    const page = await c.call('GET', '/console/trends', { cookies: board, query: { months: '6' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('January 2025 to June 2025 · 3 breaches');
    expect(page.body).toContain('<desc id="by-cause-chart-desc">Phishing: 2 breaches; A lost device: 1 breach</desc>');
    expect(page.body).toContain('March 2025: 2 breaches; April 2025: 0 breaches; May 2025: 1 breach');
    expect(page.body).not.toContain('Ransomware');
    expect(page.body).toContain('No report to the authority was late in this period (0 made).');
    expect(page.body).not.toMatch(/<script|style=/);
  });

  it('is read by an auditor, and not by a reporter', async () => {
    expect((await c.call('GET', '/console/trends', { cookies: await c.signIn('usr_org-a-auditor') })).statusCode).toBe(
      200,
    );
    expect((await c.call('GET', '/console/trends', { cookies: await c.signIn('usr_org-a-reporter') })).statusCode).toBe(
      403,
    );
  });
});
