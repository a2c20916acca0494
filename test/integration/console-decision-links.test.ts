import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashSecret, newDecisionSecret } from '../../functions/domain/decision-links';
import { requestDecision } from '../../functions/domain/request-decision';
import { takeDecision } from '../../functions/domain/take-decision';
import { type Cookies, location, setCookies } from '../support/console-requests';
import { type ConsoleWorld, startConsoleWorld } from '../support/console-world';
import { aBreachIn, type BreachOptions, scanAll, secretFromMail } from '../support/decision-world';
import { walkAuthorization } from '../support/oidc-browser';

/**
 * A mailed decision link opened in the console: the sign-in first, then the step's form, where the role check applies
 * and the decision is recorded as the signed-in person. Real DynamoDB (dynalite), the real OIDC exchange with the
 * embedded provider, the SES emulator for the mail that carries the link; Step Functions mocked.
 */

const CALLBACK = 'http://127.0.0.1:9/v1/console/callback';
let cw: ConsoleWorld;

beforeAll(async () => {
  cw = await startConsoleWorld([{ id: 'org-a' }, { id: 'org-b' }, { id: 'org-rcot', preset: 'rcot' }]);
});

beforeEach(async () => {
  cw.world.sfn.resetHistory();
  cw.world.clock.now = new Date('2025-03-03T12:00:00Z');
});

afterAll(async () => {
  await cw?.close();
});

const csrfOf = (page: string): string => /name="csrfToken" value="([^"]+)"/.exec(page)?.[1] ?? '';

/** A breach whose `step` waits, and the secret of the link in the mail that asked for it. */
const mailedLink = async (step: 'contain' | 'decide', options: BreachOptions) => {
  const breach = await aBreachIn(cw.world, { assessed: step === 'decide', ...options });
  await cw.world.ses.clear();
  await requestDecision(cw.world.requestDeps, {
    breachId: breach.breachId,
    step,
    taskToken: `token-${breach.breachId}`,
  });
  const mail = (await cw.world.ses.messages()).find((m) => m.body.text?.includes('/console/decisions/'));
  cw.world.sfn.resetHistory();
  return { ...breach, secret: secretFromMail(mail?.body.text) };
};

const open = (secret: string, cookies?: Cookies) =>
  cw.call('GET', `/console/decisions/${secret}`, { cookies: cookies ?? {} });

