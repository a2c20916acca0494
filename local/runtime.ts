import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ConfigKey, type Environment, loadConfig } from '../functions/config';
import {
  AUDIT_EXPORT_PREFIX,
  environmentOf,
  FUNCTION_NAMES,
  type FunctionName,
  functionSpec,
  functionTriggeredBy,
  taskFunctions,
} from '../functions/manifest';
import { workflowDepsFromEnv } from '../functions/workflow-deps';
import { subjectsTableNameFor } from './dynamodb';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalFunction, lambdaContext } from './lambda-functions';
import { type ExecutionDescription, LocalStepFunctions } from './step-functions';
import { type StepFunctionsServer, startStepFunctionsServer } from './step-functions-server';
import { compressSchedule, scaledCheckMark } from './time-scale';

/**
 * The deployed system, on one machine: the real handlers, the real ASL file, the real AWS SDK clients. Only
 * endpoints differ, and they reach the handlers the way they do in AWS: through the SDK's own environment variables
 * (AWS_ENDPOINT_URL_<SERVICE>), so no handler or domain code knows it runs locally.
 *
 * The emulators themselves (dynalite, aws-ses-v2-local) are started by the caller, which owns their lifetime and
 * storage; this runtime starts the Step Functions side and loads the handlers against them.
 */

export interface LocalRuntimeOptions {
  /** The DynamoDB endpoint (dynalite). */
  dynamoEndpoint: string;
  /** The SESv2 endpoint (aws-ses-v2-local). */
  sesEndpoint: string;
  /**
   * The S3 endpoint (s3rver, local/s3.ts) holding the attachments bucket (`localAttachmentsBucket(tableName)`).
   * @default an address nothing listens on: only attachments then fail
   */
  s3Endpoint?: string;
  /** The breach table, already created with functions/adapters/table-layout.ts's layout. */
  tableName: string;
  /**
   * The subjects table (the people affected), already created beside it.
   * @default `subjectsTableNameFor(tableName)`, as local/dynamodb.ts names it
   */
  subjectsTableName?: string;
  /** Where links in mails point (decision links, breach pages). */
  publicBaseUrl: string;
  /** @default 'breachdesk@localhost.example' */
  senderAddress?: string;
  /** Pause before each Retry of every state; 0 in tests. @default the ASL's own intervals */
  retryIntervalMs?: number;
  /** @default statemachines/breach-lifecycle.asl.json */
  definitionPath?: string;
  /**
   * Clocks run this many times faster: each breach's time runs faster from the moment it was reported, its marks
   * come sooner and the check at each mark reads the scaled clock (time-scale.ts); the domain and the ASL stay
   * unchanged. Past marks stay past. @default 1
   */
  timeScale?: number;
  /**
   * The file holding the key of the pages' anti-forgery tokens (CSRF_KEY_SECRET is `file:<path>`, as local mode's
   * config path for the deployed Secrets Manager secret). @default a new file with a random key, so open forms fail
   * after a restart
   */
  csrfKeyFile?: string;
  /** The OpenID Connect provider the console signs in with. @default none: the console's sign-in then fails */
  oidc?: { issuer: string; clientId: string };
}

/** A Lambda handler as the runtime calls it: the event in, the result out. */
export type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

/** Every function of the manifest by its camel-case name (`intake`, `submitDecision`, …), as the local API calls it. */
export type HttpHandlers = { readonly [K in FunctionName as Uncapitalize<K>]: Handler };

export interface LocalRuntime {
  stepFunctions: LocalStepFunctions;
  stepFunctionsServer: StepFunctionsServer;
  /** Every function of functions/manifest.ts, wired with its own environment. */
  functions: Readonly<Record<FunctionName, Handler>>;
  /** The same functions by camel-case name. */
  http: HttpHandlers;
  /** Each function's environment: exactly the keys its manifest entry names, as the synthesized template sets them. */
  environments: Readonly<Record<FunctionName, Readonly<Record<string, string>>>>;
  stateMachineArn: string;
  close(): Promise<void>;
}

/** What a handler module exports (functions/manifest.ts): `wire(config)` returns the handler. */
interface HandlerModule {
  wire?: unknown;
}

const moduleUrl = (entry: string): string => new URL(`../${entry}`, import.meta.url).href;

async function wireHandler(name: FunctionName, environment: Environment): Promise<Handler> {
  const spec = functionSpec(name);
  const module = (await import(moduleUrl(spec.entry))) as HandlerModule;
  if (typeof module.wire !== 'function') throw new Error(`${spec.entry} exports no wire(config)`);
  const wire = module.wire as (config: unknown) => Handler;
  return wire(loadConfig(spec.config, environment));
}

