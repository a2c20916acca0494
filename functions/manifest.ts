import type { ConfigKey } from './config';
import { LETTER_FONT_PACKAGE_PATHS } from './documents/letter-font-files';
import { FUNCTION_CONFIG, type FunctionName } from './function-config';

export type { FunctionName };

/**
 * Every Breachdesk function, declared once: its handler file, what invokes it, the configuration keys it reads and
 * what it is granted. The stack (infra/constructs/functions.ts builds each function, infra/constructs/api.ts its
 * routes, the workflow its task placeholders, the schedules and event rules), the local runtime (local/runtime.ts)
 * and the local routes (local/api-routes.ts) are all derived from this table; nothing else lists the functions.
 *
 * Adding a function is one entry here and its keys beside it:
 *   1. write `functions/<name>/handler.ts` exporting `wire(config: FunctionConfig<'<Name>'>)` (builds the clients,
 *      returns the handler) and `handler = lambdaHandler(FUNCTION_CONFIG.<Name>, wire)`;
 *   2. add `<Name>: { entry, trigger, grants }` below and `<Name>: [its keys]` to functions/function-config.ts (kept
 *      apart so that a handler's bundle carries its own keys, not this table; the type checker holds the two to the
 *      same names). An API route appears in the deployed API and in local mode at once; a workflow task fills
 *      `${<placeholder>FunctionArn}` of the ASL in both; its configuration keys are set in its template environment
 *      and handed to `wire` locally; its grants go on its own role.
 *   `test/infra/function-manifest.test.ts` checks that every key has the grant it needs, and the bundle-load test
 *   loads the synthesized bundle with only its template environment.
 *
 * This module is plain data (no CDK, no SDK); no handler imports it.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiRoute {
  readonly method: HttpMethod;
  /** The resource path under the stage, with `{param}` / `{proxy+}` path parameters, e.g. `/breaches/{id}`. */
  readonly path: string;
  /**
   * `api-key`: behind the organisation API-key TOKEN authorizer; `public`: reached without a key (a mailed link's
   * secret, the hosted form's anti-forgery token, or nothing to protect).
   */
  readonly access: 'api-key' | 'public';
  /** API Gateway checks that a JSON body is an object before the function sees it (the function checks the rest). */
  readonly jsonBody?: true;
}

export type Trigger =
  /** API Gateway routes (Lambda proxy integration). */
  | { readonly kind: 'api'; readonly routes: readonly ApiRoute[] }
  /** The API's TOKEN authorizer for every `api-key` route. */
  | { readonly kind: 'authorizer' }
  /** A Task of the ASL: fills its `${<placeholder>FunctionArn}`. */
  | { readonly kind: 'task'; readonly placeholder: string }
  /** EventBridge Scheduler / a schedule rule, every so many minutes. */
  | { readonly kind: 'schedule'; readonly everyMinutes: number }
  /**
   * An EventBridge rule: `ses-notice-events` (deliveries, bounces, complaints of the notices' configuration set),
   * `workflow-ended` (the state machine's executions that FAILED, TIMED_OUT or were ABORTED).
   */
  | { readonly kind: 'event'; readonly source: 'ses-notice-events' | 'workflow-ended' };

export interface Grants {
  /**
   * The breach table (TABLE_NAME). `items`: single-item reads and writes only (GetItem, Query, PutItem, UpdateItem,
   * ConditionCheckItem), no Scan, DeleteItem or batch writes: what a public, unauthenticated route may hold.
   * `itemReads`: GetItem and Query only, for a read-only function a public route reaches (a console download).
   * `export`: export it to the audit bucket and keep the watermark item.
   */
  readonly table?: 'read' | 'readWrite' | 'items' | 'itemReads' | 'export';
  /** The people affected (SUBJECTS_TABLE_NAME); `items` and `itemReads` as for `table`, behind a public route. */
  readonly subjectsTable?: 'read' | 'readWrite' | 'items' | 'itemReads';
  /**
   * The state machine (STATE_MACHINE_ARN): `start` its executions, `respond` to its callback tasks, `continue` an
   * ended execution (describe, redrive, start a new one).
   */
  readonly workflow?: readonly ('start' | 'respond' | 'continue')[];
  /** `ses:SendEmail` as the sender identity (SENDER_ADDRESS, SES_REGION). */
  readonly mail?: true;
  /** `ses:SendBulkEmail` with the notice template and configuration set, and `ses:GetAccount` for the send quota. */
  readonly bulkMail?: true;
  /** Write the export objects to the audit bucket (EXPORT_*). */
  readonly exportBucket?: true;
  /**
   * Read the anti-forgery key's secret (CSRF_KEY_SECRET) at init, through the Parameters and Secrets extension the
   * function then carries as a layer.
   */
  readonly csrfKey?: true;
  /**
   * The attachments bucket (ATTACHMENTS_BUCKET), under `attachments/*` only: `upload` signs presigned PUTs and POST
   * policies (s3:PutObject, which a presigned request acts with) and reads objects back to hash and download them;
   * `read` only reads them (verification re-hashes each file).
   */
  readonly attachments?: 'upload' | 'read';
  /** Set `lastUsedAt` on API key items of the table, and nothing else (for `npm run admin -- key list`). */
  readonly apiKeyUse?: true;
  /** `cognito-idp:AdminCreateUser` on the stack's user pool (USER_POOL_ID): accounts for the people added. */
  readonly userAccounts?: true;
}

