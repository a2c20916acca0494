import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoBreachRepository } from './adapters/breach-repository';
import { documentClient } from './adapters/dynamodb-client';
import { SesMailer } from './adapters/mailer';
import { DynamoOrganisationRepository } from './adapters/organisation-repository';
import { requiredEnv } from './config';
import type { BreachRepository, Mailer, OrganisationRepository } from './domain/ports';

/** What every workflow task needs: the stores, the mailer, where links point, and the time. */
export interface WorkflowDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  mailer: Mailer;
  breachUrl: (breachId: string) => string;
  now: () => Date;
}

/**
 * Wires the workflow tasks' dependencies from the environment, once per container. Called at module level by each
 * task handler, so a missing variable fails the first invocation loudly rather than a breach midway. Local mode sets
 * the same variables plus the SDK's own endpoint variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SESV2).
 */
export function workflowDepsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkflowDeps {
  const tableName = requiredEnv('TABLE_NAME', env);
  const publicBaseUrl = requiredEnv('PUBLIC_BASE_URL', env).replace(/\/+$/, '');
  const client = documentClient();
  const configurationSetName = env.SES_CONFIGURATION_SET?.trim();
  // SES may be verified in another region than the one the functions run in (e.g. eu-west-2 for a UK sender).
  const sesRegion = env.SES_REGION?.trim();
  return {
    breaches: new DynamoBreachRepository({ client, tableName }),
    organisations: new DynamoOrganisationRepository({ client, tableName }),
    mailer: new SesMailer({
      fromAddress: requiredEnv('SENDER_ADDRESS', env),
      ...(configurationSetName ? { configurationSetName } : {}),
      ...(sesRegion ? { client: new SESv2Client({ region: sesRegion }) } : {}),
    }),
    breachUrl: (breachId) => `${publicBaseUrl}/breaches/${encodeURIComponent(breachId)}`,
    now: () => new Date(),
  };
}
