import { InitialReportNotRecordedError } from './case-errors';
import type { Actor } from './events';
import type { AuthorityReportRecord, BreachState } from './state';

/**
 * What the authority routes share: requiring the initial report, and naming who recorded a response.
 */

export const initialReportOf = (state: BreachState): AuthorityReportRecord => {
  const initial = state.authorityReports?.[0];
  if (!initial) throw new InitialReportNotRecordedError();
  return initial;
};

export const actorFor = (
  person: { name: string; role: string; email?: string } | undefined,
  organisationId: string,
): Actor =>
  person
    ? { kind: 'person', name: person.name, role: person.role, ...(person.email ? { email: person.email } : {}) }
    : { kind: 'api-client', organisationId };