export interface FunctionSpec {
  /** The handler file from the repository root; it exports `wire` and `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly trigger: Trigger;
  /** The configuration keys the handler reads (functions/config.ts): exactly these are in its environment. */
  readonly config: readonly ConfigKey[];
  readonly grants: Grants;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** @default 512 */
  readonly memoryMiB?: number;
  /**
   * Files from node_modules copied beside the bundled handler (read at init).
   * @default none
   */
  readonly besideHandler?: readonly string[];
  /**
   * For a function invoked asynchronously (a schedule, an event rule): how often Lambda retries a failed invocation,
   * and whether what still fails is kept in a dead-letter queue for a person.
   * @default synchronous invocation: no retries of Lambda's own, no dead-letter queue
   */
  readonly async?: { readonly retryAttempts: number; readonly deadLetterQueue: boolean };
}

/** A function's entry in the table below: everything but its configuration keys, which functions/function-config.ts holds. */
export type FunctionEntry = Omit<FunctionSpec, 'config'>;

const lifecycleTask = (placeholder: string) => ({ kind: 'task', placeholder }) as const;
const routes = (...list: ApiRoute[]) => ({ kind: 'api', routes: list }) as const;
const key = (method: HttpMethod, path: string, jsonBody?: true): ApiRoute =>
  jsonBody ? { method, path, access: 'api-key', jsonBody } : { method, path, access: 'api-key' };
const open = (method: HttpMethod, path: string): ApiRoute => ({ method, path, access: 'public' });
/**
 * A document's download from the console: public to API Gateway (a more specific path than `/console/{proxy+}`, so it
 * reaches the function that renders the document), which reads the console's session itself (http/console-access.ts).
 */
const consoleDownload = (document: string): ApiRoute => open('GET', `/console/breaches/{id}/${document}`);

