import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from '../observability/tracer';
import { clientPerEndpoint } from './client-per-endpoint';

/**
 * The document client every adapter shares, built once per Lambda container (client-per-endpoint.ts) so connections are reused
 * across invocations. Local mode needs no branch here: the SDK itself reads AWS_ENDPOINT_URL_DYNAMODB.
 */

const build = (config: DynamoDBClientConfig = {}): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(traced(new DynamoDBClient(config)), {
    // Optional facts are often undefined; the table refuses undefined, and the hash chain ignores it (hash-chain.ts).
    marshallOptions: { removeUndefinedValues: true },
  });

/** The process-wide client. */
export const documentClient: () => DynamoDBDocumentClient = clientPerEndpoint('AWS_ENDPOINT_URL_DYNAMODB', () =>
  build(),
);

/** A client of its own, for tests and the local runtime that point at a particular endpoint. */
export const createDocumentClient = (config: DynamoDBClientConfig): DynamoDBDocumentClient => build(config);

/** A conditional write refused because its condition did not hold: a lost race or a repeat, never a fault. */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
