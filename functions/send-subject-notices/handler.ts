import { lambdaHandler } from '../config';
import { FUNCTIONS, type FunctionConfig } from '../manifest';
import { subjectNoticeDeps } from '../subject-deps';
import { makeHandler } from './make-handler';

/** Task `SendSubjectNotices` (make-handler.ts). */
export const wire = (config: FunctionConfig<'SendSubjectNotices'>) => makeHandler(subjectNoticeDeps(config));

export const handler = lambdaHandler(FUNCTIONS.SendSubjectNotices.config, wire);