export const FUNCTIONS = {
  // --- The breach lifecycle's tasks (statemachines/breach-lifecycle.asl.json) ---
  Prepare: {
    entry: 'functions/prepare/handler.ts',
    description: 'Breachdesk lifecycle task Prepare: the schedule of marks and the DPO’s new-breach mail',
    trigger: lifecycleTask('Prepare'),
    grants: { table: 'readWrite', mail: true },
  },
  Assess: {
    entry: 'functions/assess/handler.ts',
    description: 'Breachdesk lifecycle task Assess: the recommendation computed from the facts',
    trigger: lifecycleTask('Assess'),
    grants: { table: 'readWrite' },
  },
  RequestDecision: {
    entry: 'functions/request-decision/handler.ts',
    description: 'Breachdesk lifecycle task RequestDecision: a decision link mailed, the callback left waiting',
    trigger: lifecycleTask('RequestDecision'),
    grants: { table: 'readWrite', mail: true, workflow: ['respond'] },
  },
  CheckMark: {
    entry: 'functions/check-mark/handler.ts',
    description: 'Breachdesk lifecycle task CheckMark: alerts at each warning and deadline left unmet',
    trigger: lifecycleTask('CheckMark'),
    grants: { table: 'readWrite', mail: true },
  },
  RecordFailure: {
    entry: 'functions/record-failure/handler.ts',
    description: 'Breachdesk lifecycle task RecordFailure: a failed task recorded and the DPO alerted',
    trigger: lifecycleTask('RecordFailure'),
    grants: { table: 'readWrite', mail: true },
  },
  CloseCase: {
    entry: 'functions/close-case/handler.ts',
    description: 'Breachdesk lifecycle task CloseCase: the case closed once its closure decision holds',
    trigger: lifecycleTask('CloseCase'),
    grants: { table: 'readWrite' },
  },
  NotifyController: {
    entry: 'functions/notify-controller-task/handler.ts',
    description: 'Breachdesk lifecycle task NotifyController: the processor’s notice mailed to the controller',
    trigger: lifecycleTask('NotifyController'),
    grants: { table: 'readWrite', mail: true },
  },
  SendSubjectNotices: {
    entry: 'functions/send-subject-notices/handler.ts',
    description: 'Breachdesk lifecycle task SendSubjectNotices: one bounded run of the notices fan-out',
    trigger: lifecycleTask('SendSubjectNotices'),
    grants: { table: 'readWrite', subjectsTable: 'readWrite', bulkMail: true },
    // Lambda's longest: each run sends for ~14.5 minutes, so a million people at 14/s take ~83 runs of the loop.
    timeoutSeconds: 15 * 60,
  },
  RevisedPlan: {
    entry: 'functions/revised-plan/handler.ts',
    description: 'Breachdesk lifecycle task RevisedPlan: the notify steps a revised decision still asks for',
    trigger: lifecycleTask('RevisedPlan'),
    // It wakes the reminder loop once the evaluation's recommendations have become actions.
    grants: { table: 'readWrite', workflow: ['respond'] },
  },
  RemindActions: {
    entry: 'functions/remind-actions/handler.ts',
    description: 'Breachdesk lifecycle task RemindActions: owners of actions due soon or overdue reminded',
    trigger: lifecycleTask('RemindActions'),
    grants: { table: 'readWrite', mail: true },
  },
  AwaitActions: {
    entry: 'functions/await-actions/handler.ts',
    description: 'Breachdesk lifecycle task AwaitActions: the reminder loop parked until its next reminder',
    trigger: lifecycleTask('AwaitActions'),
    grants: { table: 'readWrite', workflow: ['respond'] },
  },
  AwaitClock: {
    entry: 'functions/await-clock/handler.ts',
    description: 'Breachdesk lifecycle task AwaitClock: the Clock branch waiting for an amended awareness to re-plan',
    trigger: lifecycleTask('AwaitClock'),
    grants: { table: 'readWrite', workflow: ['respond'] },
  },

  // --- The API ---
  Authorizer: {
    entry: 'functions/authorizer/handler.ts',
    description: 'Breachdesk API-key authorizer',
    trigger: { kind: 'authorizer' },
    grants: { table: 'read', apiKeyUse: true },
  },
  Intake: {
    entry: 'functions/intake/handler.ts',
    description: 'Breachdesk: report a breach',
    trigger: routes(key('POST', '/breaches', true)),
    grants: { table: 'readWrite', workflow: ['start'] },
  },
  ListBreaches: {
    entry: 'functions/list-breaches/handler.ts',
    description: 'Breachdesk: the organisation’s breaches',
    trigger: routes(key('GET', '/breaches')),
    grants: { table: 'read' },
  },
  GetBreach: {
    entry: 'functions/get-breach/handler.ts',
    description: 'Breachdesk: one breach, its deadlines and events',
    trigger: routes(key('GET', '/breaches/{id}')),
    grants: { table: 'read' },
  },
  SubmitDecision: {
    entry: 'functions/submit-decision/handler.ts',
    description: 'Breachdesk: a decision taken through the API',
    trigger: routes(key('POST', '/breaches/{id}/decisions/{step}', true)),
    grants: { table: 'readWrite', workflow: ['respond'] },
  },
  DecisionLink: {
    entry: 'functions/decision-link/handler.ts',
    description: 'Breachdesk: forwards a decision link mailed before sign-in to the console',
    // Links already in inboxes: answered with a redirect to the console, which signs the person in. No grants at all.
    trigger: routes(open('GET', '/decisions/{secret}'), open('POST', '/decisions/{secret}')),
    grants: {},
  },
  ReportForm: {
    entry: 'functions/report-form/handler.ts',
    description: 'Breachdesk: the hosted report form',
    // An organisation's reporting address for staff without API keys.
    trigger: routes(open('GET', '/report/{organisation}'), open('POST', '/report/{organisation}')),
    grants: { table: 'items', workflow: ['start'], csrfKey: true },
  },
  Console: {
    entry: 'functions/console/handler.ts',
    description: 'Breachdesk: the console (dashboard, cases, decisions) behind OIDC sign-in',
    // Public to API Gateway: the console signs people in itself and checks its own session on every request.
    trigger: routes(
      open('GET', '/console'),
      open('POST', '/console'),
      open('GET', '/console/{proxy+}'),
      open('POST', '/console/{proxy+}'),
    ),
    // Reached by anyone before sign-in: item-level access only (sessions and sign-in attempts are marked, not deleted).
    // Evidence: it signs the upload form's POST policy and reads each uploaded file back to hash it. Mail: an
    // amendment whose reassessment disagrees with the decision mails the DPO, as the API's CaseChanges does.
    // The people affected: a DPO adds them from the case page, one conditional put per person, item-level only.
    grants: {
      table: 'items',
      workflow: ['respond'],
      attachments: 'upload',
      userAccounts: true,
      mail: true,
      subjectsTable: 'items',
    },
    // The board report's PDF embeds its font, read beside the handler (functions/documents/letter-font.ts).
    besideHandler: LETTER_FONT_PACKAGE_PATHS,
    // A list of up to 10,000 people is 10,000 conditional puts, 25 in flight (console/subjects-routes.ts): seconds on
    // DynamoDB, not always inside the default 10 s with a cold start; API Gateway's 29 s is the real bound.
    timeoutSeconds: 29,
  },
  Assets: {
    entry: 'functions/assets/handler.ts',
    description: 'Breachdesk: the pages’ stylesheet',
    trigger: routes(open('GET', '/assets/{proxy+}')),
    grants: {},
    // Read beside the handler at init (functions/assets/stylesheet.ts).
    besideHandler: ['govuk-frontend/dist/govuk/govuk-frontend.min.css'],
  },
  OpenApi: {
    entry: 'functions/openapi/handler.ts',
    description: 'Breachdesk: the OpenAPI 3.1 document of the API',
    trigger: routes(open('GET', '/openapi.json')),
    grants: {},
  },
  Verification: {
    entry: 'functions/verification/handler.ts',
    description: 'Breachdesk: the hash chains of the organisation’s breaches re-checked',
    trigger: routes(key('GET', '/verification')),
    // Every attached file is read back and hashed again against its event.
    grants: { table: 'read', attachments: 'read' },
    timeoutSeconds: 29,
  },
  Register: {
    entry: 'functions/register/handler.ts',
    description: 'Breachdesk: the breach register (JSON, CSV, PDF)',
    // And the console's PDF of it (more specific than `/console/{proxy+}`): the console carries no PDF renderer.
    trigger: routes(key('GET', '/register'), open('GET', '/console/register.pdf')),
    grants: { table: 'itemReads' },
    // The register's PDF embeds its font, read beside the handler (functions/documents/letter-font.ts).
    besideHandler: LETTER_FONT_PACKAGE_PATHS,
  },
  AuthorityReport: {
    entry: 'functions/authority-report/handler.ts',
    description: 'Breachdesk: the report to the supervisory authority (JSON, text, PDF)',
    trigger: routes(key('GET', '/breaches/{id}/authority-report'), consoleDownload('authority-report')),
    grants: { table: 'itemReads' },
  },
  BoardReport: {
    entry: 'functions/board-report/handler.ts',
    description: 'Breachdesk: the final report to the board (PDF, text) and the earlier breaches like this one',
    trigger: routes(
      key('GET', '/breaches/{id}/board-report'),
      key('GET', '/breaches/{id}/similar-incidents'),
      consoleDownload('board-report'),
    ),
    grants: { table: 'itemReads' },
    // The PDF embeds its font, read beside the handler (functions/documents/letter-font.ts).
    besideHandler: LETTER_FONT_PACKAGE_PATHS,
  },
  AuthorityFollowUp: {
    entry: 'functions/authority-follow-up/handler.ts',
    description: 'Breachdesk: a follow-up or final report to the authority',
    trigger: routes(key('POST', '/breaches/{id}/authority-reports', true)),
    grants: { table: 'readWrite' },
  },
  CaseChanges: {
    entry: 'functions/case-changes/handler.ts',
    description: 'Breachdesk: a case changed after its first decision (amendments, revisions, actions, the authority)',
    trigger: routes(
      key('POST', '/breaches/{id}/amendments', true),
      key('POST', '/breaches/{id}/revisions', true),
      key('POST', '/breaches/{id}/actions', true),
      key('POST', '/breaches/{id}/actions/{actionId}', true),
      key('POST', '/breaches/{id}/authority-exchanges', true),
      key('POST', '/breaches/{id}/authority-outcome', true),
      key('POST', '/breaches/{id}/other-parties', true),
      key('POST', '/breaches/{id}/links', true),
      key('POST', '/breaches/{id}/obligation-stages', true),
      key('POST', '/breaches/{id}/not-a-breach', true),
      key('POST', '/breaches/{id}/investigator', true),
      key('POST', '/breaches/{id}/access-codes', true),
      key('POST', '/breaches/{id}/receipts', true),
    ),
    // Reassessments and reminders mail the DPO; revisions and new actions answer the workflow's waiting tasks.
    grants: { table: 'readWrite', mail: true, workflow: ['respond'] },
  },
  Attachments: {
    entry: 'functions/attachments/handler.ts',
    description:
      'Breachdesk: evidence attached to a breach (declared, uploaded by presigned URL, confirmed, downloaded)',
    trigger: routes(
      key('POST', '/breaches/{id}/attachments', true),
      key('GET', '/breaches/{id}/attachments'),
      key('POST', '/breaches/{id}/attachments/{attachmentId}'),
      key('GET', '/breaches/{id}/attachments/{attachmentId}'),
    ),
    // Hashing a 25 MiB file as it streams takes well under the API's 29 s.
    grants: { table: 'readWrite', attachments: 'upload' },
    timeoutSeconds: 29,
  },
  AuthorityAcknowledgement: {
    entry: 'functions/authority-acknowledgement/handler.ts',
    description: 'Breachdesk: the authority’s written confirmation of receipt',
    trigger: routes(key('POST', '/breaches/{id}/authority-acknowledgement', true)),
    grants: { table: 'readWrite' },
  },
  OtherParties: {
    entry: 'functions/other-parties/handler.ts',
    description: 'Breachdesk: the other parties to tell, why, and whether they were',
    trigger: routes(key('GET', '/breaches/{id}/other-parties')),
    grants: { table: 'read' },
  },
  AddSubjects: {
    entry: 'functions/add-subjects/handler.ts',
    description: 'Breachdesk: the people affected (JSON or CSV)',
    trigger: routes(key('POST', '/breaches/{id}/subjects', true)),
    grants: { table: 'readWrite', subjectsTable: 'readWrite' },
    // A 5 MiB CSV is ~50,000 conditional puts: API Gateway's 29 s is the real bound, and the parser wants room.
    timeoutSeconds: 29,
    memoryMiB: 1024,
  },
  EraseSubjects: {
    entry: 'functions/erase-subjects/handler.ts',
    description: 'Breachdesk: the people’s contact details erased once the case is closed',
    trigger: routes(key('DELETE', '/breaches/{id}/subjects', true)),
    grants: { table: 'readWrite', subjectsTable: 'readWrite' },
    // Deletes for up to 20 s (functions/erase-subjects/make-handler.ts) under API Gateway's 29 s.
    timeoutSeconds: 29,
  },
  ResolveUnconfirmed: {
    entry: 'functions/resolve-unconfirmed/handler.ts',
    description: 'Breachdesk: notices a crashed run left unconfirmed, resolved by a person',
    trigger: routes(key('POST', '/breaches/{id}/subjects/unconfirmed', true)),
    grants: { table: 'readWrite', subjectsTable: 'readWrite', bulkMail: true },
    // A resend sends for up to 20 s (functions/resolve-unconfirmed/make-handler.ts) under API Gateway's 29 s.
    timeoutSeconds: 29,
  },
  PublicNotice: {
    entry: 'functions/public-notice/handler.ts',
    description: 'Breachdesk: the public notice (names nobody)',
    trigger: routes(key('GET', '/breaches/{id}/public-notice'), consoleDownload('public-notice')),
    grants: { table: 'itemReads' },
  },
  SubjectLetters: {
    entry: 'functions/subject-letters/handler.ts',
    description: 'Breachdesk: the letters a DPO can post',
    trigger: routes(key('GET', '/breaches/{id}/letters'), consoleDownload('letters')),
    grants: { table: 'itemReads', subjectsTable: 'itemReads' },
    timeoutSeconds: 29,
    memoryMiB: 1024,
    // The letters embed their font, read beside the handler (functions/documents/letter-font.ts).
    besideHandler: LETTER_FONT_PACKAGE_PATHS,
  },

  ContinueWorkflow: {
    entry: 'functions/continue-workflow/handler.ts',
    description: 'Breachdesk: an open breach whose workflow ended, continued',
    trigger: routes(key('POST', '/breaches/{id}/workflow/continue')),
    grants: { table: 'readWrite', workflow: ['continue'] },
  },

  // --- Schedules and events ---
  Reconcile: {
    entry: 'functions/reconcile/handler.ts',
    description: 'Breachdesk: start or continue the lifecycle of any open breach that has none running',
    trigger: { kind: 'schedule', everyMinutes: 5 },
    grants: { table: 'readWrite', workflow: ['start', 'continue'], mail: true },
    timeoutSeconds: 60,
    // A failed run is not redelivered: the next scheduled run repeats it with fresh data.
    async: { retryAttempts: 0, deadLetterQueue: false },
  },
  ExportTable: {
    entry: 'functions/export-table/handler.ts',
    description: 'Breachdesk: export the breach table to S3 for auditors (full, then incremental)',
    trigger: { kind: 'schedule', everyMinutes: 6 * 60 },
    grants: { table: 'export', exportBucket: true },
    // A run that fails after the schedule's retries is kept for a person.
    async: { retryAttempts: 2, deadLetterQueue: true },
  },
  WorkflowEnded: {
    entry: 'functions/workflow-ended/handler.ts',
    description: 'Breachdesk: a lifecycle execution that ended without closing its case, recorded and the DPO mailed',
    trigger: { kind: 'event', source: 'workflow-ended' },
    grants: { table: 'readWrite', mail: true },
    // An ending that cannot be recorded after the retries waits in the dead-letter queue for a person.
    async: { retryAttempts: 2, deadLetterQueue: true },
  },
  SesEvents: {
    entry: 'functions/ses-events/handler.ts',
    description: 'Breachdesk: SES delivery, bounce and complaint events recorded on the person concerned',
    trigger: { kind: 'event', source: 'ses-notice-events' },
    // Only the subjects table: an event's message id leads to its person's pointer, and the event is recorded there.
    grants: { subjectsTable: 'readWrite' },
    // Failed deliveries of events and failed invocations wait in the dead-letter queue for a person.
    async: { retryAttempts: 2, deadLetterQueue: true },
  },
} as const satisfies Record<FunctionName, FunctionEntry>;

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** Where the audit exports land in their bucket (`exports/AWSDynamoDB/<exportId>/…`): ExportTable's EXPORT_PREFIX. */
export const AUDIT_EXPORT_PREFIX = 'exports';

