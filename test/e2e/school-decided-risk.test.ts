import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConsoleDirectory } from '../../functions/adapters/console-directory';
import { SESSION_COOKIE } from '../../functions/console/cookies';
import { generateApiKey, hashApiKey } from '../../functions/domain/api-keys';
import { newSession, newToken } from '../../functions/domain/sessions';
import { greetingFor } from '../../functions/domain/subject-notice';
import { type LocalApiGateway, startApiGateway } from '../../local/api-gateway';
import { apiMount } from '../../local/api-routes';
import { demoUsers } from '../../local/demo-users';
import { submittedFields } from '../support/form-fields';
import { aReportInput } from '../support/reports';
import type { StoredEmail } from '../support/ses';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';
import { flat, pageLines } from './support/pdf-text';

/**
 * St Clare's again, as a DPO tried it: a class list with safeguarding notes e-mailed to one parent. The system
 * recommends a report to the ICO only; the DPO decides the risk is high (authority and the families), and says why.
 * Everything that follows — the ICO report, the parents' e-mails and the letters — carries the decided high risk,
 * none says misuse is unlikely, and none tells the families about the departure. The notify-subjects step shows the
 * notices first, counted per channel: nothing leaves until "Send 2 e-mails and 1 letter" is pressed, a count made
 * stale by the list changing is refused with nothing sent, and what the inbox receives is what the preview showed.
 */

const dpo = { name: 'Dana Protection', role: 'Data Protection Officer' };
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const parents = [
  { child: 'Noah Whitfield', parent: 'Sarah Whitfield', email: 'sarah.whitfield@example.net' },
  { child: 'Zofia Wiśniewska', parent: 'Grażyna Wiśniewska', email: 'grazyna@example.net' },
  { child: 'Ola Dąbrowska', parent: 'Łukasz Dąbrowski', email: undefined, address: '3 Mill Row, Worcester WR2 4LP' },
];

let world: LifecycleWorld;
let gateway: LocalApiGateway;
let school: Organisation;
let key: string;
let breachId: string;

