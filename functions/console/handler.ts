import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { CognitoAccounts, cognitoClient } from '../adapters/cognito-accounts';
import { DynamoConsoleDirectory } from '../adapters/console-directory';
import { DynamoDecisionRequestRepository } from '../adapters/decision-request-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { OidcClient } from '../adapters/oidc-client';
import { DynamoOrganisationAdminStore } from '../adapters/organisation-admin-store';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { S3AttachmentStore, s3Client } from '../adapters/s3-attachment-store';
import { DynamoSubjectList } from '../adapters/subject-list';
import { SfnTaskCallbacks } from '../adapters/task-callbacks';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { traced } from '../observability/tracer';
import { clockLoop, reminderLoop } from '../reminder-loop-deps';
import { workflowDeps } from '../workflow-deps';
import { makeHandler } from './make-handler';

// The issuer is Cognito's user pool in AWS and the embedded provider locally: nothing else differs.
export const wire = (config: FunctionConfig<'Console'>) => {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  const directory = new DynamoConsoleDirectory(options);
  const mailing = workflowDeps(config);
  return makeHandler({
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
    requests: new DynamoDecisionRequestRepository(options),
    callbacks: new SfnTaskCallbacks(traced(new SFNClient({}))),
    provider: new OidcClient({
      issuer: config.OIDC_ISSUER,
      clientId: config.OIDC_CLIENT_ID,
      redirectUri: `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/console/callback`,
    }),
    sessions: directory,
    users: directory,
    people: {
      store: directory,
      changes: new DynamoOrganisationAdminStore(options),
      // In AWS a person added gets a Cognito account at once; locally the embedded provider knows them already.
      ...(config.USER_POOL_ID
        ? { accounts: new CognitoAccounts({ client: traced(cognitoClient()), userPoolId: config.USER_POOL_ID }) }
        : {}),
    },
    // A new required action wakes the lifecycle's reminder loop, so its owner's reminders are scheduled at once; an
    // amended awareness wakes the clock; a reassessment that disagrees with the decision mails the DPO.
    changes: {
      reminders: reminderLoop(config),
      clock: clockLoop(config),
      mailer: mailing.mailer,
      breachUrl: mailing.breachUrl,
    },
    evidence: {
      store: new S3AttachmentStore({ client: s3Client(), bucket: config.ATTACHMENTS_BUCKET }),
      publicBaseUrl: config.PUBLIC_BASE_URL,
    },
    // The people affected, uploaded from the case: a table of their own, never exported (adapters/table-layout.ts).
    subjects: new DynamoSubjectList({ client: options.client, tableName: config.SUBJECTS_TABLE_NAME }),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.Console, wire);
