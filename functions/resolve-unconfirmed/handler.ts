import { subjectNoticeDepsFromEnv } from '../subject-deps';
import { makeHandler } from './make-handler';

/**
 * `POST /breaches/{id}/subjects/unconfirmed` (make-handler.ts), wired like the SendSubjectNotices task: both tables,
 * and the bulk mailer for a resend. Read once per container, and loudly.
 */
export const handler = makeHandler(subjectNoticeDepsFromEnv());
