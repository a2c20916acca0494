import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from '../observability/tracer';

/**
 * The document client every adapter shares, built once per Lambda container (module level) so connections are reused
 * across invocations. Local mode needs no branch here: the SDK itself reads AWS_ENDPOINT_URL_DYNAMODB.
 */

const build = (config: DynamoDBClientConfig = {}): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(traced(new DynamoDBClient(config)), {
    // Optional facts are often undefined; the table refuses undefined, and the hash chain ignores it (hash-chain.ts).
    marshallOptions: { removeUndefinedValues: true },
  });

let shared: DynamoDBDocumentClient | undefined;

/** The process-wide client. */
export const documentClient = (): DynamoDBDocumentClient => {
  shared ??= build();
  return shared;
};

/** A client of its own, for tests and the local runtime that point at a particular endpoint. */
export const createDocumentClient = (config: DynamoDBClientConfig): DynamoDBDocumentClient => build(config);

/** A conditional write refused because its condition did not hold: a lost race or a repeat, never a fault. */
export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
