import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesBulkMailer } from '../../functions/adapters/bulk-mailer';
import { type LocalSes, type StoredEmail, startLocalSes as startSes } from '../../local/ses';

export type { LocalSes, StoredEmail };

/**
 * aws-ses-v2-local in this process on a free port, in memory (local/ses.ts, which local mode also uses): a real
 * SESv2 endpoint for the real client, and its store for the assertions. Its store is module-wide, so two servers open
 * at once in one process would share it; each empties it when it closes.
 */
export const startLocalSes = (): Promise<LocalSes> => startSes();

/**
 * What the emulator's GetAccount answers (it reads `AWS_SES_ACCOUNT`): a production account allowed `maxSendRate`
 * recipients a second. Set it in `process.env.AWS_SES_ACCOUNT` before the first GetAccount.
 */
export const sesAccount = (maxSendRate: number): string =>
  JSON.stringify({
    DedicatedIpAutoWarmupEnabled: false,
    Details: {
      AdditionalContactEmailAddresses: [],
      ContactLanguage: 'EN',
      MailType: 'TRANSACTIONAL',
      ReviewDetails: { CaseId: 'x', Status: 'GRANTED' },
      UseCaseDescription: 'breach notices',
      WebsiteURL: 'https://example.org',
    },
    EnforcementStatus: 'HEALTHY',
    ProductionAccessEnabled: true,
    SendingEnabled: true,
    SendQuota: { Max24HourSend: 1_000_000, MaxSendRate: maxSendRate, SentLast24Hours: 0 },
    SuppressionAttributes: { SuppressedReasons: [] },
  });

/** The real SendBulkEmail adapter on the emulator, one attempt per call (a test decides what a failure does). */
export const emulatedBulkMailer = (ses: LocalSes, fromAddress: string): SesBulkMailer =>
  new SesBulkMailer({
    client: new SESv2Client({
      endpoint: ses.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    }),
    fromAddress,
  });
