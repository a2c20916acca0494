import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleWorld, startConsoleWorld } from '../support/console-world';
import { aBreachIn } from '../support/decision-world';

/** The dashboard's filters and countdowns over real DynamoDB, as a browser without script receives them. */

const NOW = new Date('2025-03-04T08:00:00Z');
let c: ConsoleWorld;
let health: string;
let plain: string;

beforeAll(async () => {
  c = await startConsoleWorld([{ id: 'org-a' }], { now: () => NOW });
  health = (
    await aBreachIn(c.world, {
      organisationId: 'org-a',
      assessed: true,
      report: {
        description: 'Counselling notes e-mailed to a parent',
        dataCategories: ['health'],
        approximateSubjects: 900,
      },
    })
  ).breachId;
  plain = (await aBreachIn(c.world, { organisationId: 'org-a', report: { description: 'A class list left on a bus' } }))
    .breachId;
});

afterAll(async () => {
  await c?.close();
});

describe('the dashboard', () => {
  it('writes each deadline’s time left and absolute time, and loads the countdown script from the assets only', async () => {
    const dpo = await c.signIn('usr_org-a-dpo');
    const page = await c.call('GET', '/console/', { cookies: dpo });
    expect(page.statusCode).toBe(200);
    // Aware 2025-03-03 09:00 UTC: the 24-hour assessment clock is due at 09:00 the next day, an hour from NOW.
    expect(page.body).toContain(
      `<time datetime="2025-03-04T09:00:00.000Z" data-countdown data-countdown-tag="urgency-${plain}">1 hour left</time>`,
    );
    expect(page.body).toContain('<script src="/v1/assets/countdown.js" defer></script>');
    expect(page.headers?.['content-security-policy']).toContain("script-src 'self';");
    expect(page.headers?.['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('filters by severity and finds a breach by words of its description', async () => {
    const dpo = await c.signIn('usr_org-a-dpo');
    const high = await c.call('GET', '/console/', { cookies: dpo, query: { risk: 'high-risk' } });
    expect(high.body).toContain(health);
    expect(high.body).not.toContain(plain);
    expect(high.body).toMatch(/<option value="high-risk" selected>/);

    const search = await c.call('GET', '/console/', { cookies: dpo, query: { q: 'class LIST' } });
    expect(search.body).toContain(plain);
    expect(search.body).not.toContain(health);
  });
});
