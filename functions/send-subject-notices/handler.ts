import { subjectNoticeDepsFromEnv } from '../subject-deps';
import { makeHandler } from './make-handler';

/** Task `SendSubjectNotices` (make-handler.ts), wired from the environment once per container. */
export const handler = makeHandler(subjectNoticeDepsFromEnv());
