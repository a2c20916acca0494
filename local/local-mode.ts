import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoBreachRepository } from '../functions/adapters/breach-repository';
import { DynamoConsoleDirectory } from '../functions/adapters/console-directory';
import { DynamoOrganisationRepository } from '../functions/adapters/organisation-repository';
import { PRESET_IDS, type PresetId } from '../functions/domain/presets';
import { type AccessLogEntry, type LocalApiGateway, startApiGateway } from './api-gateway';
import { apiMount } from './api-routes';
import {
  type DemoOrganisation,
  demoOrganisationId,
  demoOrganisationName,
  seedDemoOrganisations,
} from './demo-organisations';
import { demoUsers } from './demo-users';
import { type LocalTable, startLocalDynamo } from './dynamodb';
import { isObject } from './lambda-functions';
import { startLocalOidcProvider } from './oidc-provider';
import { type ResumeResult, resumeOpenBreaches } from './resume';
import { type LocalRuntime, localAttachmentsBucket, startLocalRuntime } from './runtime';
import { type LocalS3, startLocalS3 } from './s3';
import { type LocalSes, startLocalSes } from './ses';

/**
 * Local mode as one unit (`npm start` is its command line, local/start.ts): the emulators persisted under a data
 * folder, the local Step Functions, the API on `node:http`, the demo organisations, and the breaches the last run left
 * open, resumed. Everything listens on 127.0.0.1 only: nothing here checks signatures.
 */

export interface LocalModeOptions {
  /** The data folder: the DynamoDB store and the inbox live in it. */
  readonly dataDir: string;
  /** Where the URLs and demo keys are written, for people and tools. */
  readonly infoPath: string;
  /** @default 3000; 0 takes a free port */
  readonly port?: number;
  /** @default the API port + 1 when that is free, else a free port */
  readonly inboxPort?: number;
  /** @default 1 */
  readonly timeScale?: number;
  /** Delete the data folder (and the info file) first. */
  readonly reset?: boolean;
  /** How often the reconciler looks for open breaches without an execution. @default 60_000 */
  readonly reconcileEveryMs?: number;
  readonly onRequest?: (entry: AccessLogEntry) => void;
  readonly onError?: (functionName: string, error: unknown) => void;
  /** The clock the API's authorizer cache expires by (tests move it past the revocation bound). @default Date.now */
  readonly authorizerClock?: () => number;
}

/** What `.breachdesk/local.json` holds. */
export interface LocalInfo {
  readonly apiUrl: string;
  /** The hosted report form of the first demo organisation (each organisation has its own below). */
  readonly formUrl: string;
  readonly inboxUrl: string;
  /** The console (dashboard, cases), signed in through the embedded OpenID Connect provider. */
  readonly consoleUrl: string;
  readonly oidcIssuer: string;
  /** The plaintext demo API keys: the table keeps only their SHA-256. For this local demo only. */
  readonly organisations: readonly (DemoOrganisation & { formUrl: string })[];
  /** Whether the hosted report form is served yet (functions/report-form exists). */
  readonly formServed: boolean;
  readonly timeScale: number;
  readonly dataDir: string;
  /** For tools and tests that talk to the emulators directly. */
  readonly endpoints: {
    readonly dynamodb: string;
    readonly ses: string;
    readonly stepFunctions: string;
    /** The S3 emulator holding the attachments bucket. */
    readonly s3?: string;
  };
  /** The attachments bucket in that emulator. */
  readonly attachmentsBucket?: string;
  readonly stateMachineArn: string;
  readonly tableName: string;
  /** The people affected: a table of its own, never exported (`npm run export` writes the breach table only). */
  readonly subjectsTableName: string;
  readonly pid: number;
  readonly startedAt: string;
}

export interface LocalMode {
  readonly info: LocalInfo;
  readonly resumed: ResumeResult;
  readonly runtime: LocalRuntime;
  /** Stops the executions, the servers, and closes the store; safe to call twice. */
  close(): Promise<void>;
}

const TABLE_NAME = 'breachdesk-local';
// The form every printed example points at: the preset closest to the product brief's first users.
const FORM_PRESET: PresetId = 'school';

/** The console's client id at the embedded provider. */
export const LOCAL_OIDC_CLIENT_ID = 'breachdesk-console';