describe('a mailed decision link', () => {
  it('opens the sign-in first, then the step’s form, and records the decision as the signed-in person', async () => {
    const { breachId, secret } = await mailedLink('contain', { organisationId: 'org-a' });

    // No session: nothing about the breach is shown, the browser is sent to sign in and back to the link.
    const first = await open(secret);
    expect(first.statusCode).toBe(303);
    const returnTo = `/v1/console/decisions/${secret}`;
    expect(location(first)).toBe(`/v1/console/sign-in?${new URLSearchParams({ returnTo })}`);
    expect(first.body).not.toContain(breachId);

    const start = await cw.call('GET', '/console/sign-in', { query: { returnTo } });
    const callback = new URL(await walkAuthorization(location(start), 'usr_org-a-dpo', CALLBACK));
    const done = await cw.call('GET', '/console/callback', {
      cookies: setCookies(start),
      query: Object.fromEntries(callback.searchParams),
    });
    expect(location(done)).toBe(returnTo);
    const cookies = { '__Host-bd_session': setCookies(done)['__Host-bd_session'] ?? '' };

    const back = await open(secret, cookies);
    expect(back.statusCode).toBe(303);
    const stepPath = `/v1/console/breaches/${breachId}/decisions/contain`;
    expect(location(back)).toBe(stepPath);
    const form = await cw.call('GET', stepPath.replace(/^\/v1/, ''), { cookies });
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name="decidedBy.');

    const post = await cw.call('POST', stepPath.replace(/^\/v1/, ''), {
      cookies,
      form: new URLSearchParams({ csrfToken: csrfOf(form.body), contained: 'yes', measures: 'Recalled the e-mail.' }),
    });
    expect(post.statusCode).toBe(303);
    const taken = (await cw.world.breaches.events(breachId)).find((e) => e.type === 'decision-taken');
    expect(taken?.actor).toEqual({
      kind: 'person',
      userId: 'usr_org-a-dpo',
      name: 'Dana Protection',
      role: 'Data protection officer',
      email: 'dpo@org-a.example.org',
    });
    expect(taken?.data).toMatchObject({ via: 'console', decision: { decidedBy: { name: 'Dana Protection' } } });
    expect(cw.world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);

    // The link has done its work: opened again it says so, links the case, and records nothing.
    const before = await scanAll(cw.world);
    const used = await open(secret, cookies);
    expect(used.statusCode).toBe(410);
    expect(used.body).toContain('This link has already been used');
    expect(used.body).toContain(`href="/v1/console/breaches/${breachId}"`);
    expect(await scanAll(cw.world)).toEqual(before);
  });

  it('answers another organisation’s link exactly as an unknown one', async () => {
    const { breachId, secret } = await mailedLink('contain', { organisationId: 'org-a' });
    const cookies = await cw.signIn('usr_org-b-dpo');

    const foreign = await open(secret, cookies);
    const unknown = await open('A'.repeat(43), cookies);
    const malformed = await open('not-a-secret', cookies);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(unknown.body);
    expect(malformed.body).toBe(unknown.body);
    expect(foreign.body).not.toContain(breachId);
    // Still waiting for its own organisation's DPO.
    expect((await open(secret, await cw.signIn('usr_org-a-dpo'))).statusCode).toBe(303);
  });

  it('leads RCOT’s DPO to a refusal naming who signs off, and records senior management’s decision', async () => {
    const { breachId, secret } = await mailedLink('decide', { organisationId: 'org-rcot', preset: 'rcot' });
    const decision = {
      conclusion: 'authority-only',
      rationale: 'Health data of thirty people reached a trusted recipient who deleted it.',
      departureReason: 'The recipient confirmed deletion in writing.',
    };

    const dpo = await cw.signIn('usr_org-rcot-dpo');
    const opened = await open(secret, dpo);
    const stepPath = location(opened).replace(/^\/v1/, '');
    expect(stepPath).toBe(`/console/breaches/${breachId}/decisions/decide`);
    const refused = await cw.call('GET', stepPath, { cookies: dpo });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('signed off by senior management');
    expect(refused.body).not.toContain('name="conclusion"');

    const senior = await cw.signIn('usr_org-rcot-senior-management');
    expect(location(await open(secret, senior))).toBe(`/v1${stepPath}`);
    const form = await cw.call('GET', stepPath, { cookies: senior });
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name="signedOffBy.name"');
    const taken = await cw.call('POST', stepPath, {
      cookies: senior,
      form: new URLSearchParams({ csrfToken: csrfOf(form.body), ...decision }),
    });
    expect(taken.statusCode).toBe(303);
    const event = (await cw.world.breaches.events(breachId)).find((e) => e.type === 'decision-taken');
    const signed = {
      name: 'Morgan Senior',
      role: 'Senior management',
      email: 'senior-management@org-rcot.example.org',
    };
    expect(event?.actor).toEqual({ kind: 'person', userId: 'usr_org-rcot-senior-management', ...signed });
    expect(event?.data).toMatchObject({ decision: { decidedBy: signed, signedOffBy: signed } });
  });

  it('says when a link has expired or was replaced, pointing to the step’s form while the step still waits', async () => {
    const { breachId, secret } = await mailedLink('contain', { organisationId: 'org-a' });

    cw.world.clock.now = new Date('2025-03-20T12:00:00Z');
    const expired = await open(secret, await cw.signIn('usr_org-a-dpo'));
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect(expired.body).toContain(`href="/v1/console/breaches/${breachId}/decisions/contain"`);

    // The step's link mailed again (as after a crash before the first mail was marked sent): the first one is spent.
    await cw.world.requestDeps.requests.issue({
      secretHash: hashSecret(newDecisionSecret()),
      breachId,
      organisationId: 'org-a',
      step: 'contain',
      taskToken: 'token-again',
      issuedAt: '2025-03-20T12:00:00Z',
      expiresAt: '2025-03-27T12:00:00Z',
      mailed: true,
    });
    cw.world.clock.now = new Date('2025-03-03T12:30:00Z');
    const replaced = await open(secret, await cw.signIn('usr_org-a-dpo'));
    expect(replaced.statusCode).toBe(410);
    expect(replaced.body).toContain('A newer link has been sent');
    expect(replaced.body).toContain('Opening this link has recorded nothing.');
  });

  it('shows a step a system recorded with the API key as the system’s, for the person it named', async () => {
    const { breachId } = await mailedLink('contain', { organisationId: 'org-a' });
    await takeDecision(cw.world.takeDeps, {
      via: 'api',
      organisationId: 'org-a',
      breachId,
      step: 'contain',
      body: { decidedBy: { name: 'Sam Typed', role: 'DPO' }, contained: true, measures: 'Recalled the e-mail.' },
    });
    const casePage = await cw.call('GET', `/console/breaches/${breachId}`, {
      cookies: await cw.signIn('usr_org-a-dpo'),
    });
    expect(casePage.body).toContain('A system, with the organisation’s API key, for Sam Typed, DPO');
  });
});
