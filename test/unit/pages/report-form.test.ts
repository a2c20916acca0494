import { describe, expect, it } from 'vitest';
import { deadlinesFor } from '../../../functions/domain/clocks';
import { fieldErrors } from '../../../functions/domain/field-errors';
import { presetPolicy } from '../../../functions/domain/presets';
import { makeBreachReportSchema } from '../../../functions/domain/report';
import {
  alreadySentPage,
  formNotFoundPage,
  placedFieldNames,
  type ReportConfirmationInput,
  renderReportConfirmation,
  renderReportForm,
} from '../../../functions/pages/report-form';
import {
  anchorOf,
  defaultReportFormValues,
  formToReport,
  REPORT_FIELDS,
  reportFormErrors,
} from '../../../functions/pages/report-form-fields';
import { isFormKey, isValidReportFormToken, newFormKey, reportFormTokenFor } from '../../../functions/report-form/csrf';
import { errorSummaryLinks, idsOf, inlineError, submittedFields } from '../../support/form-fields';

const policy = presetPolicy('school');
const ORGANISATION = { id: 'demo-school', name: 'St Clare’s <Primary> & Nursery', policy };
const KEY = 'k'.repeat(40);

const freshForm = (values = defaultReportFormValues(policy)) =>
  renderReportForm({ organisation: ORGANISATION, csrfToken: 'token-1', formKey: 'key-1', values });

const submitted = (values: URLSearchParams) => {
  const reading = formToReport(values, { timeZone: policy.timeZone });
  const parsed = makeSchema().safeParse(reading.body);
  const errors = reportFormErrors(values, reading.problems, parsed.success ? [] : fieldErrors(parsed.error));
  return renderReportForm({ organisation: ORGANISATION, csrfToken: 'token-1', formKey: 'key-1', values, errors });
};

const makeSchema = () => makeBreachReportSchema(() => new Date('2025-03-10T12:00:00Z'));

