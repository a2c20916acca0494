import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { subjectErasureDeps } from '../subject-deps';
import { makeHandler } from './make-handler';

/** `DELETE /breaches/{id}/subjects` (make-handler.ts): both tables, and no mailer (nobody is written to). */
export const wire = (config: FunctionConfig<'EraseSubjects'>) => makeHandler(subjectErasureDeps(config));

export const handler = lambdaHandler(FUNCTION_CONFIG.EraseSubjects, wire);