export async function startLocalMode(options: LocalModeOptions): Promise<LocalMode> {
  const dataDir = resolve(options.dataDir);
  const infoPath = resolve(options.infoPath);
  if (options.reset) {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(infoPath, { force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  const previous = readInfo(infoPath);

  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    // Last started, first stopped: no request reaches a store that is already closed.
    for (const closer of closers.splice(0).reverse()) {
      await closer().catch((error: unknown) => options.onError?.('local-mode', error));
    }
  };
  try {
    const table: LocalTable = await startLocalDynamo({ path: join(dataDir, 'dynamodb'), tableName: TABLE_NAME });
    closers.push(table.close);
    const port = options.port ?? 3000;
    const inboxPort = options.inboxPort ?? (port !== 0 && (await portFree(port + 1)) ? port + 1 : 0);
    const ses: LocalSes = await startLocalSes({ storePath: join(dataDir, 'mails.jsonl'), port: inboxPort });
    closers.push(ses.close);
    // Evidence files: the bucket the Attachments function's environment names, kept as files under the data folder.
    const s3: LocalS3 = await startLocalS3({
      directory: join(dataDir, 's3'),
      buckets: [localAttachmentsBucket(table.tableName)],
    });
    closers.push(s3.close);
    // The API listens first: its URL goes into every link the handlers mail, so they must know it when they load.
    const gateway: LocalApiGateway = await startApiGateway({
      port,
      ...(options.authorizerClock ? { authorizerClock: options.authorizerClock } : {}),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    const closeGateway = () => gateway.close();
    closers.push(closeGateway);
    // The console signs in against an embedded OpenID Connect provider, as it does against Cognito in AWS. Its
    // accounts are the demo organisations' people, one per role, and the same people are the console's directory.
    const people = demoUsers(PRESET_IDS.map((preset) => ({ id: demoOrganisationId(preset) })));
    const oidc = await startLocalOidcProvider({
      clientId: LOCAL_OIDC_CLIENT_ID,
      redirectUris: [`${gateway.stageUrl}/console/callback`],
      users: people,
      // The people an administrator adds sign in by typing their address, as at an organisation's own provider.
      lookup: (email) =>
        new DynamoConsoleDirectory({ client: table.client, tableName: table.tableName }).userByEmail(email),
      organisationNames: Object.fromEntries(
        PRESET_IDS.map((preset) => [demoOrganisationId(preset), demoOrganisationName(preset)]),
      ),
    });
    closers.push(oidc.close);
    const timeScale = options.timeScale ?? 1;
    const runtime = await startLocalRuntime({
      oidc: { issuer: oidc.issuer, clientId: LOCAL_OIDC_CLIENT_ID },
      dynamoEndpoint: table.endpoint,
      sesEndpoint: ses.endpoint,
      s3Endpoint: s3.endpoint,
      tableName: table.tableName,
      subjectsTableName: table.subjectsTableName,
      publicBaseUrl: gateway.stageUrl,
      timeScale,
      csrfKeyFile: persistentSecret(join(dataDir, 'csrf-key')),
    });
    closers.push(runtime.close);
    // The API stops first, so no request starts an execution while the executions are being stopped.
    closers.push(...closers.splice(closers.indexOf(closeGateway), 1));
    gateway.mount(apiMount(runtime.http));

    const repositoryOptions = { client: table.client, tableName: table.tableName };
    const organisations = await seedDemoOrganisations(
      new DynamoOrganisationRepository(repositoryOptions),
      previous?.organisations ?? [],
    );
    const directory = new DynamoConsoleDirectory(repositoryOptions);
    // Only the missing demo people: what an administrator changed (roles, deactivation, absence) survives a restart.
    for (const person of people) if (!(await directory.userByEmail(person.email))) await directory.putUser(person);
    const resumed = await resumeOpenBreaches({
      ...repositoryOptions,
      breaches: new DynamoBreachRepository(repositoryOptions),
      start: (breachId, input) => {
        runtime.stepFunctions.startExecution({ name: breachId, input: JSON.stringify(input) });
      },
    });

    // The reconciler (functions/reconcile) as the deployed schedule runs it: at start, then every minute. It starts
    // any open breach whose report was stored but whose execution never started (StartExecution failed).
    const reconcile = () => runtime.functions.Reconcile({}, {});
    const runReconciler = () => {
      reconcile().catch((error: unknown) => options.onError?.('reconcile', error));
    };
    runReconciler();
    const reconcileTimer = setInterval(runReconciler, options.reconcileEveryMs ?? 60_000);
    reconcileTimer.unref();
    closers.push(async () => clearInterval(reconcileTimer));

    const formUrl = (id: string) => `${gateway.stageUrl}/report/${id}`;
    const info: LocalInfo = {
      apiUrl: gateway.stageUrl,
      formUrl: formUrl(organisations.find((o) => o.preset === FORM_PRESET)?.id ?? organisations[0]?.id ?? ''),
      inboxUrl: ses.inboxUrl,
      consoleUrl: `${gateway.stageUrl}/console/`,
      oidcIssuer: oidc.issuer,
      organisations: organisations.map((organisation) => ({ ...organisation, formUrl: formUrl(organisation.id) })),
      formServed: runtime.http.reportForm !== undefined,
      timeScale,
      dataDir,
      endpoints: {
        dynamodb: table.endpoint,
        ses: ses.endpoint,
        stepFunctions: runtime.stepFunctionsServer.url,
        s3: s3.endpoint,
      },
      attachmentsBucket: runtime.environments.Attachments.ATTACHMENTS_BUCKET ?? localAttachmentsBucket(table.tableName),
      stateMachineArn: runtime.stateMachineArn,
      tableName: table.tableName,
      subjectsTableName: table.subjectsTableName,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    };
    writeInfo(infoPath, info);
    return { info, resumed, runtime, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The last start's info, for its demo keys; nothing when absent or unreadable (new keys are made then). */
function readInfo(path: string): Partial<LocalInfo> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return isObject(parsed) ? (parsed as Partial<LocalInfo>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A random key kept in the data folder, so forms a browser still shows keep working across restarts: the file's path,
 * which the pages read the key from as they read the deployed secret.
 */
function persistentSecret(path: string): string {
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return path;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return path;
}

/** Written whole and renamed into place, so a reader never sees half a file. */
function writeInfo(path: string, info: LocalInfo): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createNetServer();
    probe.once('error', () => resolvePort(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
  });
}
