import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../functions/domain/field-errors';
import { presetPolicy } from '../../../functions/domain/presets';
import { makeBreachReportSchema } from '../../../functions/domain/report';
import { NOT_YET_KNOWN, withFirstMinutesDefaults } from '../../../functions/pages/report-first-minutes';
import { renderReportForm } from '../../../functions/pages/report-form';
import {
  defaultReportFormValues,
  formToReport,
  reportFormErrors,
  reportToForm,
} from '../../../functions/pages/report-form-fields';
import { aReportInput } from '../../support/reports';

const policy = presetPolicy('school');
const LONDON = { timeZone: policy.timeZone };
const schema = makeBreachReportSchema(() => new Date('2025-03-10T12:00:00Z'));

/** What the form handler does with a post: read, fill what the first minutes left, judge with the schema. */
const send = (values: URLSearchParams) => {
  const reading = formToReport(values, LONDON);
  const report = withFirstMinutesDefaults(reading.body);
  const parsed = schema.safeParse(report);
  return {
    report,
    parsed,
    errors: reportFormErrors(values, reading.problems, parsed.success ? [] : fieldErrors(parsed.error)),
  };
};

const page = (values: URLSearchParams, errors?: ReturnType<typeof send>['errors']) =>
  renderReportForm({
    organisation: { id: 'demo-school', name: 'St Clare’s', policy },
    csrfToken: 't',
    formKey: 'k',
    values,
    ...(errors ? { errors } : {}),
  });

const FIRST_MINUTES = new URLSearchParams({
  description: 'I sent the Year 6 results to the wrong parent.',
  breachTypes: 'confidentiality',
  'awareAt.day': '10',
  'awareAt.month': '3',
  'awareAt.year': '2025',
  'awareAt.hour': '9',
  'awareAt.minute': '30',
  dataCategories: 'education',
  subjectCategories: 'pupils-or-students',
  approximateSubjects: '28',
});

describe('the first minutes of a report', () => {
  it('sends an empty form back for the six first-minute questions only, in the order of the page', () => {
    const { errors } = send(defaultReportFormValues(policy));

    expect(errors.summary.map((item) => item.href)).toEqual([
      '#description',
      '#breachTypes',
      '#awareAt-day',
      '#dataCategories',
      '#subjectCategories',
      '#approximateSubjects',
    ]);
  });

  it('records a report from the first minutes alone, with the rest as not yet known', () => {
    const values = new URLSearchParams([...defaultReportFormValues(policy), ...FIRST_MINUTES]);
    const { parsed, report } = send(values);

    expect(parsed.success).toBe(true);
    expect(report).toMatchObject({ ...NOT_YET_KNOWN, approximateSubjects: 28, approximateRecords: 28 });
    expect(report.organisationRole).toEqual({ role: 'controller' });
  });

  it('never replaces an answer given: a full report reads exactly as it did before the first-minutes form', () => {
    const full = reportToForm(aReportInput(), LONDON);
    const reading = formToReport(full, LONDON);

    expect(withFirstMinutesDefaults(reading.body)).toEqual(reading.body);
    expect(schema.safeParse(withFirstMinutesDefaults(reading.body)).success).toBe(true);
  });

  it('fills only the missing part of a partial answer, keeping what was typed', () => {
    const report = withFirstMinutesDefaults({
      discovery: { detail: 'A parent rang the office.' },
      reporter: { anonymised: false, name: 'Sam' },
    });

    expect(report.discovery).toEqual({ channel: 'staff', detail: 'A parent rang the office.' });
    expect(report.reporter).toEqual({ anonymised: false, name: 'Sam' });
  });

  it('keeps the rest folded on a fresh form, and opens it when it holds an answer or a problem', () => {
    expect(page(defaultReportFormValues(policy))).toContain('<details class="govuk-details" id="more"><summary');

    const typed = new URLSearchParams([...defaultReportFormValues(policy), ['location', 'The school office']]);
    expect(page(typed)).toContain('<details class="govuk-details" id="more" open>');

    const wrong = new URLSearchParams([
      ...defaultReportFormValues(policy),
      ...FIRST_MINUTES,
      ['approximateRecords', 'lots'],
    ]);
    const { errors } = send(wrong);
    expect(errors.summary.map((item) => item.href)).toEqual(['#approximateRecords']);
    expect(page(wrong, errors)).toContain('<details class="govuk-details" id="more" open>');
  });
});
