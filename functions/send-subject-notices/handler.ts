import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { subjectNoticeDeps } from '../subject-deps';
import { makeHandler } from './make-handler';

/** Task `SendSubjectNotices` (make-handler.ts). */
export const wire = (config: FunctionConfig<'SendSubjectNotices'>) => makeHandler(subjectNoticeDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.SendSubjectNotices, wire);
