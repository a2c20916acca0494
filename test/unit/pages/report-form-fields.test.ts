import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../../functions/domain/field-errors';
import { type BreachReportInput, breachReportShape, makeBreachReportSchema } from '../../../functions/domain/report';
import {
  API_ONLY_FACTS,
  formToReport,
  REPORT_FIELDS,
  reportFormErrors,
  reportToForm,
} from '../../../functions/pages/report-form-fields';
import { isoFromWallTime, wallTimeOf } from '../../../functions/pages/zoned-time';
import { aReportInput, REPORT_NOW } from '../../support/reports';

const LONDON = { timeZone: 'Europe/London' };
const schema = makeBreachReportSchema(() => REPORT_NOW);

/** Timestamps as instants: the form writes the zone's offset ("+01:00") where the API may have sent "Z". */
const instants = (value: unknown): unknown =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)
    ? new Date(value).toISOString()
    : Array.isArray(value)
      ? value.map(instants)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, instants(inner)]))
        : value;

const VARIANTS: Record<string, Partial<BreachReportInput>> = {
  baseline: {},
  'a period, a processor and encrypted data': {
    occurred: { kind: 'between', from: '2025-03-08T23:15:00Z', to: '2025-03-09T07:45:00Z' },
    organisationRole: {
      role: 'processor',
      controller: { name: 'Acme Academy Trust', email: 'dpo@acme.example', phone: '+44 20 7946 0000', role: 'DPO' },
    },
    protection: { kind: 'encrypted', strength: 'weak', keyCompromised: true },
    police: { informed: true, crimeReference: 'CR/123/25' },
    thirdPartyData: { involved: true, detail: 'A partner school’s list was in the same file.' },
    cyberImpact: { impact: 'The file server was encrypted.', recoveryTime: 'Two days' },
    likelyConsequences: 'Distress;\nrisk of fraud.',
    actionsTaken: 'Passwords reset.\r\nBackups checked.',
    dataCategories: ['health', 'financial', 'criminal-offences', 'basic-identifiers'],
    subjectCategories: ['children', 'vulnerable-adults', 'public'],
    breachTypes: ['confidentiality', 'availability', 'integrity'],
  },
  'an unknown time, pseudonymised data, anonymous': {
    occurred: { kind: 'unknown' },
    protection: { kind: 'pseudonymised', reidentificationKeyCompromised: false },
    reporter: { anonymised: true, role: 'Care worker' },
    containment: { contained: false },
    staffTraining: { completed: 'unknown' },
    responsibleRole: 'head',
  },
  'no optional facts at all': {
    reporter: { anonymised: true },
    location: undefined,
    staffTraining: undefined,
    discovery: { channel: 'media' },
    cause: { category: 'ransomware' },
    containment: { contained: true },
  },
};