const api = (method: string, path: string, body?: string, contentType = 'application/json') =>
  fetch(`${gateway.url}/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
    ...(body === undefined ? {} : { body }),
  });

/** The DPO's browser in the console: a session as signing in leaves it (sign-in itself is tested in test/local). */
let cookie = '';

const consoleCall = async (method: 'GET' | 'POST', path: string, form?: URLSearchParams) => {
  const handler = world.runtime.http.console;
  if (!handler) throw new Error('no console in the runtime');
  const event = {
    httpMethod: method,
    path,
    resource: '/console/{proxy+}',
    headers: { cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.replace(/^\/console\//, '') },
    stageVariables: null,
    body: form ? form.toString() : null,
    isBase64Encoded: false,
    requestContext: { requestId: 'e2e', path: `/v1${path}` },
  } as unknown as APIGatewayProxyEvent;
  return (await handler(event, {})) as APIGatewayProxyResult;
};

/** The fields of the page's own form, not the sign-out form in the bar above it. */
const fieldsOf = (page: APIGatewayProxyResult) => submittedFields(page.body.slice(page.body.indexOf('<main')));

const notices = async (): Promise<StoredEmail[]> =>
  (await world.ses.messages()).filter((m) => /^Important: a data breach at /.test(m.subject));

const decode = (html: string) =>
  html.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? e,
  );

beforeAll(async () => {
  world = await startLifecycleWorld();
  school = await world.organisation('school', {
    dpo: { phone: '01905 000 111', postalAddress: 'St Clare’s, 1 School Lane, Worcester WR1 1AA' },
  });
  key = generateApiKey();
  await world.organisations.addApiKeyHash(school.id, hashApiKey(key));
  gateway = await startApiGateway();
  gateway.mount(apiMount(world.runtime.http));
  const directory = new DynamoConsoleDirectory({ client: world.table.client, tableName: world.table.tableName });
  const person = demoUsers([{ id: school.id }]).find((user) => user.roles.includes('dpo'));
  if (!person) throw new Error('no DPO among the demo users');
  await directory.putUser(person);
  const token = newToken();
  await directory.putSession(newSession(token, person, new Date()));
  cookie = `${SESSION_COOKIE}=${token}`;
});

afterAll(async () => {
  await gateway?.close();
  await world?.close();
});

describe('a school case decided against the recommendation', () => {
  it('is reported, its parents listed, and decided a high risk against a recommendation of the ICO only', async () => {
    const response = await world.report(
      school,
      aReportInput(
        {
          description: 'A class list with safeguarding notes was e-mailed to one parent instead of the staff list.',
          cause: { category: 'misdirected-email' },
          dataCategories: ['basic-identifiers', 'childrens-records', 'contact-details'],
          subjectCategories: ['pupils-or-students', 'parents-or-carers'],
          approximateSubjects: 3,
          approximateRecords: 3,
          recipient: 'untrusted',
          recovery: 'not-recovered',
        },
        new Date(),
      ),
    );
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    const csv = [
      'name,email,postal_address,representative_name,representative_email,representative_relationship,representative_postal_address',
      ...parents.map((p) =>
        [p.child, '', p.address ? `"${p.address}"` : '', p.parent, p.email ?? '', 'Parent', ''].join(','),
      ),
      '',
    ].join('\r\n');
    const upload = await api('POST', `/breaches/${breachId}/subjects`, csv, 'text/csv');
    expect(upload.status, await upload.clone().text()).toBe(200);

    await world.waitForStep(breachId, 'contain');
    await world.decideByLink(breachId, 'contain', {
      decidedBy: dpo,
      contained: true,
      measures: 'The parent was asked to delete the e-mail.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'decide');
    const { assessment } = await world.state(breachId);
    expect(assessment?.conclusion).toBe('authority-only');

    await world.decideByLink(breachId, 'decide', {
      decidedBy: dpo,
      conclusion: 'authority-and-subjects',
      rationale: 'Safeguarding notes about three children reached a parent who knows them: the families must act.',
      departureReason: 'The recipient is subject to a court order about one of the children.',
      severityLevel: 3,
    });
    await world.waitForStep(breachId, 'notify-authority');
    await world.decideByLink(breachId, 'notify-authority', {
      decidedBy: dpo,
      channel: 'ico-online-form',
      submittedAt: hoursAgo(0.1),
      reference: 'ICO/00054321',
      dpoConsultedAt: hoursAgo(0.3),
      qualityCheckedBy: { name: 'Sam Deputy', role: 'SLT' },
    });
  });

  it('sends the ICO a report that carries the decided high risk and its reasons, frozen as sent', async () => {
    const response = await api('GET', `/breaches/${breachId}/authority-report?format=text`);
    const text = await response.text();

    expect(response.headers.get('breachdesk-report-sha256')).toMatch(/^[0-9a-f]{64}$/);
    expect(text).toContain('a high risk to people');
    expect(text).toContain('Safeguarding notes about three children reached a parent who knows them');
    expect(text).not.toMatch(/Neutral|remote|unlikely/i);
    expect(text).not.toContain('court order');
  });

  let previewText = '';

  it('shows who will be told, how many by each channel, and the exact notice, and sends nothing until "Send 2 e-mails and 1 letter" is pressed', async () => {
    await world.waitForStep(breachId, 'notify-subjects');
    // The link in the DPO's mail leads, signed in, to the step's form.
    const secret = await world.linkFor(breachId, 'notify-subjects');
    const opened = await consoleCall('GET', `/console/decisions/${secret}`);
    expect(opened.statusCode).toBe(303);
    const step = String(opened.headers?.location).replace(/^\/v1/, '');
    expect(step).toBe(`/console/breaches/${breachId}/decisions/notify-subjects`);
    const form = fieldsOf(await consoleCall('GET', step));
    form.set('method', 'email-and-letter');
    expect(form.has('decidedBy.name')).toBe(false);

    const preview = await consoleCall('POST', step, form);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Check the notices before they are sent');
    expect(preview.body).toContain('>Send 2 e-mails and 1 letter</button>');
    const summary = Object.fromEntries(
      [
        ...preview.body.matchAll(
          /<dt class="govuk-summary-list__key">([^<]*)<\/dt>\s*<dd class="govuk-summary-list__value">([^<]*)<\/dd>/g,
        ),
      ].map((m) => [m[1]?.trim(), m[2]?.trim()]),
    );
    expect(summary).toMatchObject({
      'People on the list': '3',
      'E-mails to the people affected': '0',
      'E-mails to a representative': '2',
      'Letters to print and post': '0',
      'Letters to a representative': '1',
    });
    expect(summary['Not reached this way']).toBeUndefined();
    previewText = decode(/<pre class="govuk-body" id="notice-preview">([\s\S]*?)<\/pre>/.exec(preview.body)?.[1] ?? '');
    expect(previewText).toContain('We think there is a high risk that this could affect you.');
    expect(previewText).not.toMatch(/unlikely|court order|recommend/i);
    expect(await notices()).toHaveLength(0);
    expect(await world.eventsOf(breachId, 'subject-notices-sent')).toHaveLength(0);

    // "Update the preview" with an edit: still nothing sent; a section emptied is refused, as Art. 34(2) needs it.
    const edited = fieldsOf(preview);
    edited.set('wording.whatYouCanDo', '- Talk to your child about what happened.\n- Call us if anyone contacts you.');
    const again = await consoleCall('POST', step, edited);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Talk to your child about what happened.');
    const emptied = fieldsOf(again);
    emptied.set('wording.whatWeDid', '');
    emptied.set('action', 'send');
    const refused = await consoleCall('POST', step, emptied);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('do not leave it out');
    expect(await notices()).toHaveLength(0);

    // A preview made stale (here: as if shown before the third parent was listed) sends nothing: 409, said precisely.
    const stale = fieldsOf(again);
    expect(stale.get('confirmedSend.emails')).toBe('2');
    expect(stale.get('confirmedSend.letters')).toBe('1');
    stale.set('confirmedSend.letters', '0');
    stale.set('action', 'send');
    const refusedStale = await consoleCall('POST', step, stale);
    expect(refusedStale.statusCode).toBe(409);
    expect(decode(refusedStale.body)).toContain(
      'The list has changed since the notices were previewed: it now gives 2 e-mails and 1 letter, not 2 e-mails and 0 letters. Nothing was sent; preview the notices again.',
    );
    expect(refusedStale.body).toContain('>Send 2 e-mails and 1 letter</button>');
    expect(await notices()).toHaveLength(0);
    expect(await world.eventsOf(breachId, 'decision-taken')).not.toContainEqual(
      expect.objectContaining({ data: expect.objectContaining({ step: 'notify-subjects' }) }),
    );

    previewText = decode(/<pre class="govuk-body" id="notice-preview">([\s\S]*?)<\/pre>/.exec(again.body)?.[1] ?? '');
    const send = fieldsOf(again);
    send.set('action', 'send');
    const sent = await consoleCall('POST', step, send);
    expect(sent.statusCode).toBe(303);
    const taken = (await world.eventsOf(breachId, 'decision-taken')).find((e) => e.data.step === 'notify-subjects');
    expect(taken?.actor).toMatchObject({
      kind: 'person',
      userId: `usr_${school.id}-dpo`,
      role: 'Data protection officer',
    });
    await world.waitForStep(breachId, 'notify-other-parties');
  });

  it('delivers to each parent exactly the notice the preview showed, with their greeting', async () => {
    const mails = await notices();
    expect(mails.flatMap((m) => m.destination.to).sort()).toEqual(
      parents.flatMap((p) => (p.email ? [p.email] : [])).sort(),
    );
    for (const p of parents.filter((x) => x.email)) {
      const mail = mails.find((m) => m.destination.to.includes(p.email as string));
      const greeting = greetingFor({ name: p.child, representative: { name: p.parent, relationship: 'parent' } }, 'x');
      const expected = previewText.replace(
        '[Dear … : each person’s own greeting]',
        greetingFor(
          { name: p.child, representative: { name: p.parent, relationship: 'parent' } },
          (await world.organisations.get(school.id))?.name ?? '',
        ),
      );
      expect(greeting).toContain(`as ${p.child}’s parent`);
      expect(mail?.body.text).toBe(expected);
      expect(mail?.body.text).toContain('Talk to your child about what happened.');
      expect(mail?.body.text).toContain('Article 34 of the UK GDPR');
    }
  });

  it('prints the letter to the parent without e-mail with the same decided risk, their name as they write it', async () => {
    const response = await api('GET', `/breaches/${breachId}/letters?format=pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('breachdesk-letters-check')).toBeNull();
    const doc = await PDFDocument.load(new Uint8Array(await response.arrayBuffer()));
    const text = flat(pageLines(doc).flat().join(' '));

    expect(text).toContain('Łukasz Dąbrowski');
    expect(text).toContain('About: Ola Dąbrowska');
    expect(text).toContain('We are writing to you as Ola Dąbrowska’s parent');
    expect(text).toContain('We think there is a high risk that this could affect you.');
    expect(text).toContain('Talk to your child about what happened.');
    expect(text).not.toMatch(/unlikely|court order/i);
    expect(text).not.toContain('go through it with them');
  });
});
