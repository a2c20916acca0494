import { randomUUID } from 'node:crypto';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoBreachRepository } from './adapters/breach-repository';
import { SesBulkMailer } from './adapters/bulk-mailer';
import { documentClient } from './adapters/dynamodb-client';
import { DynamoOrganisationRepository } from './adapters/organisation-repository';
import { DynamoSubjectRepository } from './adapters/subject-repository';
import { MissingConfigError, requiredEnv } from './config';
import type { EraseSubjectsDeps } from './domain/erase-subjects';
import type { SendSubjectNoticesDeps } from './domain/send-subject-notices';

/**
 * Wires the notice fan-out from the environment, once per container:
 * - TABLE_NAME (the breach table), SUBJECTS_TABLE_NAME (the people affected), SENDER_ADDRESS (required); SES_REGION
 *   (where the sender is verified);
 * - SUBJECT_NOTICES_CONFIGURATION_SET: the SES configuration set whose events come back as delivery statuses;
 * - SUBJECT_NOTICE_RATE: recipients per second instead of the account's MaxSendRate (local mode, a shared account).
 */
export function subjectNoticeDepsFromEnv(env: NodeJS.ProcessEnv = process.env): SendSubjectNoticesDeps {
  const tableName = requiredEnv('TABLE_NAME', env);
  const subjectsTableName = requiredEnv('SUBJECTS_TABLE_NAME', env);
  const client = documentClient();
  const sesRegion = env.SES_REGION?.trim();
  const configurationSetName = env.SUBJECT_NOTICES_CONFIGURATION_SET?.trim();
  const rate = env.SUBJECT_NOTICE_RATE?.trim();
  const rateOverride = rate ? Number(rate) : undefined;
  if (rateOverride !== undefined && !(rateOverride >= 1)) throw new MissingConfigError('SUBJECT_NOTICE_RATE');
  return {
    breaches: new DynamoBreachRepository({ client, tableName }),
    organisations: new DynamoOrganisationRepository({ client, tableName }),
    subjects: new DynamoSubjectRepository({ client, tableName: subjectsTableName }),
    mailer: new SesBulkMailer({
      // No SDK retries: a retried SendBulkEmail after a timeout could mail 50 people twice (adapters/bulk-mailer.ts).
      client: new SESv2Client({ maxAttempts: 1, ...(sesRegion ? { region: sesRegion } : {}) }),
      fromAddress: requiredEnv('SENDER_ADDRESS', env),
      ...(configurationSetName ? { configurationSetName } : {}),
    }),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
    newClaimToken: () => randomUUID(),
    ...(rateOverride !== undefined ? { rateOverride } : {}),
  };
}

/**
 * Wires the erasure of the people affected (`DELETE /breaches/{id}/subjects`): TABLE_NAME (the breach table, for the
 * event) and SUBJECTS_TABLE_NAME (the people, deleted). No SES: nobody is written to.
 */
export function subjectErasureDepsFromEnv(env: NodeJS.ProcessEnv = process.env): EraseSubjectsDeps {
  const tableName = requiredEnv('TABLE_NAME', env);
  const subjectsTableName = requiredEnv('SUBJECTS_TABLE_NAME', env);
  const client = documentClient();
  return {
    breaches: new DynamoBreachRepository({ client, tableName }),
    subjects: new DynamoSubjectRepository({ client, tableName: subjectsTableName }),
    now: () => new Date(),
  };
}