describe('the report form page', () => {
  it('places every question exactly once: at the top of a part, or under the answer it follows', () => {
    const placed = placedFieldNames();

    expect([...placed].sort()).toEqual(REPORT_FIELDS.map((field) => field.key).sort());
  });

  it('renders the first minutes’ part, the rest folded in numbered parts, the token and the form key, and no script or style', () => {
    const page = freshForm();

    expect([...page.matchAll(/<h2 class="govuk-fieldset__heading">([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual([
      '1. What you know now',
      '2. More about what happened',
      '3. When it happened and how you found out',
      '4. More about the data',
      '5. More about the people',
      '6. What has been done',
      '7. About you',
    ]);
    expect(page).toContain('<details class="govuk-details" id="more"><summary');
    const fields = submittedFields(page);
    expect(fields.get('csrfToken')).toBe('token-1');
    expect(fields.get('formKey')).toBe('key-1');
    expect(fields.get('organisationRole.role')).toBe('controller');
    expect(page).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
  });

  it('gives every input a unique id, and every error summary target exists', () => {
    const page = submitted(new URLSearchParams());
    const ids = idsOf(page);

    expect(new Set(ids).size).toBe(ids.length);
    const links = errorSummaryLinks(page);
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) expect(ids).toContain(link.href.slice(1));
    for (const field of REPORT_FIELDS) expect(ids).toContain(anchorOf(field));
  });

  it('escapes what people typed and the organisation’s name, keeping the text as typed', () => {
    const values = new URLSearchParams({
      description: '</textarea><script>alert(1)</script>',
      location: '" autofocus onfocus="alert(1)',
      'reporter.anonymised': 'no',
      'reporter.name': '<img src=x>',
    });

    const page = submitted(values);

    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x>');
    expect(page).not.toMatch(/\sonfocus="/);
    expect(page).toContain('St Clare’s &lt;Primary&gt; &amp; Nursery');
    const kept = submittedFields(page);
    expect(kept.get('description')).toBe('</textarea><script>alert(1)</script>');
    expect(kept.get('location')).toBe('" autofocus onfocus="alert(1)');
    expect(kept.get('reporter.name')).toBe('<img src=x>');
  });

  it('shows each problem beside its field, and keeps every answer, chosen or typed', () => {
    const values = new URLSearchParams({
      description: 'A laptop was left on a train.\nIt has not been found.',
      'awareAt.day': '31',
      'awareAt.month': '2',
      'awareAt.year': '2025',
      'awareAt.hour': '9',
      'awareAt.minute': '15',
      'protection.kind': 'encrypted',
      'protection.strength': 'strong',
    });
    values.append('dataCategories', 'health');
    values.append('dataCategories', 'financial');

    const page = submitted(values);

    expect(page).toContain('<title>Error: Report a personal data breach');
    expect(inlineError(page, 'awareAt')).toBe(
      'The date you found out must be a real date, and a time on the 24-hour clock',
    );
    expect(inlineError(page, 'cause-category')).toBe('Select what caused the breach');
    const kept = submittedFields(page);
    for (const name of ['description', 'awareAt.day', 'awareAt.month', 'protection.kind', 'protection.strength']) {
      expect(kept.get(name), name).toBe(values.get(name));
    }
    expect(kept.getAll('dataCategories')).toEqual(['financial', 'health']);
  });

  it('lists a problem with the form as a whole first', () => {
    const page = renderReportForm({
      organisation: ORGANISATION,
      csrfToken: 't',
      formKey: 'k',
      values: new URLSearchParams(),
      formProblem: 'Your report could not be sent. Check your answers, then send it again.',
    });

    expect(errorSummaryLinks(page)).toEqual([
      { href: '', text: 'Your report could not be sent. Check your answers, then send it again.' },
    ]);
  });
});

describe('the confirmation page', () => {
  const confirmation = (overrides: Partial<ReportConfirmationInput> = {}) => {
    const awareAt = overrides.awareAt ?? '2025-07-01T09:30:00+01:00';
    return renderReportConfirmation({
      organisation: ORGANISATION,
      breachId: 'BR-7K3M-9QXD-2F8A-1C4T',
      awareAt,
      deadlines: deadlinesFor(awareAt, policy.clocks),
      workflow: 'started',
      anonymous: false,
      now: new Date('2025-07-01T10:00:00Z'),
      formPath: '/v1/report/demo-school',
      ...overrides,
    });
  };

  it('shows the reference and the 72-hour deadline in the organisation’s time zone', () => {
    const page = confirmation();

    expect(page).toContain('<h1 class="govuk-panel__title">Report sent</h1>');
    expect(page).toContain('<strong>BR-7K3M-9QXD-2F8A-1C4T</strong>');
    expect(page).toContain('<strong>Friday 4 July 2025, 09:30 BST</strong>');
    expect(page).toContain('has been told by e-mail');
    expect(page).toContain('href="/v1/report/demo-school"');
    expect(page).not.toContain('already passed');
  });

  it('says a deadline that passed before the report has passed', () => {
    const page = confirmation({ awareAt: '2025-01-10T09:00:00Z', now: new Date('2025-01-20T09:00:00Z') });

    expect(page).toContain('Monday 13 January 2025, 09:00 GMT');
    expect(page).toContain('This deadline has already passed');
  });

  it('tells an anonymous reporter that nobody can come back to them, and a pending start to contact the DPO', () => {
    const page = confirmation({ anonymous: true, workflow: 'pending' });

    expect(page).toContain('You stayed anonymous');
    expect(page).toContain('will be told by e-mail shortly');
  });

  it('escapes the organisation’s words on the pages that name a reference', () => {
    expect(alreadySentPage('BR-<x>').body).toContain('BR-&lt;x&gt;');
    expect(formNotFoundPage().statusCode).toBe(404);
  });
});

describe('the report form token', () => {
  it('holds for the organisation and form key it was made for, and no other', () => {
    const formKey = newFormKey();
    const token = reportFormTokenFor(KEY, 'demo-school', formKey);

    expect(isFormKey(formKey)).toBe(true);
    expect(isValidReportFormToken(KEY, 'demo-school', formKey, token)).toBe(true);
    expect(isValidReportFormToken(KEY, 'demo-generic', formKey, token)).toBe(false);
    expect(isValidReportFormToken(KEY, 'demo-school', newFormKey(), token)).toBe(false);
    expect(isValidReportFormToken('j'.repeat(40), 'demo-school', formKey, token)).toBe(false);
    expect(isValidReportFormToken(KEY, 'demo-school', formKey, `${token}x`)).toBe(false);
    expect(isValidReportFormToken(KEY, 'demo-school', 'not a key', token)).toBe(false);
    expect(isValidReportFormToken(KEY, 'demo-school', formKey, null)).toBe(false);
  });
});
