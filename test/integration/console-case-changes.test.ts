import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../../functions/domain/events';
import { requestDecision } from '../../functions/domain/request-decision';
import { csrfTokenFor } from '../../functions/domain/sessions';
import { at, notifiedHistory, reportedEvents } from '../support/authority-histories';
import { location } from '../support/console-requests';
import { type ConsoleWorld, type Cookies, startConsoleWorld } from '../support/console-world';
import { scanAll } from '../support/decision-world';

/**
 * The console's forms for a case after its first decision, on the console handler over real DynamoDB (dynalite) and
 * the embedded OIDC provider: each records through its use case as the signed-in person, answers a 422 form with every
 * answer kept when refused, and writes nothing when refused; an auditor may not write (403), another organisation's
 * breach does not exist (404), a closed case does not change (409). Step Functions is mocked.
 */

let cw: ConsoleWorld;
const NOW = new Date(at(40));

const NOTIFIED = 'BR-CCCC-0000-0000-0001';
const CLOSED = 'BR-CCCC-0000-0000-0002';
const AWAITING = 'BR-CCCC-0000-0000-0003';
const INVALID = 'BR-CCCC-0000-0000-0004';
const AMENDED = 'BR-CCCC-0000-0000-0005';
const CROSS_BORDER = 'BR-CCCC-0000-0000-0006';
const CODES = 'BR-CCCC-0000-0000-0007';

const record = async (breachId: string, organisationId: string, events: readonly NewEvent[]) => {
  const [first, ...rest] = events;
  await cw.world.breaches.create(breachId, organisationId, first as NewEvent<'reported'>);
  for (const event of rest) await cw.world.breaches.append(breachId, event);
};

let dpo: Cookies;
let siro: Cookies;
let auditor: Cookies;
let elsewhere: Cookies;

beforeAll(async () => {
  cw = await startConsoleWorld(
    [
      { id: 'org-s', preset: 'school' },
      { id: 'org-b', preset: 'generic' },
      { id: 'org-c', preset: 'social-care' },
    ],
    { now: () => NOW },
  );
  await record(NOTIFIED, 'org-s', notifiedHistory('school'));
  await record(INVALID, 'org-s', notifiedHistory('school'));
  await record(CLOSED, 'org-s', [
    ...notifiedHistory('school'),
    { type: 'closed', at: at(39), actor: { kind: 'system', component: 'lifecycle' }, data: {} },
  ]);
  await record(AWAITING, 'org-s', reportedEvents('school'));
  await record(AMENDED, 'org-s', notifiedHistory('school'));
  // Key-safe codes of service users' homes were on the lost list: the social-care guide wants them changed.
  await record(
    CODES,
    'org-c',
    notifiedHistory('social-care', { dataCategories: ['basic-identifiers', 'property-access-codes'] }),
  );
  // Some of the people affected are in Ireland: the DPC's notification is a second obligation, with its own clock.
  await record(
    CROSS_BORDER,
    'org-b',
    notifiedHistory('generic', {
      approximateSubjects: 300,
      peopleIn: [
        { place: 'GB', subjects: 200 },
        { place: 'IE', subjects: 100 },
      ],
    }),
  );
  [dpo, siro, auditor, elsewhere] = await Promise.all([
    cw.signIn('usr_org-s-dpo'),
    cw.signIn('usr_org-s-siro'),
    cw.signIn('usr_org-s-auditor'),
    cw.signIn('usr_org-b-dpo'),
  ]);
}, 60_000);

beforeEach(() => {
  cw.world.sfn.resetHistory();
});

afterAll(async () => {
  await cw?.close();
});

const csrfOf = (page: string): string => /name="csrfToken" value="([^"]+)"/.exec(page)?.[1] ?? '';

/** The date-and-time boxes of a field, as the school's clock shows the instant: London is on GMT until 30 March 2025. */
const wall = (name: string, iso: string): Record<string, string> => {
  const d = new Date(iso);
  return {
    [`${name}.day`]: String(d.getUTCDate()),
    [`${name}.month`]: String(d.getUTCMonth() + 1),
    [`${name}.year`]: String(d.getUTCFullYear()),
    [`${name}.hour`]: String(d.getUTCHours()),
    [`${name}.minute`]: String(d.getUTCMinutes()),
  };
};

/** An instant as the form reads it from the boxes: in the school's zone, GMT in March. */
const typed = (hours: number) => at(hours).replace('.000Z', '+00:00');

