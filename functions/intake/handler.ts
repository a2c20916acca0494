import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoBreachRepository } from '../adapters/breach-repository';
import { documentClient } from '../adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../adapters/organisation-repository';
import { SfnWorkflowStarter } from '../adapters/workflow';
import { lambdaHandler } from '../config';
import { FUNCTION_CONFIG, type FunctionConfig } from '../function-config';
import { traced } from '../observability/tracer';
import { makeHandler } from './make-handler';

export const wire = (config: FunctionConfig<'Intake'>) => {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  return makeHandler({
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
    workflow: new SfnWorkflowStarter(traced(new SFNClient({})), config.STATE_MACHINE_ARN),
  });
};

export const handler = lambdaHandler(FUNCTION_CONFIG.Intake, wire);