/**
 * A handler wired on its first call: the API's functions, so that local mode starts without loading every PDF and
 * page module. Its configuration is checked at start all the same (startLocalRuntime), so a missing key fails there.
 */
const lazyHandler = (name: FunctionName, environment: Environment): Handler => {
  let wired: Promise<Handler> | undefined;
  return async (event, context) => {
    wired ??= wireHandler(name, environment);
    return (await wired)(event, context);
  };
};

/** The emulator's GetAccount answer (aws-ses-v2-local reads AWS_SES_ACCOUNT): a new production account's 14/s. */
export const LOCAL_SES_ACCOUNT = {
  DedicatedIpAutoWarmupEnabled: false,
  Details: {
    AdditionalContactEmailAddresses: [],
    ContactLanguage: 'EN',
    MailType: 'TRANSACTIONAL',
    ReviewDetails: { CaseId: 'local', Status: 'GRANTED' },
    UseCaseDescription: 'breach notices',
    WebsiteURL: 'http://127.0.0.1',
  },
  EnforcementStatus: 'HEALTHY',
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 },
  SuppressionAttributes: { SuppressedReasons: [] },
};

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const definitionPath =
    options.definitionPath ?? fileURLToPath(new URL('../statemachines/breach-lifecycle.asl.json', import.meta.url));

  const timeScale = options.timeScale ?? 1;
  if (!(timeScale >= 1) || !Number.isFinite(timeScale)) throw new RangeError('timeScale must be a number >= 1');

  // The task functions are wired after the Step Functions endpoint exists: their clients find it when built.
  const handlers: Partial<Record<FunctionName, Handler>> = {};
  const tasks = taskFunctions();
  const functions = Object.fromEntries(
    [...tasks].map(([placeholder, name]) => {
      const call: LocalFunction = async (event) => {
        const handler = handlers[name];
        if (!handler) throw new Error(`task ${placeholder} is not loaded yet`);
        const result = await handler(event, lambdaContext(placeholder));
        return name === 'Prepare' && timeScale !== 1 ? compressSchedule(result, timeScale) : result;
      };
      return [placeholder, call];
    }),
  );
  const stepFunctions = new LocalStepFunctions({
    definitionPath,
    functions,
    ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
  });
  const stepFunctionsServer = await startStepFunctionsServer({ stepFunctions });

  // What Lambda itself provides every function (region, credentials), and the SDK's endpoint variables: the only
  // process-wide settings. The SES emulator reads its account's quota from AWS_SES_ACCOUNT.
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_ENDPOINT_URL_SESV2: options.sesEndpoint,
    AWS_ENDPOINT_URL_SFN: stepFunctionsServer.url,
    AWS_ENDPOINT_URL_S3: options.s3Endpoint ?? 'http://127.0.0.1:9',
  });
  process.env.AWS_SES_ACCOUNT ??= JSON.stringify(LOCAL_SES_ACCOUNT);

  // Without a key file of its own (local mode keeps one in its data folder), the runtime makes a throwaway one and
  // removes it when it closes.
  const csrfKeyFile = options.csrfKeyFile ?? randomKeyFile();
  const values = localConfigValues({ ...options, stateMachineArn: stepFunctions.stateMachineArn, csrfKeyFile });
  const environments = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, environmentOf(name, values)])) as Record<
    FunctionName,
    Record<string, string>
  >;
  // Every function's configuration is checked now, whether or not it is wired now.
  for (const name of FUNCTION_NAMES) loadConfig(functionSpec(name).config, environments[name]);

  for (const name of FUNCTION_NAMES) {
    handlers[name] =
      functionSpec(name).trigger.kind === 'api'
        ? lazyHandler(name, environments[name])
        : await wireHandler(name, environments[name]);
  }
  // The check at each mark reads its breach's scaled clock (time-scale.ts), so its alert says the scaled time left.
  if (timeScale !== 1) {
    handlers.CheckMark = await scaledCheckMark(timeScale, { deps: workflowDepsFromEnv(environments.CheckMark) });
  }
  const all = handlers as Record<FunctionName, Handler>;

  // What EventBridge does on AWS (infra/constructs/workflow-endings.ts): an execution that failed, timed out or was
  // stopped from outside reaches the function whose trigger is `workflow-ended`. Not when local mode itself stops
  // every execution on its way down: those are resumed at the next start.
  let closing = false;
  const endings = new Set<Promise<unknown>>();
  const endedFunction = functionTriggeredBy(
    (trigger) => trigger.kind === 'event' && trigger.source === 'workflow-ended',
  );
  stepFunctions.on('executionClosed', (execution: ExecutionDescription) => {
    if (closing || !(ENDED_STATUSES as readonly string[]).includes(execution.status)) return;
    const delivered = all[endedFunction](executionStatusChange(execution), lambdaContext(endedFunction)).catch(
      (error: unknown) => {
        console.error(
          `${endedFunction} failed for ${execution.executionArn}:`,
          error instanceof Error ? error.name : error,
        );
      },
    );
    endings.add(delivered);
    void delivered.finally(() => endings.delete(delivered));
  });
  const http = Object.fromEntries(
    FUNCTION_NAMES.map((name) => [name.charAt(0).toLowerCase() + name.slice(1), all[name]]),
  ) as unknown as HttpHandlers;

  return {
    stepFunctions,
    stepFunctionsServer,
    functions: all,
    http,
    environments,
    stateMachineArn: stepFunctions.stateMachineArn,
    async close() {
      closing = true;
      await Promise.allSettled([...endings]);
      await stepFunctions.stopAll();
      await stepFunctionsServer.close();
      if (options.csrfKeyFile === undefined) rmSync(dirname(csrfKeyFile), { recursive: true, force: true });
    },
  };
}

