import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { withSecret } from '../adapters/secret-value';
import { SfnWorkflowStarter } from '../adapters/workflow';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { traced } from '../observability/tracer';
import { assertCsrfKey } from './csrf';
import { makeHandler } from './make-handler';

// A missing or short key fails the first invocation, not a report midway.
export const wire = (config: FunctionConfig<'ReportForm'>) => {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  // The key is read from its secret at init (never a plaintext variable); until it is, requests wait for it.
  return withSecret(config.CSRF_KEY_SECRET, (csrfKey) =>
    makeHandler({
      breaches: new DynamoBreachRepository(options),
      organisations: new DynamoOrganisationRepository(options),
      // Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_SFN and talks to the local Step Functions endpoint.
      workflow: new SfnWorkflowStarter(traced(new SFNClient({})), config.STATE_MACHINE_ARN),
      csrfKey: assertCsrfKey(csrfKey),
    }),
  );
};

export const handler = lambdaHandler(FUNCTION_CONFIG.ReportForm, wire);
