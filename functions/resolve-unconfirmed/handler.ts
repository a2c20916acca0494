import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { subjectNoticeDeps } from '../subject-deps';
import { makeHandler } from './make-handler';

/**
 * `POST /breaches/{id}/subjects/unconfirmed` (make-handler.ts), wired like the SendSubjectNotices task: both tables,
 * and the bulk mailer for a resend.
 */
export const wire = (config: FunctionConfig<'ResolveUnconfirmed'>) => makeHandler(subjectNoticeDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.ResolveUnconfirmed, wire);