export interface LocalConfigOptions {
  readonly tableName: string;
  readonly subjectsTableName?: string;
  readonly stateMachineArn: string;
  readonly publicBaseUrl: string;
  readonly senderAddress?: string;
  readonly csrfKeyFile: string;
  readonly oidc?: { readonly issuer: string; readonly clientId: string };
}

/**
 * The value of every configuration key in local mode, as infra/breachdesk-stack.ts gives the stack's own: each
 * function gets exactly the keys its manifest entry names (environmentOf), never the process's environment.
 */
export function localConfigValues(options: LocalConfigOptions): { readonly [K in ConfigKey]: string | undefined } {
  const { tableName } = options;
  return {
    TABLE_NAME: tableName,
    TABLE_ARN: `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${tableName}`,
    SUBJECTS_TABLE_NAME: options.subjectsTableName ?? subjectsTableNameFor(tableName),
    STATE_MACHINE_ARN: options.stateMachineArn,
    SENDER_ADDRESS: options.senderAddress ?? 'breachdesk@localhost.example',
    SES_REGION: LOCAL_REGION,
    PUBLIC_BASE_URL: options.publicBaseUrl,
    CSRF_KEY_SECRET: `file:${options.csrfKeyFile}`,
    // Without a provider (runtime tests), an address nothing listens on: only the console's sign-in fails.
    OIDC_ISSUER: options.oidc?.issuer ?? 'http://127.0.0.1:9/no-oidc-provider',
    OIDC_CLIENT_ID: options.oidc?.clientId ?? 'breachdesk-console',
    SUBJECT_NOTICES_CONFIGURATION_SET: LOCAL_CONFIGURATION_SET,
    EXPORT_BUCKET: `${tableName}-exports`,
    EXPORT_PREFIX: AUDIT_EXPORT_PREFIX,
    EXPORT_KEY_ARN: `arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/local-exports`,
    ATTACHMENTS_BUCKET: localAttachmentsBucket(tableName),
    USER_POOL_ID: undefined, // left out: see NOT_LOCAL
  };
}

/**
 * The configuration keys the stack sets and local mode leaves out, each with why: the only differences between a
 * function's environment in the two places.
 */
export const NOT_LOCAL: Readonly<Partial<Record<ConfigKey, string>>> = {
  USER_POOL_ID: 'the embedded provider knows every person of the directory: there are no accounts to create',
};

/** The attachments bucket local mode creates in its S3 emulator (local/s3.ts), named after the table. */
export const localAttachmentsBucket = (tableName: string): string => `${tableName}-attachments`;

/** A new file holding a random key, readable by this user alone. */
function randomKeyFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'breachdesk-csrf-')), 'csrf-key');
  writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  return path;
}

/** The statuses of an execution that ended without closing its case (as the deployed rule matches them). */
const ENDED_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** "Step Functions Execution Status Change", the EventBridge event AWS sends when an execution ends. */
const executionStatusChange = (execution: ExecutionDescription) => ({
  version: '0',
  id: randomBytes(16).toString('hex'),
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  account: LOCAL_ACCOUNT,
  time: (execution.stopDate ?? new Date()).toISOString(),
  region: LOCAL_REGION,
  resources: [execution.executionArn],
  detail: {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: execution.startDate.getTime(),
    stopDate: execution.stopDate?.getTime() ?? null,
    input: execution.input,
    error: execution.error ?? null,
    cause: execution.cause ?? null,
  },
});

/** The notices' configuration set locally: SES's emulator accepts the name and routes no events (see README). */
export const LOCAL_CONFIGURATION_SET = 'breachdesk-local-notices';

export { LOCAL_ACCOUNT, LOCAL_REGION };
