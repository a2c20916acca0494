import { Logger } from '@aws-lambda-powertools/logger';
import { SERVICE_NAME } from './names';

/**
 * The one Powertools Logger of a function: structured JSON lines with the Lambda context (function, request id,
 * cold start) and a correlation id (instrument.ts). What it is given is ids, counts and error classes only: never a
 * report, a person, an address or an error message (which may quote either). `POWERTOOLS_LOG_LEVEL` sets the level.
 */
export const logger = new Logger({ serviceName: SERVICE_NAME });
