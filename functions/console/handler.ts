import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { DynamoConsoleDirectory } from '../adapters/console-directory';
import { DynamoDecisionRequestRepository } from '../adapters/decision-request-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { OidcClient } from '../adapters/oidc-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { SfnTaskCallbacks } from '../adapters/task-callbacks';
import { requiredEnv } from '../config';
import { makeHandler } from './make-handler';

// Read once per container, and loudly. The issuer is Cognito's user pool in AWS and the embedded provider locally:
// nothing else differs.
const tableName = requiredEnv('TABLE_NAME');
const issuer = requiredEnv('OIDC_ISSUER');
const clientId = requiredEnv('OIDC_CLIENT_ID');
const redirectUri = `${requiredEnv('PUBLIC_BASE_URL').replace(/\/+$/, '')}/console/callback`;
const client = documentClient();
const directory = new DynamoConsoleDirectory({ client, tableName });

export const handler = makeHandler({
  breaches: new DynamoBreachRepository({ client, tableName }),
  organisations: new DynamoOrganisationRepository({ client, tableName }),
  requests: new DynamoDecisionRequestRepository({ client, tableName }),
  callbacks: new SfnTaskCallbacks(new SFNClient({})),
  provider: new OidcClient({ issuer, clientId, redirectUri }),
  sessions: directory,
  users: directory,
});
