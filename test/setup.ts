import 'aws-sdk-client-mock-vitest/extend';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';

/**
 * Runs before every test file, in every project. The unit, stack and system projects share one module cache and one
 * process per worker across files (vitest.config.ts), so whatever a file changes in the process is undone when it
 * ends, and the next file in the worker starts from where this one started:
 * - the process environment (the local runtime's endpoint and credential variables, a test's own);
 * - the SDK client classes a file mocked with `mockClient(SomeClient)`, which replaces `send` on the class itself,
 *   for every instance in the process: left in place, the next file's real clients would answer from the mock.
 */
const environmentAtStart = { ...process.env };

/** Every SDK client class a test mocks by class (`grep -r "mockClient([A-Z]" test`). */
const MOCKED_BY_CLASS = [
  CloudFormationClient,
  CognitoIdentityProviderClient,
  DynamoDBClient,
  DynamoDBDocumentClient,
  SESv2Client,
  SFNClient,
  STSClient,
];

afterAll(() => {
  for (const name of Object.keys(process.env)) {
    if (!(name in environmentAtStart)) delete process.env[name];
  }
  Object.assign(process.env, environmentAtStart);
  // aws-sdk-client-mock stubs `send` with sinon, whose stub can restore the original; an unmocked send has no restore.
  for (const client of MOCKED_BY_CLASS) (client.prototype.send as { restore?: () => void }).restore?.();
});
