import { randomUUID } from 'node:crypto';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoBreachRepository } from './adapters/breach-repository';
import { SesBulkMailer } from './adapters/bulk-mailer';
import { documentClient } from './adapters/dynamodb-client';
import { DynamoNoticeQueue } from './adapters/notice-queue';
import { DynamoOrganisationRepository } from './adapters/organisation-repository';
import type { Config } from './config';
import type { SendSubjectNoticesDeps } from './domain/send-subject-notices';
import { traced } from './observability/tracer';

/** The keys the notice fan-out and a person's resend read (functions/manifest.ts). */
export type SubjectNoticeConfig = Config<
  'TABLE_NAME' | 'SUBJECTS_TABLE_NAME' | 'SENDER_ADDRESS' | 'SES_REGION' | 'SUBJECT_NOTICES_CONFIGURATION_SET'
>;

/**
 * Wires the notice fan-out from its configuration, once per container: the breach table, the people affected, the
 * sender and where it is verified, and the configuration set whose events come back as delivery statuses (absent
 * when SES sends from another region). The pace is the account's own MaxSendRate (GetAccount), locally too.
 */
export function subjectNoticeDeps(config: SubjectNoticeConfig): SendSubjectNoticesDeps {
  const client = documentClient();
  const configurationSetName = config.SUBJECT_NOTICES_CONFIGURATION_SET;
  return {
    breaches: new DynamoBreachRepository({ client, tableName: config.TABLE_NAME }),
    organisations: new DynamoOrganisationRepository({ client, tableName: config.TABLE_NAME }),
    subjects: new DynamoNoticeQueue({ client, tableName: config.SUBJECTS_TABLE_NAME }),
    mailer: new SesBulkMailer({
      // No SDK retries: a retried SendBulkEmail after a timeout could mail 50 people twice (adapters/bulk-mailer.ts).
      client: traced(new SESv2Client({ maxAttempts: 1, region: config.SES_REGION })),
      fromAddress: config.SENDER_ADDRESS,
      ...(configurationSetName ? { configurationSetName } : {}),
    }),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
    newClaimToken: () => randomUUID(),
  };
}
