import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoDecisionRequestRepository } from '../../functions/adapters/decision-request-repository';
import { SesMailer } from '../../functions/adapters/mailer';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { SfnTaskCallbacks } from '../../functions/adapters/task-callbacks';
import { assessBreach } from '../../functions/domain/assessment';
import { randomBreachId } from '../../functions/domain/breach-id';
import type { OrganisationPolicy } from '../../functions/domain/policy';
import { type PolicyOverrides, type PresetId, presetPolicy } from '../../functions/domain/presets';
import type { BreachReport } from '../../functions/domain/report';
import type { RequestDecisionDeps } from '../../functions/domain/request-decision';
import type { TakeDecisionDeps } from '../../functions/domain/take-decision';
import { type LocalTable, startDynalite } from './dynalite';
import { aReport } from './event-fixtures';
import { type LocalSes, startLocalSes } from './ses';

/**
 * The decision plumbing on real parts: dynalite with the real repositories, aws-ses-v2-local behind the real
 * SesMailer, and a mocked SFN client behind the real SfnTaskCallbacks (SendTaskSuccess is what the tests assert on).
 */

export const AWARE_AT = '2025-03-03T09:00:00Z';
export const PUBLIC_BASE_URL = 'https://breachdesk.example.org';

export interface DecisionWorld {
  table: LocalTable;
  ses: LocalSes;
  sfn: AwsClientStub<SFNClient>;
  clock: { now: Date };
  breaches: DynamoBreachRepository;
  organisations: DynamoOrganisationRepository;
  requests: DynamoDecisionRequestRepository;
  requestDeps: RequestDecisionDeps;
  takeDeps: TakeDecisionDeps & {
    logger: { info: (message: string, attributes?: Record<string, unknown>) => void; lines: string[] };
  };
  close(): Promise<void>;
}

export const startDecisionWorld = async (): Promise<DecisionWorld> => {
  const [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  const sfnClient = new SFNClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const sfn = mockClient(sfnClient);
  const sesClient = new SESv2Client({
    endpoint: ses.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const clock = { now: new Date('2025-03-03T12:00:00Z') };
  const options = { client: table.client, tableName: table.tableName };
  const breaches = new DynamoBreachRepository(options);
  const organisations = new DynamoOrganisationRepository(options);
  const requests = new DynamoDecisionRequestRepository(options);
  const callbacks = new SfnTaskCallbacks(sfnClient);
  const now = () => new Date(clock.now);
  const lines: string[] = [];
  return {
    table,
    ses,
    sfn,
    clock,
    breaches,
    organisations,
    requests,
    requestDeps: {
      breaches,
      organisations,
      requests,
      callbacks,
      mailer: new SesMailer({ client: sesClient, fromAddress: 'breachdesk@example.org' }),
      publicBaseUrl: PUBLIC_BASE_URL,
      now,
    },
    takeDeps: {
      breaches,
      organisations,
      requests,
      callbacks,
      now,
      logger: {
        lines,
        info: (message: string, attributes: Record<string, unknown> = {}) =>
          void lines.push(JSON.stringify({ level: 'INFO', message, ...attributes })),
      },
    },
    close: async () => {
      sfn.restore();
      await Promise.all([table.close(), ses.close()]);
    },
  };
};

export interface BreachOptions {
  organisationId?: string;
  preset?: PresetId;
  overrides?: PolicyOverrides;
  report?: Partial<BreachReport>;
  /** Appends the assessment, as the Assess task would, so the decide step has its recommendation. */
  assessed?: boolean;
}

/** An organisation and one reported breach of it; returns the breach id and the policy. */
export const aBreachIn = async (
  world: DecisionWorld,
  options: BreachOptions = {},
): Promise<{ breachId: string; organisationId: string; policy: OrganisationPolicy }> => {
  const organisationId = options.organisationId ?? 'org-1';
  const policy = presetPolicy(options.preset ?? 'generic', options.overrides);
  await world.organisations.put({ id: organisationId, name: `Organisation ${organisationId}`, policy });
  const breachId = randomBreachId();
  const report = aReport({ awareAt: AWARE_AT, ...options.report });
  await world.breaches.create(breachId, organisationId, {
    type: 'reported',
    at: '2025-03-03T09:15:00Z',
    actor: { kind: 'api-client', organisationId },
    data: { report, channel: 'api', requestHash: 'a'.repeat(64), policyPreset: policy.preset, clocks: policy.clocks },
  });
  if (options.assessed) {
    await world.breaches.append(breachId, {
      type: 'assessment-computed',
      at: '2025-03-03T10:00:00Z',
      actor: { kind: 'system', component: 'assess' },
      data: { assessment: assessBreach(report, policy) },
    });
  }
  return { breachId, organisationId, policy };
};

/** Every item in the table, for asserting that a refused request wrote nothing. */
export const scanAll = async (world: DecisionWorld): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await world.table.client.send(
      new ScanCommand({ TableName: world.table.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
};

/** The secret of the link in a mail's text part. */
export const secretFromMail = (text: string | undefined): string => {
  const match = /\/decisions\/([A-Za-z0-9_-]{43})/.exec(text ?? '');
  if (!match?.[1]) throw new Error('no decision link in the mail');
  return match[1];
};

export const PERSON = { name: 'Dana Officer', role: 'Data Protection Officer', email: 'dpo@example.org' };
