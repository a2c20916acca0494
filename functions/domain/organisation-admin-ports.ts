import type { OrganisationPolicy } from './policy';
import type { Organisation } from './ports';
import type { Role } from './roles';

/**
 * What administering organisations needs from storage (adapters/organisation-admin-store.ts implements it). Every
 * change is kept beside the organisation in the breach table, so the audit exports carry who changed what and when,
 * and each policy version stays readable: a breach records the version it was reported under.
 */

/** One API key, as listed: never the key, never its hash. */
export interface ApiKeyRecord {
  /** `key_` and the first 12 hex digits of the key's SHA-256: names the key in lists and commands, opens nothing. */
  readonly keyId: string;
  readonly organisationId: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** When the authorizer last let the key in, to within API_KEY_USE_RESOLUTION_MS. */
  readonly lastUsedAt?: string;
  /** After a rotation with an overlap: the moment the old key stops opening anything. */
  readonly notAfter?: string;
}

/** A policy as it stood from `at`, by whom. Version 1 is the one the organisation was created with. */
export interface PolicyVersion {
  readonly organisationId: string;
  readonly version: number;
  readonly policy: OrganisationPolicy;
  readonly at: string;
  readonly by: string;
}

export const CHANGE_ACTIONS = [
  'organisation-created',
  'policy-updated',
  'key-issued',
  'key-revoked',
  'key-rotated',
  // People (administer-users.ts).
  'user-added',
  'user-reactivated',
  'user-roles-changed',
  'user-deactivated',
  'user-away',
  'user-back',
] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** One administrative change: who (an AWS principal ARN, or `local:<user>`), when, what. */
export interface OrganisationChange {
  readonly organisationId: string;
  readonly action: ChangeAction;
  readonly at: string;
  readonly by: string;
  readonly keyId?: string;
  readonly policyVersion?: number;
  /** For a rotation: the key that was replaced. */
  readonly replacedKeyId?: string;
  /** The name of the person who made the change, when a signed-in person did (`by` is then `console:<user id>`). */
  readonly byName?: string;
  /** For a change to a person: who, and their roles after (and before) it. */
  readonly userId?: string;
  readonly roles?: readonly Role[];
  readonly previousRoles?: readonly Role[];
  /** For marking someone away. */
  readonly awayFrom?: string;
  readonly awayUntil?: string;
}

export interface OrganisationAdminStore {
  get(organisationId: string): Promise<Organisation | undefined>;
  /** Every organisation, by id. */
  list(): Promise<Organisation[]>;
  /** Writes the profile and its first policy version; OrganisationExistsError when the id is taken. */
  create(organisation: Organisation, first: PolicyVersion): Promise<void>;
  /**
   * Stores a new policy version and makes it the organisation's policy, only if the current version is still
   * `version.version - 1`; ConcurrentChangeError otherwise (someone else changed it meanwhile).
   */
  updatePolicy(version: PolicyVersion): Promise<void>;
  policyVersions(organisationId: string): Promise<PolicyVersion[]>;
  /** Stores the hash of a new key with its record. */
  addApiKey(record: ApiKeyRecord, apiKeyHash: string): Promise<void>;
  /** The organisation's keys, oldest first. */
  apiKeys(organisationId: string): Promise<ApiKeyRecord[]>;
  /** Deletes the key's hash: the authorizer refuses it from its next lookup. False when there was no such key. */
  revokeApiKey(organisationId: string, keyId: string): Promise<boolean>;
  /** Sets the moment after which the key opens nothing. */
  expireApiKey(organisationId: string, keyId: string, notAfter: string): Promise<void>;
  recordChange(change: OrganisationChange): Promise<void>;
  /** The organisation's changes, oldest first. */
  changes(organisationId: string): Promise<OrganisationChange[]>;
}

export class OrganisationExistsError extends Error {
  override readonly name = 'OrganisationExistsError';
  constructor(readonly organisationId: string) {
    super(`organisation '${organisationId}' already exists`);
  }
}

export class OrganisationNotFoundError extends Error {
  override readonly name = 'OrganisationNotFoundError';
  constructor(readonly organisationId: string) {
    super(`organisation '${organisationId}' does not exist`);
  }
}

export class ApiKeyNotFoundError extends Error {
  override readonly name = 'ApiKeyNotFoundError';
  constructor(
    readonly organisationId: string,
    readonly keyId: string,
  ) {
    super(`organisation '${organisationId}' has no key '${keyId}'`);
  }
}

/** Someone else changed the organisation between this command's read and its write: nothing was written. */
export class ConcurrentChangeError extends Error {
  override readonly name = 'ConcurrentChangeError';
  constructor(readonly organisationId: string) {
    super(`organisation '${organisationId}' was changed by someone else meanwhile; nothing was written, try again`);
  }
}
