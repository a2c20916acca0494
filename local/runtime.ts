import { fileURLToPath } from 'node:url';
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalFunction } from './lambda-functions';
import { LocalStepFunctions } from './step-functions';
import { type StepFunctionsServer, startStepFunctionsServer } from './step-functions-server';

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
  /** The table, already created with functions/adapters/table-layout.ts's layout. */
  tableName: string;
  /** Where links in mails point (decision links, breach pages). */
  publicBaseUrl: string;
  /** @default 'breachdesk@localhost.example' */
  senderAddress?: string;
  /** Pause before each Retry of every state; 0 in tests. @default the ASL's own intervals */
  retryIntervalMs?: number;
  /** @default statemachines/breach-lifecycle.asl.json */
  definitionPath?: string;
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
} as const;

const HTTP_MODULES: Record<keyof HttpHandlers, string> = {
  authorizer: '../functions/authorizer/handler.ts',
  intake: '../functions/intake/handler.ts',
  getBreach: '../functions/get-breach/handler.ts',
  listBreaches: '../functions/list-breaches/handler.ts',
  submitDecision: '../functions/submit-decision/handler.ts',
};

const lambdaContext = (functionName: string) => ({
  functionName,
  awsRequestId: crypto.randomUUID(),
  getRemainingTimeInMillis: () => 10_000,
  callbackWaitsForEmptyEventLoop: false,
});

async function loadHandler(modulePath: string): Promise<Handler> {
  const module: unknown = await import(modulePath);
  const handler = (module as { handler?: unknown }).handler;
  if (typeof handler !== 'function') throw new Error(`${modulePath} exports no handler`);
  return handler as Handler;
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const definitionPath =
    options.definitionPath ?? fileURLToPath(new URL('../statemachines/breach-lifecycle.asl.json', import.meta.url));

  // Handlers build their clients at module level, so they must find their endpoints when first imported: the task
  // functions are resolved lazily, after the environment below is complete.
  const tasks: Partial<Record<keyof typeof TASK_MODULES, Handler>> = {};
  const functions = Object.fromEntries(
    Object.keys(TASK_MODULES).map((name) => {
      const call: LocalFunction = async (event) => {
        const handler = tasks[name as keyof typeof TASK_MODULES];
        if (!handler) throw new Error(`task ${name} is not loaded yet`);
        return handler(event, lambdaContext(name));
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
    STATE_MACHINE_ARN: stepFunctions.stateMachineArn,
    PUBLIC_BASE_URL: options.publicBaseUrl,
    SENDER_ADDRESS: options.senderAddress ?? 'breachdesk@localhost.example',
    SES_REGION: LOCAL_REGION,
  });

  for (const [name, path] of Object.entries(TASK_MODULES)) {
    tasks[name as keyof typeof TASK_MODULES] = await loadHandler(path);
  }
  const http = Object.fromEntries(
    await Promise.all(Object.entries(HTTP_MODULES).map(async ([name, path]) => [name, await loadHandler(path)])),
  ) as HttpHandlers;

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
