import { type BreachReport, type BreachReportInput, makeBreachReportSchema } from '../../functions/domain/report';

/**
 * A realistic, valid breach report for tests: an ordinary human-error confidentiality breach at a controller, so a
 * scenario overrides only the facts it is about and stays readable.
 *
 * Baseline: a staff member e-mailed a spreadsheet of ten colleagues' names to the wrong external address, noticed
 * it, and recalled what could be recalled. Aware two hours before `now`, occurred three hours before, contained one
 * hour before. No protection, recipient not trusted, recovery unknown, no malice.
 *
 * Every report goes through the real schema, so a scenario that builds an impossible report fails here, not in the
 * code under test. The schema's clock is `now`, so a report is never "in the future" whatever date the tests run on.
 */

/** A fixed instant so timestamps (and anything derived from them) are the same on every run. */
export const REPORT_NOW = new Date('2025-03-10T12:00:00.000Z');

const HOUR_MS = 60 * 60 * 1000;
const hoursBefore = (now: Date, hours: number) => new Date(now.getTime() - hours * HOUR_MS).toISOString();

export function aReportInput(overrides: Partial<BreachReportInput> = {}, now: Date = REPORT_NOW): BreachReportInput {
  return {
    reporter: { anonymised: false, name: 'Sam Taylor', email: 'sam.taylor@example.org', role: 'Office manager' },
    organisationRole: { role: 'controller' },
    occurred: { kind: 'at', at: hoursBefore(now, 3) },
    awareAt: hoursBefore(now, 2),
    discovery: { channel: 'staff', detail: 'The sender noticed the wrong address in the sent folder.' },
    description:
      'A spreadsheet listing colleagues was attached to an e-mail sent to an external address with a similar name.',
    location: 'Main office',
    breachTypes: ['confidentiality'],
    cause: { category: 'human-error', detail: 'Autocomplete picked the wrong address.' },
    dataCategories: ['basic-identifiers'],
    subjectCategories: ['employees'],
    approximateSubjects: 10,
    approximateRecords: 10,
    protection: { kind: 'none' },
    containment: {
      contained: true,
      how: 'The message was recalled and the recipient asked to delete it.',
      containedAt: hoursBefore(now, 1),
    },
    recovery: 'unknown',
    recipient: 'untrusted',
    malicious: 'no',
    police: { informed: false },
    thirdPartyData: { involved: false },
    responsibleRole: 'staff',
    staffTraining: { completed: 'yes', detail: 'Annual data protection training.' },
    ...overrides,
  };
}

export function aReport(overrides: Partial<BreachReportInput> = {}, now: Date = REPORT_NOW): BreachReport {
  return makeBreachReportSchema(() => now).parse(aReportInput(overrides, now));
}
