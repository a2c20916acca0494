import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DynamoBreachRepository } from '../../../functions/adapters/breach-repository';
import { DynamoDecisionRequestRepository } from '../../../functions/adapters/decision-request-repository';
import { SesMailer } from '../../../functions/adapters/mailer';
import { DynamoOrganisationRepository } from '../../../functions/adapters/organisation-repository';
import { CLOCK_LOOP_SK, DynamoReminderLoop } from '../../../functions/adapters/reminder-loop';
import { SfnTaskCallbacks } from '../../../functions/adapters/task-callbacks';
import { hashApiKey } from '../../../functions/domain/api-keys';
import type { Mark } from '../../../functions/domain/clocks';
import { decideParty } from '../../../functions/domain/decide-party';
import type { DecisionStep } from '../../../functions/domain/decisions';
import type { BreachEvent, EventType } from '../../../functions/domain/events';
import { openDecisionLink } from '../../../functions/domain/open-decision-link';
import { otherPartiesFor } from '../../../functions/domain/other-parties';
import { type PolicyOverrides, type PresetId, presetPolicy } from '../../../functions/domain/presets';
import type { BreachReportInput } from '../../../functions/domain/report';
import { type Role, stepAuthority } from '../../../functions/domain/roles';
import type { BreachState } from '../../../functions/domain/state';
import { type ConsolePerson, takeDecision } from '../../../functions/domain/take-decision';
import { closeAction } from '../../../functions/domain/track-actions';
import { type LocalRuntime, startLocalRuntime } from '../../../local/runtime';
import { callbackMatching, type ExecutionEvent } from '../../../local/step-functions';
import { type LocalTable, startDynalite } from '../../support/dynalite';
import { type LocalSes, type StoredEmail, startLocalSes } from '../../support/ses';

/**
 * The whole system on its embedded runtime: the real ASL file on aws-local-stepfunctions, every Task the real handler
 * module, dynalite behind the real repositories, aws-ses-v2-local behind the real SES client, and the real SFN client
 * talking to the local Step Functions endpoint. Tests act as the reporter (the intake handler) and as the people who
 * decide (the link in the mail they received, followed by the person signed in with the step's role, or the API).
 */

export const PUBLIC_BASE_URL = 'https://breachdesk.test/v1';
const LINK = /https:\/\/breachdesk\.test\/v1\/console\/decisions\/([A-Za-z0-9_-]+)/;

export interface Organisation {
  id: string;
  apiKey: string;
  dpo: string;
}

export interface CaseDeps {
  breaches: DynamoBreachRepository;
  organisations: DynamoOrganisationRepository;
  requests: DynamoDecisionRequestRepository;
  callbacks: SfnTaskCallbacks;
  reminders: DynamoReminderLoop;
  clock: DynamoReminderLoop;
  mailer: SesMailer;
  breachUrl: (breachId: string) => string;
  now: () => Date;
}

export interface LifecycleWorld {
  runtime: LocalRuntime;
  table: LocalTable;
  ses: LocalSes;
  breaches: DynamoBreachRepository;
  organisations: DynamoOrganisationRepository;
  organisation(preset: PresetId, overrides?: PolicyOverrides): Promise<Organisation>;
  report(org: Organisation, body: BreachReportInput, idempotencyKey?: string): Promise<APIGatewayProxyResult>;
  /** Waits until the breach's execution asks a person for this step (the request mail has left by then). */
  waitForStep(breachId: string, step: DecisionStep): Promise<void>;
  /** The single-use link of the latest request mail for the step. */
  linkFor(breachId: string, step: DecisionStep): Promise<string>;
  /**
   * Takes the step's decision as the person the link in the mail was for: the link must lead to the step's form, and
   * the decision is recorded as a signed-in person holding the role the policy gives the step, named as
   * `decidedBy` names them (signing in itself is shown in test/local, test/integration and test/browser).
   */
  decideByLink(breachId: string, step: DecisionStep, body: unknown, as?: Role): Promise<void>;
  /** Takes the step's decision through the API, as an organisation's own system would. */
  decideByApi(org: Organisation, breachId: string, step: DecisionStep, body: unknown): Promise<APIGatewayProxyResult>;
  waitForEnd(breachId: string): Promise<{ status: string; error?: string }>;
  events(breachId: string): Promise<BreachEvent[]>;
  eventsOf<T extends EventType>(breachId: string, type: T): Promise<BreachEvent<T>[]>;
  state(breachId: string): Promise<BreachState>;
  mails(breachId?: string): Promise<StoredEmail[]>;
  /** The execution of the breach (executions are named after the breach id). */
  executionArn(breachId: string): string;
  /** The interpreter's log of the breach's execution so far: StateEntered, StateFailed, StateRetried, … */
  history(breachId: string): readonly ExecutionEvent[];
  /** Where the execution stands now, without waiting. */
  executionStatus(breachId: string): string;
  /** Polls `probe` until it returns something other than undefined/false; fails after `timeoutMs`. */
  waitUntil<T>(
    what: string,
    probe: () => Promise<T | undefined | false> | T | undefined | false,
    timeoutMs?: number,
  ): Promise<T>;
  /** Waits until the breach's log holds an event of the type (matching `where`, if given) and returns it. */
  waitForEvent<T extends EventType>(
    breachId: string,
    type: T,
    where?: (event: BreachEvent<T>) => boolean,
  ): Promise<BreachEvent<T>>;
  /** Runs the real CheckMark task handler for one mark, as the Clock branch does after its Wait. */
  checkMark(breachId: string, mark: Mark): Promise<{ outcome: string }>;
  /**
   * What the case use cases need (amend, revise, actions, the authority's side, parties), on the same clients as the
   * runtime: the real repositories, SES through the emulator, the reminder loop through the local Step Functions.
   */
  caseDeps: CaseDeps;
  /** Closes every open action of the breach as the person given, and decides every pending party as not told. */
  settle(org: Organisation, breachId: string, by: { name: string; role: string }): Promise<void>;
  close(): Promise<void>;
}