const get = (cookies: Cookies, path: string) => cw.call('GET', `/console${path}`, { cookies });

/** Opens the form (for its anti-forgery token) and posts these answers. */
const submit = async (
  cookies: Cookies,
  path: string,
  fields: Record<string, string>,
): Promise<APIGatewayProxyResult> => {
  const page = await get(cookies, path);
  const form = new URLSearchParams({ csrfToken: csrfOf(page.body) || csrfOf((await get(cookies, '/')).body) });
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return cw.call('POST', `/console${path}`, { cookies, form });
};

const OUTCOME = {
  outcome: 'remedial-actions-required',
  ...wall('at', at(36)),
  summary: 'The ICO asks for training of the office staff within a month.',
  caseReference: 'IC-555-0001',
  'requiredActions[0].title': 'Train the office staff in handling pupil data.',
  'requiredActions[0].owner.name': 'Olive Office',
  'requiredActions[0].owner.email': 'office@org-s.example.org',
  ...wall('requiredActions[0].dueAt', at(24 * 10)),
};

describe('the authority’s outcome and its required actions', () => {
  it('links the form from the case page once the authority was notified, and records it as the signed-in DPO', async () => {
    const casePage = await get(dpo, `/breaches/${NOTIFIED}`);
    expect(casePage.body).toContain(`href="/v1/console/breaches/${NOTIFIED}/authority-outcome"`);
    const form = await get(dpo, `/breaches/${NOTIFIED}/authority-outcome`);
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('recordedBy');

    const posted = await submit(dpo, `/breaches/${NOTIFIED}/authority-outcome`, OUTCOME);
    expect(posted.statusCode).toBe(303);
    expect(location(posted)).toBe(`/v1/console/breaches/${NOTIFIED}#authority`);

    const state = await cw.world.breaches.state(NOTIFIED);
    expect(state?.authorityCase).toMatchObject({
      caseReference: 'IC-555-0001',
      outcome: { outcome: 'remedial-actions-required', at: typed(36) },
    });
    expect(state?.actions).toEqual([
      expect.objectContaining({
        actionId: 'A1',
        source: 'authority',
        owner: { name: 'Olive Office', email: 'office@org-s.example.org' },
        dueAt: typed(24 * 10),
        status: 'open',
      }),
    ]);
    const events = await cw.world.breaches.events(NOTIFIED);
    const outcome = events.find((e) => e.type === 'authority-outcome');
    expect(outcome?.actor).toEqual({
      kind: 'person',
      name: 'Dana Protection',
      role: 'Data protection officer',
      email: 'dpo@org-s.example.org',
      userId: 'usr_org-s-dpo',
    });
    const shown = await get(dpo, `/breaches/${NOTIFIED}`);
    expect(shown.body).toContain('Remedial actions required');
    expect(shown.body).toContain('Train the office staff in handling pupil data.');
    expect(shown.body).toContain(`href="/v1/console/breaches/${NOTIFIED}/actions/A1"`);
  });

  it('answers an empty or half-filled outcome with 422, every answer kept and each problem on its field, writing nothing', async () => {
    const before = await scanAll(cw.world);
    const empty = await submit(dpo, `/breaches/${INVALID}/authority-outcome`, { caseReference: 'IC-KEPT-1' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('<a href="#outcome">Select what the authority decided</a>');
    expect(empty.body).toContain('Enter what the authority said');
    expect(empty.body).toContain('value="IC-KEPT-1"');

    const noOwner = await submit(dpo, `/breaches/${INVALID}/authority-outcome`, {
      ...OUTCOME,
      'requiredActions[0].owner.name': '',
    });
    expect(noOwner.statusCode).toBe(422);
    expect(noOwner.body).toContain(
      '<a href="#requiredActions-0-owner-name">Enter who will do it (Required action 1)</a>',
    );
    expect(noOwner.body).toContain('Train the office staff in handling pupil data.');

    const future = await submit(dpo, `/breaches/${INVALID}/authority-outcome`, { ...OUTCOME, ...wall('at', at(60)) });
    expect(future.statusCode).toBe(422);
    expect(future.body).toContain('<a href="#at-day">Must not be in the future</a>');
    expect(await scanAll(cw.world)).toEqual(before);
  });
});

describe('closing a tracked action', () => {
  it('refuses the DPO, whom the school’s policy does not name, on the answer, and records the DSIRO', async () => {
    const before = await cw.world.breaches.events(NOTIFIED);
    const byDpo = await submit(dpo, `/breaches/${NOTIFIED}/actions/A1`, {
      outcome: 'complete',
      note: 'Training delivered to all the office staff.',
    });
    expect(byDpo.statusCode).toBe(422);
    expect(byDpo.body).toMatch(/<a href="#outcome">The policy says the senior information risk owner/);
    expect(byDpo.body).toContain('Training delivered to all the office staff.');
    expect(await cw.world.breaches.events(NOTIFIED)).toHaveLength(before.length);

    const page = await get(siro, `/breaches/${NOTIFIED}/actions/A1`);
    expect(page.body).toContain('recorded as done by Sid Risk-Owner, Senior information risk owner');
    const bySiro = await submit(siro, `/breaches/${NOTIFIED}/actions/A1`, {
      outcome: 'complete',
      note: 'Training delivered to all the office staff.',
    });
    expect(bySiro.statusCode).toBe(303);
    const state = await cw.world.breaches.state(NOTIFIED);
    expect(state?.actions?.[0]).toMatchObject({
      status: 'complete',
      closed: { by: { name: 'Sid Risk-Owner', role: 'Senior information risk owner' } },
    });
    expect((await get(dpo, `/breaches/${NOTIFIED}`)).body).not.toContain(`/breaches/${NOTIFIED}/actions/A1"`);
    // Closed once: the form no longer applies.
    const again = await submit(siro, `/breaches/${NOTIFIED}/actions/A1`, {
      outcome: 'complete',
      note: 'Again, twice.',
    });
    expect(again.statusCode).toBe(409);
  });

  it('answers an action the case does not have with 404', async () => {
    expect((await get(siro, `/breaches/${NOTIFIED}/actions/A9`)).statusCode).toBe(404);
  });
});

describe('other parties and exchanges with the authority', () => {
  it('records a party not told with the reason, and asks when one told was told', async () => {
    const casePage = await get(dpo, `/breaches/${NOTIFIED}`);
    expect(casePage.body).toContain(`/breaches/${NOTIFIED}/other-parties/governors"`);
    const told = await submit(dpo, `/breaches/${NOTIFIED}/other-parties/governors`, {
      told: 'yes',
      note: 'Told at the governors’ meeting.',
    });
    expect(told.statusCode).toBe(422);
    expect(told.body).toContain('Say when they were told');

    const notTold = await submit(dpo, `/breaches/${NOTIFIED}/other-parties/governors`, {
      told: 'no',
      note: 'The head was not involved: not a matter for the governors.',
    });
    expect(notTold.statusCode).toBe(303);
    const state = await cw.world.breaches.state(NOTIFIED);
    expect(state?.partyDecisions?.governors).toMatchObject({ told: false });
    expect((await get(dpo, `/breaches/${NOTIFIED}/other-parties/police`)).statusCode).toBe(409);
    expect((await get(dpo, `/breaches/${NOTIFIED}/other-parties/nobody`)).statusCode).toBe(404);
  });

  it('records a letter from the authority with its reference', async () => {
    const posted = await submit(dpo, `/breaches/${NOTIFIED}/authority-exchanges`, {
      direction: 'in',
      channel: 'letter',
      ...wall('at', at(38)),
      summary: 'The ICO acknowledged the report and asked for the training plan.',
      caseReference: 'IC-555-0001',
    });
    expect(posted.statusCode).toBe(303);
    const state = await cw.world.breaches.state(NOTIFIED);
    expect(state?.authorityCase?.exchanges).toEqual([
      expect.objectContaining({ exchangeId: 'E1', direction: 'in', channel: 'letter', at: typed(38) }),
    ]);
    expect((await get(dpo, `/breaches/${NOTIFIED}`)).body).toContain('The ICO acknowledged the report');
  });

  it('records a receipt and the investigator', async () => {
    const receipt = await submit(dpo, `/breaches/${NOTIFIED}/receipts`, {
      from: 'ico',
      reference: 'IC-555-0001',
      ...wall('receivedAt', at(31)),
    });
    expect(receipt.statusCode).toBe(303);
    const investigator = await submit(dpo, `/breaches/${NOTIFIED}/investigator`, {
      'investigator.name': 'Ivy Investigator',
      'investigator.role': 'Deputy Headteacher',
    });
    expect(investigator.statusCode).toBe(303);
    const state = await cw.world.breaches.state(NOTIFIED);
    expect(state?.receipts).toEqual([{ from: 'ico', reference: 'IC-555-0001', receivedAt: typed(31) }]);
    expect(state?.investigator).toMatchObject({ name: 'Ivy Investigator', role: 'Deputy Headteacher' });
  });
});

describe('amending the facts', () => {
  it('lists each fact with a link to change it, and opens the form on the fact as recorded', async () => {
    const facts = await get(dpo, `/breaches/${AMENDED}/amendments`);
    expect(facts.statusCode).toBe(200);
    expect(facts.body).toContain(`href="/v1/console/breaches/${AMENDED}/amendments/description"`);
    expect(facts.body).not.toContain('/amendments/organisationRole"');
    expect((await get(dpo, `/breaches/${AMENDED}/amendments/organisationRole`)).statusCode).toBe(404);
    const state = await cw.world.breaches.state(AMENDED);
    const form = await get(dpo, `/breaches/${AMENDED}/amendments/description`);
    expect(form.body).toContain(state?.report.description ?? 'no description');
  });

  it('refuses an amendment without a reason, or that changes nothing, and records one that does', async () => {
    const before = await cw.world.breaches.events(AMENDED);
    const description = 'A teacher e-mailed the class list with SEN notes to a parent by mistake.';
    const noReason = await submit(dpo, `/breaches/${AMENDED}/amendments/description`, {
      'changes.description': description,
    });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('<a href="#reason">Enter why this fact changes</a>');
    expect(noReason.body).toContain(description);
    const state = await cw.world.breaches.state(AMENDED);
    const unchanged = await submit(dpo, `/breaches/${AMENDED}/amendments/description`, {
      'changes.description': state?.report.description ?? '',
      reason: 'Checked with the class teacher again.',
    });
    expect(unchanged.statusCode).toBe(422);
    expect(unchanged.body).toContain('No fact changes');
    expect(await cw.world.breaches.events(AMENDED)).toHaveLength(before.length);

    const amended = await submit(dpo, `/breaches/${AMENDED}/amendments/description`, {
      'changes.description': description,
      reason: 'The class teacher’s account: it was the SEN notes, not only the list.',
    });
    expect(amended.statusCode).toBe(303);
    const after = await cw.world.breaches.state(AMENDED);
    expect(after?.report.description).toBe(description);
    const event = (await cw.world.breaches.events(AMENDED)).find((e) => e.type === 'fact-amended');
    expect(event?.actor).toMatchObject({ name: 'Dana Protection', userId: 'usr_org-s-dpo' });
    expect(event?.data).toEqual({
      changes: { description },
      reason: 'The class teacher’s account: it was the SEN notes, not only the list.',
    });
  });
});

describe('revising the notification decision', () => {
  it('keeps every answer and names the missing reason, then records the revision as the signed-in DPO', async () => {
    const fields = {
      conclusion: 'authority-and-subjects',
      rationale: 'The ICO’s feedback: the families must be able to protect their children.',
      departureReason: 'The recommendation predates the ICO’s feedback.',
    };
    expect((await get(dpo, `/breaches/${INVALID}/revisions`)).body).toContain('The recommendation');
    const before = await cw.world.breaches.events(INVALID);
    const noReason = await submit(dpo, `/breaches/${INVALID}/revisions`, fields);
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('<a href="#reason">Enter why the decision is revised</a>');
    expect(noReason.body).toContain('The ICO’s feedback: the families must be able to protect their children.');
    expect(await cw.world.breaches.events(INVALID)).toHaveLength(before.length);

    const revised = await submit(dpo, `/breaches/${INVALID}/revisions`, {
      ...fields,
      reason: 'The ICO asked us to tell the families after reviewing the report.',
    });
    expect(revised.statusCode).toBe(303);
    const state = await cw.world.breaches.state(INVALID);
    expect(state?.revisions).toEqual([
      expect.objectContaining({
        previousConclusion: 'authority-only',
        conclusion: 'authority-and-subjects',
        revisedBy: { name: 'Dana Protection', role: 'Data protection officer' },
      }),
    ]);
  });

  it('warns on the case page when a reassessment disagrees with the decision, with the way to revise it', async () => {
    await cw.world.breaches.append(AMENDED, {
      type: 'revision-requested',
      at: at(39),
      actor: { kind: 'system', component: 'reassess' },
      data: { assessmentSeq: 3, decidedConclusion: 'authority-only', recommendedConclusion: 'authority-and-subjects' },
    });
    const casePage = await get(dpo, `/breaches/${AMENDED}`);
    expect(casePage.body).toContain('A reassessment now recommends “Notify the supervisory authority and the people');
    expect(casePage.body).toContain(
      `<a class="govuk-link" href="/v1/console/breaches/${AMENDED}/revisions">Revise the decision</a>`,
    );
  });

  it('does not offer the revision to the DSIRO, whom the policy does not give the decision', async () => {
    expect((await get(siro, `/breaches/${INVALID}`)).body).not.toContain('/revisions"');
    expect((await get(siro, `/breaches/${INVALID}/revisions`)).statusCode).toBe(403);
  });
});

describe('not a personal-data breach', () => {
  it('is offered while the case waits at containment, and closes it through the waiting task', async () => {
    await requestDecision(cw.world.requestDeps, { breachId: AWAITING, step: 'contain', taskToken: 'token-awaiting' });
    cw.world.sfn.resetHistory();
    const casePage = await get(dpo, `/breaches/${AWAITING}`);
    expect(casePage.body).toContain(`/breaches/${AWAITING}/not-a-breach"`);
    expect((await get(dpo, `/breaches/${NOTIFIED}`)).body).not.toContain('/not-a-breach"');
    expect((await get(dpo, `/breaches/${NOTIFIED}/not-a-breach`)).statusCode).toBe(409);

    const short = await submit(dpo, `/breaches/${AWAITING}/not-a-breach`, { reasons: 'No.' });
    expect(short.statusCode).toBe(422);
    expect(cw.world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(0);

    const posted = await submit(dpo, `/breaches/${AWAITING}/not-a-breach`, {
      reasons: 'The stick was found in the office safe; it held no personal data at all.',
    });
    expect(posted.statusCode).toBe(303);
    const state = await cw.world.breaches.state(AWAITING);
    expect(state?.notABreach).toMatchObject({ decidedBy: { name: 'Dana Protection' } });
    expect(cw.world.sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });
});

describe('access codes changed, and a related breach', () => {
  it('offers access codes only where they were at risk under the social-care duty, and records the change', async () => {
    const carer = await cw.signIn('usr_org-c-dpo');
    expect((await get(dpo, `/breaches/${NOTIFIED}/access-codes`)).statusCode).toBe(409);
    expect((await get(carer, `/breaches/${CODES}`)).body).toContain(`/breaches/${CODES}/access-codes"`);
    const none = await submit(carer, `/breaches/${CODES}/access-codes`, {
      ...wall('changedAt', at(20)),
      properties: 'twelve',
      how: 'The locksmith reset each key safe.',
    });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('value="twelve"');
    const posted = await submit(carer, `/breaches/${CODES}/access-codes`, {
      ...wall('changedAt', at(20)),
      properties: '12',
      how: 'The locksmith reset each key safe.',
    });
    expect(posted.statusCode).toBe(303);
    expect((await cw.world.breaches.state(CODES))?.accessCodesChanged).toEqual([
      { changedAt: typed(20), properties: 12, how: 'The locksmith reset each key safe.' },
    ]);
  });

  it('links a related breach of the same organisation, and answers another organisation’s as one that does not exist', async () => {
    const foreign = await submit(dpo, `/breaches/${NOTIFIED}/links`, {
      relatedBreachId: CROSS_BORDER,
      relation: 'similar',
      note: 'The same kind of mistake.',
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.body).toContain(
      '<a href="#relatedBreachId">There is no breach with this reference in your organisation</a>',
    );
    const posted = await submit(dpo, `/breaches/${NOTIFIED}/links`, {
      relatedBreachId: AMENDED,
      relation: 'similar',
      note: 'The same kind of mistake.',
    });
    expect(posted.statusCode).toBe(303);
    expect((await cw.world.breaches.state(NOTIFIED))?.links).toEqual([
      expect.objectContaining({ relatedBreachId: AMENDED, relation: 'similar' }),
    ]);
  });
});

describe('another obligation’s stage', () => {
  it('lists the stage on the case page and records it as sent by the signed-in person', async () => {
    const casePage = await get(elsewhere, `/breaches/${CROSS_BORDER}`);
    expect(casePage.body).toContain('Other obligations');
    const link = /href="\/v1\/console\/breaches\/[^/]+\/obligation-stages\/(\d+)"/.exec(casePage.body);
    expect(link).not.toBeNull();
    const path = `/breaches/${CROSS_BORDER}/obligation-stages/${link?.[1]}`;
    const form = await get(elsewhere, path);
    expect(form.body).toMatch(/<h1[^>]*>Record as sent: [^<]+ to Data Protection Commission<\/h1>/);
    const early = await submit(elsewhere, path, { ...wall('sentAt', at(-5)) });
    expect(early.statusCode).toBe(422);
    expect(early.body).toContain('Cannot be before the organisation became aware');

    const posted = await submit(elsewhere, path, { ...wall('sentAt', at(35)), reference: 'DPC-77' });
    expect(posted.statusCode).toBe(303);
    const state = await cw.world.breaches.state(CROSS_BORDER);
    expect(state?.obligationsSent).toEqual({ 'eu-gdpr-art-33@dpc-ie/notification': typed(35) });
    const event = (await cw.world.breaches.events(CROSS_BORDER)).find((e) => e.type === 'obligation-stage-sent');
    expect(event?.actor).toMatchObject({ kind: 'person', name: 'Dana Protection', userId: 'usr_org-b-dpo' });
    expect((await get(elsewhere, path)).statusCode).toBe(409);
  });
});

describe('who may change a case', () => {
  it('refuses an auditor every form and every post (403), writing nothing', async () => {
    const before = await scanAll(cw.world);
    expect((await get(auditor, `/breaches/${NOTIFIED}/authority-exchanges`)).statusCode).toBe(403);
    const form = new URLSearchParams({ csrfToken: csrfOf((await get(auditor, '/')).body), direction: 'in' });
    const posted = await cw.call('POST', `/console/breaches/${NOTIFIED}/authority-exchanges`, {
      cookies: auditor,
      form,
    });
    expect(posted.statusCode).toBe(403);
    expect(posted.body).toContain('Your role lets you read cases, not change them');
    const casePage = await get(auditor, `/breaches/${NOTIFIED}`);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).not.toContain(`/breaches/${NOTIFIED}/authority-exchanges"`);
    expect(await scanAll(cw.world)).toEqual(before);
  });

  it('refuses a reporter, who reports breaches but does not handle them (403)', async () => {
    const reporter = await cw.signIn('usr_org-s-reporter');
    const before = await scanAll(cw.world);
    // The reporter's own token: their pages carry none, as they may open no case.
    const csrfToken = csrfTokenFor(reporter['__Host-bd_session'] ?? '');
    const form = new URLSearchParams({ csrfToken, from: 'ico', reference: 'IC-1', ...wall('receivedAt', at(31)) });
    expect((await get(reporter, `/breaches/${NOTIFIED}/receipts`)).statusCode).toBe(403);
    const posted = await cw.call('POST', `/console/breaches/${NOTIFIED}/receipts`, { cookies: reporter, form });
    expect(posted.statusCode).toBe(403);
    expect(posted.body).toContain('lets you report breaches, not open them');
    expect(await scanAll(cw.world)).toEqual(before);
  });

  it('answers another organisation’s breach with 404, and a closed case with 409, writing nothing', async () => {
    const before = await scanAll(cw.world);
    expect((await get(elsewhere, `/breaches/${NOTIFIED}/authority-outcome`)).statusCode).toBe(404);
    const form = new URLSearchParams({ csrfToken: csrfOf((await get(elsewhere, '/')).body), ...OUTCOME });
    expect(
      (await cw.call('POST', `/console/breaches/${NOTIFIED}/authority-outcome`, { cookies: elsewhere, form }))
        .statusCode,
    ).toBe(404);
    expect((await submit(dpo, `/breaches/${CLOSED}/authority-outcome`, OUTCOME)).statusCode).toBe(409);
    expect(await scanAll(cw.world)).toEqual(before);
  });

  it('refuses a post without the session’s anti-forgery token', async () => {
    const form = new URLSearchParams({ csrfToken: 'forged', ...OUTCOME });
    const posted = await cw.call('POST', `/console/breaches/${INVALID}/authority-outcome`, { cookies: dpo, form });
    expect(posted.statusCode).toBe(403);
    expect((await cw.world.breaches.state(INVALID))?.authorityCase).toBeUndefined();
  });
});
