import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoBreachRepository } from './adapters/breach-repository';
import { documentClient } from './adapters/dynamodb-client';
import { SesMailer } from './adapters/mailer';
import { DynamoOrganisationRepository } from './adapters/organisation-repository';
import { type Config, type Environment, loadConfig } from './config';
import type { BreachRepository, Mailer, OrganisationRepository } from './domain/ports';
import { traced } from './observability/tracer';

/** What a workflow task that only records reads: the breach's log and its organisation. */
export interface CaseStoreDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  now: () => Date;
}

/** What every mailing workflow task needs: the stores, the mailer, where links point, and the time. */
export interface WorkflowDeps extends CaseStoreDeps {
  mailer: Mailer;
  breachUrl: (breachId: string) => string;
}

/** The keys a mailing task reads (functions/manifest.ts gives them to every function that mails the DPO). */
export const WORKFLOW_CONFIG = ['TABLE_NAME', 'SENDER_ADDRESS', 'SES_REGION', 'PUBLIC_BASE_URL'] as const;
export type WorkflowConfig = Config<(typeof WORKFLOW_CONFIG)[number]>;

/** The stores of a task that records without mailing (Assess, CloseCase): the table alone. */
export function caseStoreDeps(config: Config<'TABLE_NAME'>): CaseStoreDeps {
  const options = { client: documentClient(), tableName: config.TABLE_NAME };
  return {
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
    now: () => new Date(),
  };
}

/**
 * Wires a mailing task's dependencies from its configuration, once per container. Local mode needs no branch: the
 * SDK reads its endpoint variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SESV2) as it reads AWS_REGION.
 */
export function workflowDeps(config: WorkflowConfig): WorkflowDeps {
  const publicBaseUrl = config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  return {
    ...caseStoreDeps(config),
    // SES may be verified in another region than the one the functions run in (e.g. eu-west-2 for a UK sender).
    mailer: new SesMailer({
      fromAddress: config.SENDER_ADDRESS,
      client: traced(new SESv2Client({ region: config.SES_REGION })),
    }),
    // "Open the breach" in a mail opens the case page in the console (signing in first): a browser cannot send the
    // API key that GET /breaches/{id} asks for.
    breachUrl: (breachId) => `${publicBaseUrl}/console/breaches/${encodeURIComponent(breachId)}`,
  };
}

/** For scripts and tests that wire a task from a whole environment. */
export const workflowDepsFromEnv = (env: Environment = process.env): WorkflowDeps =>
  workflowDeps(loadConfig(WORKFLOW_CONFIG, env));