const proxyEvent = (
  method: string,
  path: string,
  resource: string,
  organisationId: string,
  extra: { body?: unknown; headers?: Record<string, string>; pathParameters?: Record<string, string> } = {},
) => ({
  httpMethod: method,
  path,
  resource,
  headers: { 'content-type': 'application/json', ...(extra.headers ?? {}) },
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: extra.pathParameters ?? null,
  stageVariables: null,
  body: extra.body === undefined ? null : JSON.stringify(extra.body),
  isBase64Encoded: false,
  requestContext: {
    requestId: crypto.randomUUID(),
    path: `/v1${path}`,
    stage: 'v1',
    resourcePath: resource,
    httpMethod: method,
    authorizer: { organisationId, principalId: organisationId },
  },
});

export async function startLifecycleWorld(): Promise<LifecycleWorld> {
  const [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  const runtime = await startLocalRuntime({
    dynamoEndpoint: table.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: table.tableName,
    subjectsTableName: table.subjectsTableName,
    publicBaseUrl: PUBLIC_BASE_URL,
    retryIntervalMs: 0,
  });
  const options = { client: table.client, tableName: table.tableName };
  const breaches = new DynamoBreachRepository(options);
  const organisations = new DynamoOrganisationRepository(options);
  const sfn = new SFNClient({
    endpoint: runtime.stepFunctionsServer.url,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const decisionDeps = {
    breaches,
    organisations,
    requests: new DynamoDecisionRequestRepository(options),
    callbacks: new SfnTaskCallbacks(sfn),
    now: () => new Date(),
  };
  const caseDeps: CaseDeps = {
    ...decisionDeps,
    requests: decisionDeps.requests,
    callbacks: decisionDeps.callbacks,
    reminders: new DynamoReminderLoop({ ...options, callbacks: decisionDeps.callbacks }),
    clock: new DynamoReminderLoop({ ...options, callbacks: decisionDeps.callbacks, sortKey: CLOCK_LOOP_SK }),
    mailer: new SesMailer({
      client: new SESv2Client({
        endpoint: ses.endpoint,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      fromAddress: 'breachdesk@localhost.example',
    }),
    breachUrl: (breachId) => `${PUBLIC_BASE_URL}/breaches/${breachId}`,
  };
  let orgCount = 0;

  const mails = async (breachId?: string) => {
    const all = await ses.messages();
    return breachId ? all.filter((m) => m.subject.includes(breachId)) : all;
  };

  const organisationOf = async (breachId: string): Promise<string> => {
    const state = await breaches.state(breachId);
    if (!state) throw new Error(`no breach ${breachId}`);
    return state.organisationId;
  };

  const newestLink = async (breachId: string, step: DecisionStep) => {
    const organisationId = await organisationOf(breachId);
    // Newest first: a re-issued link replaces the earlier one for the same step.
    for (const mail of (await mails(breachId)).reverse()) {
      const secret = LINK.exec(mail.body.text ?? '')?.[1];
      if (!secret) continue;
      const link = await openDecisionLink(decisionDeps, { secret, organisationId }).catch(() => undefined);
      if (link?.status === 'open' && link.step === step && link.breachId === breachId) return secret;
    }
    return undefined;
  };

  /**
   * Who follows the link: signed in, holding `as` or else the first role the policy gives the step, named as
   * `decidedBy` says.
   */
  const signedInFor = async (
    breachId: string,
    step: DecisionStep,
    body: unknown,
    as?: Role,
  ): Promise<ConsolePerson> => {
    const state = await breaches.state(breachId);
    const organisation = state && (await organisations.get(state.organisationId));
    if (!state || !organisation) throw new Error(`no breach ${breachId}`);
    const role = as ?? stepAuthority(step, organisation.policy, state.report).roles[0] ?? 'dpo';
    const named = (body as { decidedBy?: { name?: string; email?: string } }).decidedBy ?? {};
    return {
      userId: `usr_${state.organisationId}-${role}`,
      name: named.name ?? 'Dana Protection',
      email: named.email ?? `${role}@${state.organisationId}.example.org`,
      roles: [role],
    };
  };
  // The request is recorded (the step shows as pending) before its mails go: wait for the link to arrive.
  const linkFor = (breachId: string, step: DecisionStep) =>
    waitUntil(`the ${step} link in a mail about ${breachId}`, () => newestLink(breachId, step), 10_000);

  const executionArn = (breachId: string) =>
    `${runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${breachId}`;

  const waitUntil = async <T>(
    what: string,
    probe: () => Promise<T | undefined | false> | T | undefined | false,
    timeoutMs = 20_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  return {
    runtime,
    table,
    ses,
    breaches,
    organisations,
    async organisation(preset, overrides = {}) {
      orgCount += 1;
      const id = `org-${preset}-${orgCount}`;
      const dpo = `dpo@${preset}-${orgCount}.example.org`;
      const policy = presetPolicy(preset, {
        ...overrides,
        dpo: { name: 'Dana Protection', email: dpo, role: 'Data Protection Officer', ...(overrides.dpo ?? {}) },
      });
      await organisations.put({ id, name: `${preset} organisation ${orgCount}`, policy });
      const apiKey = `bd_live_${id}`;
      await organisations.addApiKeyHash(id, hashApiKey(apiKey));
      return { id, apiKey, dpo };
    },
    async report(org, body, idempotencyKey = crypto.randomUUID()) {
      const event = proxyEvent('POST', '/breaches', '/breaches', org.id, {
        body,
        headers: { 'idempotency-key': idempotencyKey },
      });
      return (await runtime.http.intake(event, {})) as APIGatewayProxyResult;
    },
    async waitForStep(breachId, step) {
      await runtime.stepFunctions.waitForCallback(callbackMatching({ breachId, step }), { timeoutMs: 20_000 });
    },
    linkFor,
    async decideByLink(breachId, step, body, as) {
      const secret = await linkFor(breachId, step);
      const organisationId = await organisationOf(breachId);
      const link = await openDecisionLink(decisionDeps, { secret, organisationId });
      if (link.status !== 'open') throw new Error(`the ${step} link is ${link.status}`);
      const person = await signedInFor(breachId, step, body, as);
      await takeDecision(decisionDeps, { via: 'console', organisationId, breachId, step, person, body });
    },
    async decideByApi(org, breachId, step, body) {
      const event = proxyEvent(
        'POST',
        `/breaches/${breachId}/decisions/${step}`,
        '/breaches/{id}/decisions/{step}',
        org.id,
        { body, pathParameters: { id: breachId, step } },
      );
      return (await runtime.http.submitDecision(event, {})) as APIGatewayProxyResult;
    },
    async waitForEnd(breachId) {
      const arn = executionArn(breachId);
      await runtime.stepFunctions.waitForExecution(arn);
      const described = runtime.stepFunctions.describeExecution(arn);
      return { status: described.status, ...(described.error ? { error: described.error } : {}) };
    },
    events: (breachId) => breaches.events(breachId),
    async eventsOf(breachId, type) {
      return (await breaches.events(breachId)).filter((e): e is BreachEvent<typeof type> => e.type === type);
    },
    async state(breachId) {
      const state = await breaches.state(breachId);
      if (!state) throw new Error(`no breach ${breachId}`);
      return state;
    },
    mails,
    executionArn,
    history: (breachId) => runtime.stepFunctions.history(executionArn(breachId)),
    executionStatus: (breachId) => runtime.stepFunctions.describeExecution(executionArn(breachId)).status,
    waitUntil,
    waitForEvent(breachId, type, where = () => true) {
      return waitUntil(`a '${type}' event on ${breachId}`, async () =>
        (await breaches.events(breachId)).find(
          (e): e is BreachEvent<typeof type> => e.type === type && where(e as BreachEvent<typeof type>),
        ),
      );
    },
    async checkMark(breachId, mark) {
      // The task as local mode wired it, with its own environment.
      return (await runtime.functions.CheckMark({ breachId, mark })) as { outcome: string };
    },
    caseDeps,
    async settle(org, breachId, by) {
      const state = await breaches.state(breachId);
      for (const action of state?.actions ?? []) {
        if (action.status !== 'open') continue;
        await closeAction(caseDeps, {
          organisationId: org.id,
          breachId,
          actionId: action.actionId,
          body: { outcome: 'complete', note: 'Done and checked by the person responsible.', closedBy: by },
        });
      }
      const organisation = await organisations.get(org.id);
      const fresh = await breaches.state(breachId);
      if (!organisation || !fresh) return;
      for (const item of otherPartiesFor(fresh, organisation.policy)) {
        if (item.status !== 'pending') continue;
        await decideParty(caseDeps, {
          organisationId: org.id,
          breachId,
          body: { party: item.party, told: false, note: 'Not needed for this breach, as agreed.', decidedBy: by },
        });
      }
    },
    async close() {
      await runtime.close();
      sfn.destroy();
      await Promise.all([ses.close(), table.close()]);
    },
  };
}
