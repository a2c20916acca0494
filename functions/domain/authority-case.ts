import { ConflictError } from './errors';
import type { Actor } from './events';
import type { AuthorityReportRecord, BreachState } from './state';

/**
 * What the authority routes share: requiring the initial report, and naming who recorded a response.
 */

/** A follow-up or acknowledgement before the initial report is recorded: there is nothing to follow up or confirm. */
export class InitialReportNotRecordedError extends ConflictError {
  constructor() {
    super(
      'No initial report to the supervisory authority is recorded for this breach yet: record it with the ' +
        'notify-authority step first.',
    );
  }
}

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
