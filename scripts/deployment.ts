import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { callerArn } from '../functions/adapters/caller-identity';
import { CognitoAccounts } from '../functions/adapters/cognito-accounts';
import { createDocumentClient } from '../functions/adapters/dynamodb-client';
import { readStackOutputs } from '../functions/adapters/stack-outputs';
import type { AccountProvisioner } from '../functions/domain/administer-users';

/**
 * The Breachdesk an administration command works on: the running local mode (found through `.breachdesk/local.json`)
 * or a deployed stack (its tables, API and state machine from the stack's CloudFormation outputs, credentials from the
 * default AWS chain, optionally a named profile). Also who is acting: the caller's ARN from STS, or `local:<user>`.
 */

export interface DeploymentTarget {
  /** A deployed stack's name; without it, the local mode of `localInfoPath`. */
  readonly stack?: string;
  readonly region?: string;
  readonly profile?: string;
  /** @default .breachdesk/local.json */
  readonly localInfoPath?: string;
}

export interface Deployment {
  /** For messages: "local mode at http://…" or "stack X in eu-west-2". */
  readonly describe: string;
  readonly actor: string;
  readonly documents: DynamoDBDocumentClient;
  readonly stepFunctions: SFNClient;
  readonly tableName: string;
  readonly subjectsTableName: string;
  /** The API's base URL, stage included. */
  readonly apiUrl: string;
  readonly stateMachineArn: string;
  /** A deployed stack only: where the people added get their sign-in accounts (its Cognito user pool). */
  readonly accounts?: AccountProvisioner;
  /** Local mode only: the SES emulator, whose store lists every mail it accepted. */
  readonly sesEndpoint?: string;
  close(): void;
}

/** A problem with where or how to reach Breachdesk, told to the person as it is. */
export class DeploymentNotFoundError extends Error {
  override readonly name = 'DeploymentNotFoundError';
}

export const DEFAULT_LOCAL_INFO = resolve('.breachdesk', 'local.json');

interface LocalInfoFile {
  apiUrl?: string;
  pid?: number;
  tableName?: string;
  subjectsTableName?: string;
  stateMachineArn?: string;
  endpoints?: { dynamodb?: string; ses?: string; stepFunctions?: string };
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function openDeployment(target: DeploymentTarget): Promise<Deployment> {
  return target.stack ? openStack(target.stack, target) : openLocal(target.localInfoPath ?? DEFAULT_LOCAL_INFO);
}

function openLocal(infoPath: string): Deployment {
  let info: LocalInfoFile;
  try {
    info = JSON.parse(readFileSync(infoPath, 'utf8')) as LocalInfoFile;
  } catch {
    throw new DeploymentNotFoundError(
      `local mode is not running (no ${infoPath}): start it with npm start, or name a deployed stack with --stack`,
    );
  }
  const { endpoints, tableName, subjectsTableName, apiUrl, stateMachineArn, pid } = info;
  if (!endpoints?.dynamodb || !endpoints.stepFunctions || !tableName || !subjectsTableName || !apiUrl) {
    throw new DeploymentNotFoundError(`${infoPath} is incomplete: restart local mode (npm start)`);
  }
  if (typeof pid === 'number' && !alive(pid)) {
    throw new DeploymentNotFoundError(`local mode of ${infoPath} is no longer running: start it with npm start`);
  }
  const region = 'eu-west-2';
  const documents = createDocumentClient({ endpoint: endpoints.dynamodb, region, credentials: LOCAL_CREDENTIALS });
  const stepFunctions = new SFNClient({ endpoint: endpoints.stepFunctions, region, credentials: LOCAL_CREDENTIALS });
  return {
    describe: `local mode at ${apiUrl}`,
    actor: `local:${userInfo().username}`,
    documents,
    stepFunctions,
    tableName,
    subjectsTableName,
    apiUrl,
    stateMachineArn: stateMachineArn ?? '',
    ...(endpoints.ses ? { sesEndpoint: endpoints.ses } : {}),
    close() {
      documents.destroy();
      stepFunctions.destroy();
    },
  };
}

async function openStack(stack: string, target: DeploymentTarget): Promise<Deployment> {
  // The default credential chain (environment, SSO, profile, instance role); --profile picks a named profile.
  const config = {
    ...(target.region ? { region: target.region } : {}),
    ...(target.profile ? { profile: target.profile } : {}),
  };
  const cloudFormation = new CloudFormationClient(config);
  const sts = new STSClient(config);
  try {
    const [outputs, actor] = await Promise.all([readStackOutputs(cloudFormation, stack), callerArn(sts)]);
    const documents = createDocumentClient(config);
    const stepFunctions = new SFNClient(config);
    const cognito = new CognitoIdentityProviderClient(config);
    return {
      describe: `stack ${stack}${target.region ? ` in ${target.region}` : ''}`,
      actor,
      documents,
      stepFunctions,
      tableName: outputs.tableName,
      subjectsTableName: outputs.subjectsTableName,
      apiUrl: outputs.apiUrl.replace(/\/+$/, ''),
      stateMachineArn: outputs.stateMachineArn,
      accounts: new CognitoAccounts({ client: cognito, userPoolId: outputs.userPoolId }),
      close() {
        documents.destroy();
        stepFunctions.destroy();
        cognito.destroy();
      },
    };
  } finally {
    cloudFormation.destroy();
    sts.destroy();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
