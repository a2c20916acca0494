import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubjectReach } from '../../functions/domain/notice-reach';
import { requestDecision } from '../../functions/domain/request-decision';
import { takeDecision } from '../../functions/domain/take-decision';
import { type ConsoleWorld, type Cookies, startConsoleWorld } from '../support/console-world';
import { aBreachIn } from '../support/decision-world';
import { submittedFields } from '../support/form-fields';

/**
 * The notify-subjects step in the console: choosing to e-mail or write to people leads to the preview (who, how
 * many by each channel, the exact e-mail), and only its "Send …" button, with the counts it showed, records the
 * decision that starts the fan-out. A preview made stale by a later upload sends nothing and says why.
 * Real DynamoDB (dynalite), the embedded OIDC provider, Step Functions mocked.
 */

let cw: ConsoleWorld;
let dpo: Cookies;

beforeAll(async () => {
  cw = await startConsoleWorld([{ id: 'org-a' }]);
  dpo = await cw.signIn('usr_org-a-dpo');
});

afterAll(async () => {
  await cw?.close();
});

const reachOf = (email: number, post: number): SubjectReach => ({
  person: { email, post, both: 0 },
  representative: { email: 0, post: 0, both: 0 },
});

const listed = async (breachId: string, added: number, reach: SubjectReach) =>
  cw.world.breaches.append(breachId, {
    type: 'subjects-added',
    at: cw.world.clock.now.toISOString(),
    actor: { kind: 'api-client', organisationId: 'org-a' },
    data: { accepted: added, added, rejected: 0, source: 'csv', reach },
  });

/** A breach decided "tell the people", its notify-subjects step waiting, and three people listed (2 e-mail, 1 post). */
const awaitingNotice = async (): Promise<string> => {
  const { world } = cw;
  const { breachId } = await aBreachIn(world, { organisationId: 'org-a', assessed: true });
  await requestDecision(world.requestDeps, { breachId, step: 'decide', taskToken: `decide-${breachId}` });
  const state = await world.breaches.state(breachId);
  await takeDecision(world.takeDeps, {
    via: 'console',
    organisationId: 'org-a',
    breachId,
    step: 'decide',
    person: { userId: 'usr_org-a-dpo', name: 'Dana', email: 'dpo@org-a.example.org', roles: ['dpo'] },
    body: {
      conclusion: 'authority-and-subjects',
      rationale: 'Health data of three people reached a stranger: they must be able to protect themselves.',
      ...(state?.assessment?.conclusion === 'authority-and-subjects'
        ? {}
        : { departureReason: 'The recipient is unknown to us and did not reply.' }),
    },
  });
  await requestDecision(world.requestDeps, { breachId, step: 'notify-subjects', taskToken: `notice-${breachId}` });
  await listed(breachId, 3, reachOf(2, 1));
  world.sfn.resetHistory();
  return breachId;
};

const csrfOf = (page: string): string => /name="csrfToken" value="([^"]+)"/.exec(page)?.[1] ?? '';
const previewForm = (page: string) => submittedFields(page.slice(page.indexOf('id="notice-preview-form"') - 40));
const noticeDecisions = async (breachId: string) =>
  (await cw.world.breaches.events(breachId)).filter(
    (e) => e.type === 'decision-taken' && (e.data as { step?: string }).step === 'notify-subjects',
  );
const released = () => cw.world.sfn.commandCalls(SendTaskSuccessCommand).length;

describe('telling people from the console', () => {
  it('previews who is told and how many, and sends only on "Send 2 e-mails and 1 letter"', async () => {
    const breachId = await awaitingNotice();
    const path = `/console/breaches/${breachId}/decisions/notify-subjects`;
    const step = await cw.call('GET', path, { cookies: dpo });
    expect(step.statusCode).toBe(200);

    const choose = new URLSearchParams({ csrfToken: csrfOf(step.body), method: 'email-and-letter' });
    const preview = await cw.call('POST', path, { cookies: dpo, form: choose });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.body).toContain('Check the notices before they are sent');
    expect(preview.body).toContain('>Send 2 e-mails and 1 letter</button>');
    expect(preview.body).toContain('Sign out'); // the console's own bar, not the mailed page's layout
    expect(preview.body).toMatch(/<pre class="govuk-body" id="notice-preview">[\s\S]*Dear/);
    expect(await noticeDecisions(breachId)).toHaveLength(0);
    expect(released()).toBe(0);

    const send = previewForm(preview.body);
    expect(send.get('method')).toBe('email-and-letter');
    expect(send.get('confirmedSend.emails')).toBe('2');
    expect(send.get('confirmedSend.letters')).toBe('1');
    send.set('action', 'send');
    const sent = await cw.call('POST', path, { cookies: dpo, form: send });
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers?.location).toBe(`/v1/console/breaches/${breachId}`);

    const [decision] = await noticeDecisions(breachId);
    expect(decision?.actor).toMatchObject({ kind: 'person', userId: 'usr_org-a-dpo' });
    expect(decision?.data).toMatchObject({
      via: 'console',
      decision: { method: 'email-and-letter', confirmedSend: { emails: 2, letters: 1 } },
    });
    expect(released()).toBe(1);
  });

  it('sends nothing when the list changed after the preview, and shows the counts as they are now', async () => {
    const breachId = await awaitingNotice();
    const path = `/console/breaches/${breachId}/decisions/notify-subjects`;
    const step = await cw.call('GET', path, { cookies: dpo });
    const preview = await cw.call('POST', path, {
      cookies: dpo,
      form: new URLSearchParams({ csrfToken: csrfOf(step.body), method: 'email-and-letter' }),
    });
    expect(preview.body).toContain('>Send 2 e-mails and 1 letter</button>');

    await listed(breachId, 1, reachOf(1, 0)); // another upload while the DPO reads the preview
    const send = previewForm(preview.body);
    send.set('action', 'send');
    const stale = await cw.call('POST', path, { cookies: dpo, form: send });

    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('govuk-error-summary');
    expect(stale.body.replace(/&#39;|&apos;/g, "'")).toContain(
      'The list has changed since the notices were previewed: it now gives 3 e-mails and 1 letter, not 2 e-mails and 1 letter. Nothing was sent; preview the notices again.',
    );
    expect(stale.body).toContain('>Send 3 e-mails and 1 letter</button>');
    expect(await noticeDecisions(breachId)).toHaveLength(0);
    expect(released()).toBe(0);

    // Pressing the button the page shows now sends what it says.
    const again = previewForm(stale.body);
    again.set('action', 'send');
    const sent = await cw.call('POST', path, { cookies: dpo, form: again });
    expect(sent.statusCode, sent.body).toBe(303);
    const [decision] = await noticeDecisions(breachId);
    expect(decision?.data).toMatchObject({ decision: { confirmedSend: { emails: 3, letters: 1 } } });
    expect(released()).toBe(1);
  });

  it('refuses a send without the confirmed counts, showing the preview and recording nothing', async () => {
    const breachId = await awaitingNotice();
    const path = `/console/breaches/${breachId}/decisions/notify-subjects`;
    const step = await cw.call('GET', path, { cookies: dpo });
    const blind = new URLSearchParams({ csrfToken: csrfOf(step.body), method: 'email', action: 'send' });
    const refused = await cw.call('POST', path, { cookies: dpo, form: blind });

    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('Check the notices before they are sent');
    expect(refused.body).toContain('>Send 2 e-mails</button>');
    expect(await noticeDecisions(breachId)).toHaveLength(0);
    expect(released()).toBe(0);
  });
});
