import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { subjectsTableNameFor } from './dynamodb';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalFunction, lambdaContext } from './lambda-functions';
import { LocalStepFunctions } from './step-functions';
import { type StepFunctionsServer, startStepFunctionsServer } from './step-functions-server';
import { compressSchedule } from './time-scale';

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
   * Clocks run this many times faster: each future mark of the schedule Prepare returns is brought nearer, so the
   * Wait states fire sooner while the domain and the ASL stay unchanged. Past marks stay past. @default 1
   */
  timeScale?: number;
  /** The key of the pages' anti-forgery tokens (CSRF_KEY). @default random, so open forms fail after a restart */
  csrfKey?: string;
}

/** A Lambda handler as the runtime calls it: the event in, the result out. */
export type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

/** The HTTP handlers behind the API's routes, loaded against the local endpoints. */
export interface HttpHandlers {
  authorizer: Handler;
  intake: Handler;
  getBreach: Handler;
  listBreaches: Handler;
  submitDecision: Handler;
  /** `GET|POST /decisions/{secret}`, when functions/decision-page/handler.ts exists. */
  decisionPage?: Handler;
  /** `GET /assets/{proxy+}`, when functions/assets/handler.ts exists. */
  assets?: Handler;
  /** `GET|POST /report/{organisation}`, when functions/report-form/handler.ts exists. */
  reportForm?: Handler;
}

export interface LocalRuntime {
  stepFunctions: LocalStepFunctions;
  stepFunctionsServer: StepFunctionsServer;
  http: HttpHandlers;
  stateMachineArn: string;
  close(): Promise<void>;
}

const TASK_MODULES = {
  Prepare: '../functions/prepare/handler.ts',
  Assess: '../functions/assess/handler.ts',
  RequestDecision: '../functions/request-decision/handler.ts',
  CheckMark: '../functions/check-mark/handler.ts',
  RecordFailure: '../functions/record-failure/handler.ts',
  CloseCase: '../functions/close-case/handler.ts',
  NotifyController: '../functions/notify-controller-task/handler.ts',
  SendSubjectNotices: '../functions/send-subject-notices/handler.ts',
  RevisedPlan: '../functions/revised-plan/handler.ts',
  RemindActions: '../functions/remind-actions/handler.ts',
  AwaitActions: '../functions/await-actions/handler.ts',
} as const;

const HTTP_MODULES: Record<keyof HttpHandlers, string> = {
  authorizer: '../functions/authorizer/handler.ts',
  intake: '../functions/intake/handler.ts',
  getBreach: '../functions/get-breach/handler.ts',
  listBreaches: '../functions/list-breaches/handler.ts',
  submitDecision: '../functions/submit-decision/handler.ts',
  decisionPage: '../functions/decision-page/handler.ts',
  assets: '../functions/assets/handler.ts',
  reportForm: '../functions/report-form/handler.ts',
};

// Served as soon as their handler file exists; the others are part of every deployment.
const OPTIONAL_HTTP: ReadonlySet<keyof HttpHandlers> = new Set(['decisionPage', 'assets', 'reportForm']);

async function loadHandler(modulePath: string): Promise<Handler> {
  const module: unknown = await import(modulePath);
  const handler = (module as { handler?: unknown }).handler;
  if (typeof handler !== 'function') throw new Error(`${modulePath} exports no handler`);
  return handler as Handler;
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const definitionPath =
    options.definitionPath ?? fileURLToPath(new URL('../statemachines/breach-lifecycle.asl.json', import.meta.url));

  const timeScale = options.timeScale ?? 1;
  if (!(timeScale >= 1) || !Number.isFinite(timeScale)) throw new RangeError('timeScale must be a number >= 1');

  // Handlers build their clients at module level, so they must find their endpoints when first imported: the task
  // functions are resolved lazily, after the environment below is complete.
  const tasks: Partial<Record<keyof typeof TASK_MODULES, Handler>> = {};
  const functions = Object.fromEntries(
    Object.keys(TASK_MODULES).map((name) => {
      const call: LocalFunction = async (event) => {
        const handler = tasks[name as keyof typeof TASK_MODULES];
        if (!handler) throw new Error(`task ${name} is not loaded yet`);
        const result = await handler(event, lambdaContext(name));
        return name === 'Prepare' && timeScale !== 1 ? compressSchedule(result, timeScale, Date.now()) : result;
      };
      return [name, call];
    }),
  );
  const stepFunctions = new LocalStepFunctions({
    definitionPath,
    functions,
    ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
  });
  const stepFunctionsServer = await startStepFunctionsServer({ stepFunctions });

  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_ENDPOINT_URL_SESV2: options.sesEndpoint,
    AWS_ENDPOINT_URL_SFN: stepFunctionsServer.url,
    TABLE_NAME: options.tableName,
    SUBJECTS_TABLE_NAME: options.subjectsTableName ?? subjectsTableNameFor(options.tableName),
    STATE_MACHINE_ARN: stepFunctions.stateMachineArn,
    PUBLIC_BASE_URL: options.publicBaseUrl,
    SENDER_ADDRESS: options.senderAddress ?? 'breachdesk@localhost.example',
    SES_REGION: LOCAL_REGION,
    // The SES emulator has no account quota of its own: give the notice fan-out a rate like a new SES account's.
    SUBJECT_NOTICE_RATE: process.env.SUBJECT_NOTICE_RATE ?? '14',
    CSRF_KEY: options.csrfKey ?? randomBytes(32).toString('base64url'),
  });

  for (const [name, path] of Object.entries(TASK_MODULES)) {
    tasks[name as keyof typeof TASK_MODULES] = await loadHandler(path);
  }
  const present = Object.entries(HTTP_MODULES).filter(
    ([name, path]) =>
      !OPTIONAL_HTTP.has(name as keyof HttpHandlers) || existsSync(fileURLToPath(new URL(path, import.meta.url))),
  );
  const http = Object.fromEntries(
    await Promise.all(present.map(async ([name, path]) => [name, await loadHandler(path)])),
  ) as unknown as HttpHandlers;

  return {
    stepFunctions,
    stepFunctionsServer,
    http,
    stateMachineArn: stepFunctions.stateMachineArn,
    async close() {
      await stepFunctions.stopAll();
      await stepFunctionsServer.close();
    },
  };
}

export { LOCAL_ACCOUNT, LOCAL_REGION };
