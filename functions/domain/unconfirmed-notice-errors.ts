import { ConflictError, DomainError } from './errors';
import type { SubjectNoticesBlockedError } from './send-subject-notices';

/**
 * What resolving the unconfirmed notices (resolve-unconfirmed-notices.ts) refuses: apart from the use case and its
 * request schema, so that the error table every API function carries (http/problems.ts) brings neither the notice
 * sending and its templates nor a schema built at load into functions that never resolve a notice.
 */

/** Nobody is left claimed: every notice is sent, failed or still queued for the state machine's run. */
export class NothingUnconfirmedError extends ConflictError {
  constructor() {
    super('Nobody is left unconfirmed for this breach: every e-mail notice is sent, failed, or queued to be sent.');
  }
}

/** Only claims young enough to belong to a run that may still be sending: resolving them could mail people twice. */
export class ClaimsInFlightError extends ConflictError {
  constructor(
    readonly claimed: number,
    readonly settlesAt: string,
  ) {
    super(
      `${claimed} ${claimed === 1 ? 'person was' : 'people were'} claimed by a run less than 15 minutes ago, which may ` +
        `still be sending to them; they can be resolved from ${settlesAt}.`,
    );
  }
}

/** `resend` when the notify-subjects decision does not tell people by e-mail: there is nothing to send them. */
export class NotToldByEmailError extends ConflictError {
  constructor() {
    super(
      'The notify-subjects decision does not tell the people affected by e-mail, so no notice is resent. Record ' +
        "'sent' if SES shows the notices left.",
    );
  }
}

/** SES refuses to send anything (account paused, sender unverified): the people are back in the queue. */
export class NoticesBlockedError extends DomainError {
  constructor(cause: SubjectNoticesBlockedError) {
    super(
      `SES refused to send the notices (${cause.reason}); nobody was mailed. Fix the SES account or sender first.`,
      {
        cause,
      },
    );
  }
}
