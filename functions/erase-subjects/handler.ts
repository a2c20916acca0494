import { subjectErasureDepsFromEnv } from '../subject-deps';
import { makeHandler } from './make-handler';

/**
 * `DELETE /breaches/{id}/subjects` (make-handler.ts): both tables, and no mailer (nobody is written to). Read once per
 * container, and loudly.
 */
export const handler = makeHandler(subjectErasureDepsFromEnv());
