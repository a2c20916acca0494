import type { DecisionStep } from './decisions';
import type { BreachEvent, EventType, NewEvent } from './events';
import type { MailMessage } from './mail/message';
import type { OrganisationPolicy } from './policy';
import type { BreachState } from './state';

/**
 * The ports the use cases depend on. Adapters (functions/adapters) implement them with AWS SDK clients; the domain
 * never imports an adapter.
 */

export interface Organisation {
  id: string;
  name: string;
  policy: OrganisationPolicy;
  /** Which stored version the policy is (organisation-admin-ports.ts); absent for organisations made before versions. */
  policyVersion?: number;
}

export interface AppendResult<T extends EventType = EventType> {
  event: BreachEvent<T>;
  /** false when an identical event was already recorded (idempotent repeat) and this call wrote nothing. */
  created: boolean;
}

export interface BreachSummary {
  breachId: string;
  stage: BreachState['stage'];
  status: BreachState['status'];
  awareAt: string;
  reportedAt: string;
}

/**
 * What a caller knows for certain about a breach's log because it wrote it itself (e.g. `create` just returned
 * `created: true`): the head event, the projection folded up to it, and that no event up to it carries the key
 * being appended. A hint, never a trust boundary: if another writer has appended since, the repository finds out by
 * its conditional put and falls back to reading the log.
 */
export interface KnownHead {
  event: BreachEvent;
  state: BreachState;
}

export interface BreachRepository {
  /**
   * Starts a breach: writes its `reported` event as seq 1 with a conditional put. If the breach already exists,
   * writes nothing and returns the existing first event with `created: false`.
   */
  create(breachId: string, organisationId: string, event: NewEvent<'reported'>): Promise<AppendResult<'reported'>>;
  /** Appends an event with the next sequence number (retrying on a lost race), then updates the projection. */
  append<T extends EventType>(breachId: string, event: NewEvent<T>): Promise<AppendResult<T>>;
  /**
   * Appends the event unless an event with the same idempotency `key` is already in the breach's log; a repeat
   * writes nothing and returns the recorded event with `created: false`. Safe under concurrency and after a crash at
   * any point, which is what makes every workflow task idempotent: key it by what the task does (e.g. `contain`,
   * `mail:dpo:deadline-72h`) and retry freely.
   *
   * `known`, when the caller holds it, lets the repository skip reading back what this very request just wrote.
   */
  appendOnce<T extends EventType>(
    breachId: string,
    key: string,
    event: NewEvent<T>,
    known?: KnownHead,
  ): Promise<AppendResult<T>>;
  /** Every event of the breach, in sequence order. */
  events(breachId: string): Promise<BreachEvent[]>;
  /** The projection; undefined when the breach does not exist. */
  state(breachId: string): Promise<BreachState | undefined>;
  /** Rebuilds the projection by folding every event, and stores it. */
  rebuild(breachId: string): Promise<BreachState>;
  /** The organisation's breaches, newest awareness first. */
  list(
    organisationId: string,
    options?: { status?: BreachState['status']; limit?: number; cursor?: string },
  ): Promise<{ items: BreachSummary[]; cursor?: string }>;
}

export interface OrganisationRepository {
  get(organisationId: string): Promise<Organisation | undefined>;
  /** Looks an organisation up by the SHA-256 (hex) of one of its API keys. The key itself is never stored. */
  byApiKeyHash(apiKeyHash: string): Promise<Organisation | undefined>;
  put(organisation: Organisation): Promise<void>;
  /** Stores the hash of a new API key for the organisation. */
  addApiKeyHash(organisationId: string, apiKeyHash: string): Promise<void>;
  /** Notes that the key was just let in (for `key list`); best effort, at most once per key an hour. */
  recordApiKeyUse?(apiKeyHash: string, at: Date): Promise<void>;
}

export interface WorkflowStarter {
  /** Starts the lifecycle execution named after the breach id; an existing execution counts as success. */
  start(breachId: string, input: unknown): Promise<{ executionArn: string; alreadyStarted: boolean }>;
}

export interface Mailer {
  /**
   * Sends one message. Rejects with a retryable error (throttling, transient faults) for the workflow's Retry to
   * repeat, or a permanent one (rejected message, unverified sender, suspended account) that no retry can fix.
   */
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/**
 * A person's pending decision: the task token of a callback step, kept under the SHA-256 of the random secret that
 * the decision link carries. The secret itself is never stored; the token never leaves the server.
 */
export interface DecisionRequest {
  secretHash: string;
  breachId: string;
  organisationId: string;
  step: DecisionStep;
  taskToken: string;
  issuedAt: string;
  /** Checked on every read: the table's TTL only tidies up, and the local emulator has none. */
  expiresAt: string;
  /** Whether the link reached the decision maker's mailbox (false between issuing it and the mail leaving). */
  mailed: boolean;
  usedAt?: string;
}

export interface DecisionRequestRepository {
  /** The latest request for a step of a breach, if any (used, expired or not). */
  current(breachId: string, step: DecisionRequest['step']): Promise<DecisionRequest | undefined>;
  bySecretHash(secretHash: string): Promise<DecisionRequest | undefined>;
  /** Stores a new request; it becomes the step's current one, and the previous link for the step stops working. */
  issue(request: DecisionRequest): Promise<void>;
  /** A retried or replayed task waits with a new token: the current link now completes that one. */
  updateToken(secretHash: string, taskToken: string): Promise<void>;
  markMailed(secretHash: string): Promise<void>;
  /** Marks the request used, once. Returns false when it was already used: a link decides one thing. */
  claim(secretHash: string, at: string): Promise<boolean>;
}

/** Completes a waiting callback task (SendTaskSuccess / SendTaskFailure). */
export interface TaskCallbacks {
  /** Resolves false when the token is no longer waited on (the task timed out or the execution moved on). */
  succeed(taskToken: string, output: unknown): Promise<boolean>;
  fail(taskToken: string, error: string, cause: string): Promise<boolean>;
}