describe('the report form ⇄ report mapping', () => {
  it.each(Object.entries(VARIANTS))('round-trips a report (%s)', (_name, overrides) => {
    const report = schema.parse(aReportInput(overrides));

    const reading = formToReport(reportToForm(report, LONDON), LONDON);

    expect(reading.problems).toEqual([]);
    const parsed = schema.safeParse(reading.body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const normalised = (value: unknown) =>
      instants(JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n') : v))));
    expect(normalised(parsed.data)).toEqual(normalised(report));
  });

  it('has a question for every fact of the report schema', () => {
    const names = REPORT_FIELDS.map((field) => field.key);
    for (const key of Object.keys(breachReportShape).filter(
      (k) => !(API_ONLY_FACTS as readonly string[]).includes(k),
    )) {
      expect(
        names.some((name) => name === key || name.startsWith(`${key}.`)),
        key,
      ).toBe(true);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('leaves out what was not answered, so the schema says what was needed', () => {
    const reading = formToReport(new URLSearchParams({ description: '  ', 'cause.detail': '' }), LONDON);

    expect(reading).toEqual({ body: {}, problems: [] });
  });

  it('ignores the follow-ups of an answer not chosen, as GOV.UK asks when they are all on show', () => {
    const fields = new URLSearchParams({
      'occurred.kind': 'between',
      'occurred.at.day': '1',
      'occurred.from.day': '2',
      'organisationRole.role': 'controller',
      'organisationRole.controller.name': 'Acme',
      'reporter.anonymised': 'yes',
      'reporter.name': 'Sam',
      'reporter.role': 'Teacher',
      'protection.kind': 'none',
      'protection.strength': 'weak',
    });

    const reading = formToReport(fields, LONDON);

    expect(reading.body.organisationRole).toEqual({ role: 'controller' });
    expect(reading.body.reporter).toEqual({ anonymised: true, role: 'Teacher' });
    expect(reading.body.protection).toEqual({ kind: 'none' });
    // The chosen answer's dates are read (and found incomplete); the other answer's are not.
    expect(reading.problems.map((problem) => problem.path)).toEqual(['occurred.from']);
  });

  it('reads numbers as people write them, and says when a number is not one', () => {
    const reading = formToReport(
      new URLSearchParams({ approximateSubjects: '1,200', approximateRecords: 'about 30' }),
      LONDON,
    );

    expect(reading.body.approximateSubjects).toBe(1200);
    expect(reading.problems).toEqual([
      {
        path: 'approximateRecords',
        message: 'The number of records must be a whole number, like 25. If you do not know, give your best estimate',
      },
    ]);
  });

  it.each([
    [
      { day: '12', month: '', year: '2025', hour: '9', minute: '' },
      'The date you found out must include a month and a minute',
      ['month', 'minute'],
    ],
    [
      { day: '12', month: 'March', year: '2025', hour: '9', minute: '0' },
      'The date you found out must be given in numbers',
      ['month'],
    ],
    [
      { day: '12', month: '3', year: '25', hour: '9', minute: '0' },
      'The year must include 4 numbers, like 2026',
      ['year'],
    ],
    [
      { day: '29', month: '2', year: '2025', hour: '9', minute: '0' },
      'The date you found out must be a real date, and a time on the 24-hour clock',
      undefined,
    ],
    [
      { day: '1', month: '3', year: '2025', hour: '24', minute: '0' },
      'The date you found out must be a real date, and a time on the 24-hour clock',
      undefined,
    ],
  ])('says what is wrong with a date that cannot be read (%o)', (parts, message, marked) => {
    const fields = new URLSearchParams(
      Object.entries(parts).map(([part, value]): [string, string] => [`awareAt.${part}`, value]),
    );

    const reading = formToReport(fields, LONDON);

    expect(reading.problems).toEqual([{ path: 'awareAt', message, ...(marked ? { parts: marked } : {}) }]);
  });
});

describe('date and time in the organisation’s time zone', () => {
  const awareAt = (timeZone: string, day: number, month: number, year: number, hour: number, minute: number) => {
    const fields = new URLSearchParams({
      'awareAt.day': String(day),
      'awareAt.month': String(month),
      'awareAt.year': String(year),
      'awareAt.hour': String(hour),
      'awareAt.minute': String(minute),
    });
    const value = formToReport(fields, { timeZone }).body.awareAt as string;
    return { value, utc: new Date(value).toISOString() };
  };

  it.each([
    ['Europe/London', [15, 1, 2025, 14, 30], '2025-01-15T14:30:00+00:00', '2025-01-15T14:30:00.000Z'],
    ['Europe/London', [1, 7, 2025, 14, 30], '2025-07-01T14:30:00+01:00', '2025-07-01T13:30:00.000Z'],
    // The clocks went forward at 01:00 GMT: 01:30 never happened, and is read as the clock would show it after.
    ['Europe/London', [30, 3, 2025, 1, 30], '2025-03-30T02:30:00+01:00', '2025-03-30T01:30:00.000Z'],
    ['Europe/London', [30, 3, 2025, 2, 0], '2025-03-30T02:00:00+01:00', '2025-03-30T01:00:00.000Z'],
    // The clocks went back at 02:00 BST: 01:30 happened twice, and the first is taken.
    ['Europe/London', [26, 10, 2025, 1, 30], '2025-10-26T01:30:00+01:00', '2025-10-26T00:30:00.000Z'],
    ['Europe/London', [26, 10, 2025, 2, 30], '2025-10-26T02:30:00+00:00', '2025-10-26T02:30:00.000Z'],
    ['Europe/Dublin', [1, 7, 2025, 9, 0], '2025-07-01T09:00:00+01:00', '2025-07-01T08:00:00.000Z'],
    ['America/New_York', [9, 3, 2025, 2, 30], '2025-03-09T03:30:00-04:00', '2025-03-09T07:30:00.000Z'],
    ['Australia/Sydney', [6, 4, 2025, 2, 30], '2025-04-06T02:30:00+11:00', '2025-04-05T15:30:00.000Z'],
    ['Asia/Kolkata', [1, 1, 2025, 0, 0], '2025-01-01T00:00:00+05:30', '2024-12-31T18:30:00.000Z'],
  ] as const)('reads %s wall time %o as %s', (timeZone, [day, month, year, hour, minute], iso, utc) => {
    expect(awareAt(timeZone, day, month, year, hour, minute)).toEqual({ value: iso, utc });
  });

  it('shows an instant as the wall time that reads back as the same instant, in any zone, in any season', () => {
    const zones = fc.constantFrom('Europe/London', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC');
    const minutes = fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 });
    fc.assert(
      fc.property(zones, minutes, (timeZone, minute) => {
        const iso = new Date(minute * 60_000).toISOString();
        const shown = reportToForm({ awareAt: iso }, { timeZone });
        const read = formToReport(shown, { timeZone }).body.awareAt as string;
        const wall = wallTimeOf(iso, timeZone);
        // Only the second pass through a repeated hour reads back differently: as its first occurrence.
        const repeated = Date.parse(isoFromWallTime(wall, timeZone)) !== Date.parse(iso);
        expect(repeated || Date.parse(read) === Date.parse(iso)).toBe(true);
        expect(wallTimeOf(read, timeZone)).toEqual(wall);
      }),
      { numRuns: 300 },
    );
  });
});

describe('problems on the form', () => {
  const errorsFor = (values: URLSearchParams) => {
    const reading = formToReport(values, LONDON);
    const parsed = schema.safeParse(reading.body);
    return reportFormErrors(values, reading.problems, parsed.success ? [] : fieldErrors(parsed.error));
  };

  it('asks for each unanswered question in its own words, in the order of the page (the first minutes’ first)', () => {
    const errors = errorsFor(new URLSearchParams({ 'organisationRole.role': 'processor' }));

    expect(errors.summary.slice(0, 3)).toEqual([
      { text: 'Enter what happened', href: '#description' },
      { text: 'Select what happened to the data', href: '#breachTypes' },
      { text: 'Enter the date and time you found out about it', href: '#awareAt-day' },
    ]);
    expect(errors.byName.get('organisationRole.controller.name')).toEqual({
      message: 'Enter the name of the organisation whose data it is',
    });
    expect(errors.byName.get('awareAt')).toEqual({ message: 'Enter the date and time you found out about it' });
    expect(errors.byName.get('reporter.anonymised')?.message).toBe('Select whether you want to give your name');
    expect(errors.byName.has('location')).toBe(false);
  });

  it('puts a report that started after awareness on the date it started', () => {
    const values = reportToForm(
      aReportInput({ occurred: { kind: 'at', at: '2025-03-10T11:00:00Z' }, awareAt: '2025-03-10T10:00:00Z' }),
      LONDON,
    );

    const errors = errorsFor(values);

    expect(errors.summary).toEqual([
      { text: 'The date it happened must be before the date you found out about it', href: '#occurred-at-day' },
    ]);
  });

  it('says how long an answer may be, and that a future awareness time is not possible', () => {
    const values = reportToForm(aReportInput({ awareAt: '2025-03-11T10:00:00Z' }), LONDON);
    values.set('location', 'x'.repeat(501));

    const errors = errorsFor(values);

    expect(errors.byName.get('location')?.message).toBe('Where it happened must be 500 characters or fewer');
    expect(errors.byName.get('awareAt')?.message).toBe(
      'The date you found out must be today or in the past, and not before 25 May 2018',
    );
  });

  it('links a date’s problem to the first box that is wrong, and marks only those', () => {
    const values = new URLSearchParams({ 'awareAt.day': '3', 'awareAt.year': '2025', 'awareAt.hour': '9' });
    values.set('awareAt.minute', '5');

    const errors = errorsFor(values);

    expect(errors.byName.get('awareAt')).toEqual({
      message: 'The date you found out must include a month',
      parts: ['month'],
    });
    expect(errors.summary.find((item) => item.text.startsWith('The date you found out'))?.href).toBe('#awareAt-month');
  });

  it('names an answer no option offers as an answer to choose again', () => {
    const values = reportToForm(aReportInput(), LONDON);
    values.set('cause.category', 'aliens');
    values.append('dataCategories', 'horoscopes');

    const errors = errorsFor(values);

    expect(errors.summary).toEqual([
      { text: 'Select the kinds of information involved from the list', href: '#dataCategories' },
      { text: 'Select what caused the breach from the list', href: '#cause-category' },
    ]);
  });
});