/** The function's entry with its configuration keys, typed as the general shape (the tables keep their literal types). */
export const functionSpec = (name: FunctionName): FunctionSpec => ({
  ...FUNCTIONS[name],
  config: FUNCTION_CONFIG[name],
});

/** The functions behind the ASL's Task placeholders, by placeholder. */
export const taskFunctions = (): ReadonlyMap<string, FunctionName> =>
  new Map(
    FUNCTION_NAMES.flatMap((name) => {
      const trigger = functionSpec(name).trigger;
      return trigger.kind === 'task' ? [[trigger.placeholder, name] as const] : [];
    }),
  );

/** Every API route with the function behind it. */
export const apiRoutes = (): readonly (ApiRoute & { readonly functionName: FunctionName })[] =>
  FUNCTION_NAMES.flatMap((name) => {
    const trigger = functionSpec(name).trigger;
    return trigger.kind === 'api' ? trigger.routes.map((route) => ({ ...route, functionName: name })) : [];
  });

/** The one function a trigger kind names (the authorizer, an event source). */
export const functionTriggeredBy = (match: (trigger: Trigger) => boolean): FunctionName => {
  const found = FUNCTION_NAMES.filter((name) => match(functionSpec(name).trigger));
  if (found.length !== 1 || found[0] === undefined) {
    throw new Error(`expected one function for this trigger, found ${found.length}`);
  }
  return found[0];
};

/**
 * A function's environment from the values of every configuration key: exactly the keys it declares, and an
 * optional key without a value left out. The stack and local mode both build environments with this.
 */
export function environmentOf<V>(
  name: FunctionName,
  values: { readonly [K in ConfigKey]: V | undefined },
): Record<string, V> {
  const environment: Record<string, V> = {};
  for (const configKey of functionSpec(name).config) {
    const value = values[configKey];
    if (value !== undefined) environment[configKey] = value;
  }
  return environment;
}
