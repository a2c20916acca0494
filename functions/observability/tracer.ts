import { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from './names';

/**
 * X-Ray tracing of the AWS SDK calls (the functions and the state machine already have active tracing). Outside
 * Lambda the tracer is off and hands clients back untouched.
 */
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

/** The client, with each of its calls a traced subsegment. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
