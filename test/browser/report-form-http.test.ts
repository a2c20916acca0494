import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { createDocumentClient } from '../../functions/adapters/dynamodb-client';
import type { BreachEvent } from '../../functions/domain/events';
import { reportToForm } from '../../functions/pages/report-form-fields';
import { PAGE_CSP } from '../../functions/pages/response';
import { errorSummaryLinks, submittedFields } from '../support/form-fields';
import { aReportInput } from '../support/reports';
import { type BrowserSystem, startBrowserSystem } from './support/system';

/**
 * The report form over HTTP, as a browser without JavaScript sends it, against the whole local system: what the
 * browser tests cannot easily do (send the same form twice, forge or alter it, send too much).
 */

const ORGANISATION = 'demo-generic';
const TIME_ZONE = 'Europe/London';

let system: BrowserSystem;
let breaches: DynamoBreachRepository;

beforeAll(async () => {
  system = await startBrowserSystem();
  const { endpoints, tableName } = system.mode.info;
  const client = createDocumentClient({
    endpoint: endpoints.dynamodb,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  breaches = new DynamoBreachRepository({ client, tableName });
});

afterAll(async () => {
  await system?.close();
});

interface Page {
  status: number;
  headers: Headers;
  body: string;
}

const get = async (url: string): Promise<Page> => {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: await response.text() };
};

const post = async (url: string, body: URLSearchParams | string, contentType = 'application/x-www-form-urlencoded') => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: String(body) });
  return { status: response.status, headers: response.headers, body: await response.text() } satisfies Page;
};

/** A fresh form's token and key with a whole report's answers, as a person would have filled it in. */
const filledForm = async (overrides: Parameters<typeof aReportInput>[0] = {}): Promise<URLSearchParams> => {
  const shown = submittedFields((await get(system.formUrl(ORGANISATION))).body);
  const fields = new URLSearchParams({
    csrfToken: shown.get('csrfToken') ?? '',
    formKey: shown.get('formKey') ?? '',
  });
  for (const [name, value] of reportToForm(aReportInput(overrides, new Date()), { timeZone: TIME_ZONE })) {
    fields.append(name, value);
  }
  return fields;
};

const referenceIn = (body: string): string | undefined =>
  /<strong>(BR-[0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})<\/strong>/.exec(body)?.[1];

describe('POST /report/{organisation}', () => {
  it('lands a form sent twice on one breach, recorded as reported through the form', async () => {
    const fields = await filledForm();

    const first = await post(system.formUrl(ORGANISATION), fields);
    const second = await post(system.formUrl(ORGANISATION), fields);

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const breachId = referenceIn(first.body);
    expect(breachId).toBeDefined();
    expect(referenceIn(second.body)).toBe(breachId);
    const events = await breaches.events(breachId as string);
    const reported = events.filter((event): event is BreachEvent<'reported'> => event.type === 'reported');
    expect(reported).toHaveLength(1);
    expect(reported[0]?.data.channel).toBe('form');
    expect(reported[0]?.actor).toEqual({ kind: 'reporter', name: 'Sam Taylor', role: 'Office manager' });
  });

  it('records nothing of an anonymous report’s name, even one typed before choosing to stay anonymous', async () => {
    const fields = await filledForm({ reporter: { anonymised: true, role: 'Care worker' } });
    fields.set('reporter.name', 'Typed Before Changing Mind');

    const sent = await post(system.formUrl(ORGANISATION), fields);

    expect(sent.status).toBe(200);
    const [reported] = await breaches.events(referenceIn(sent.body) as string);
    expect(reported?.actor).toEqual({ kind: 'reporter', role: 'Care worker' });
    expect(JSON.stringify(reported)).not.toContain('Typed Before');
    expect(sent.body).toContain('You stayed anonymous');
  });

  it('does not record a changed form sent again under the same key, and says where the first one went', async () => {
    const fields = await filledForm();
    const first = await post(system.formUrl(ORGANISATION), fields);
    fields.set('description', 'Something else entirely.');

    const changed = await post(system.formUrl(ORGANISATION), fields);

    expect(changed.status).toBe(422);
    expect(changed.body).toContain('This form has already been sent');
    expect(referenceIn(changed.body)).toBe(referenceIn(first.body));
  });

  it('refuses a form whose token does not match, giving the answers back on a fresh form', async () => {
    const fields = await filledForm();
    fields.set('csrfToken', 'forged');

    const refused = await post(system.formUrl(ORGANISATION), fields);

    expect(refused.status).toBe(403);
    expect(errorSummaryLinks(refused.body).map((link) => link.text)).toEqual([
      'Your report could not be sent. Check your answers, then send it again.',
    ]);
    const again = submittedFields(refused.body);
    expect(again.get('description')).toBe(fields.get('description'));
    expect(again.get('formKey')).not.toBe(fields.get('formKey'));
    expect(referenceIn(refused.body)).toBeUndefined();
  });

  it('refuses a token made for another organisation’s form', async () => {
    const fields = await filledForm();

    const refused = await post(system.formUrl('demo-school'), fields);

    expect(refused.status).toBe(403);
  });

  it('answers 413 past 256 KB and 415 for anything but a urlencoded form, with a page', async () => {
    const fields = await filledForm();
    fields.set('description', 'x'.repeat(300 * 1024));

    const tooLarge = await post(system.formUrl(ORGANISATION), fields);
    const json = await post(system.formUrl(ORGANISATION), JSON.stringify({}), 'application/json');

    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toContain('The form could not be read');
    expect(json.status).toBe(415);
  });

  it('serves every page with the strict page headers', async () => {
    const fresh = await get(system.formUrl(ORGANISATION));
    const invalid = await post(system.formUrl(ORGANISATION), new URLSearchParams(submittedFields(fresh.body)));
    const unknown = await get(system.formUrl('nobody'));

    expect([fresh.status, invalid.status, unknown.status]).toEqual([200, 422, 404]);
    for (const page of [fresh, invalid, unknown]) {
      expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.body).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    }
  });
});
