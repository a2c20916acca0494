import './zod-english';
import * as z from 'zod/mini';
import { apiKeyId, generateApiKey, hashApiKey, isApiKeyId } from './api-keys';
import {
  ApiKeyNotFoundError,
  type ApiKeyRecord,
  type OrganisationAdminStore,
  type OrganisationChange,
  OrganisationNotFoundError,
  type PolicyVersion,
} from './organisation-admin-ports';
import { isTimeZone, type OrganisationPolicy, organisationPolicySchema } from './policy';
import type { Organisation } from './ports';
import { deepMerge, isPresetId, type PolicyIssue, PRESET_IDS, PRESETS } from './presets';

/**
 * Onboarding and administering organisations (`npm run admin`): create one from a preset, read them, replace the
 * policy, issue, list, revoke and rotate API keys. Every use case validates everything before it writes anything, so
 * bad input changes nothing, and every change is recorded with who made it (`actor`: an AWS principal ARN, or
 * `local:<user>`) beside the organisation, in the table the audit exports copy.
 */

export interface AdministerOrganisationsDeps {
  store: OrganisationAdminStore;
  /** Who is making the changes. */
  actor: string;
  now?: () => Date;
  /** @default generateApiKey */
  newApiKey?: () => string;
}

/** Input that cannot be used; `issues` name the field (`--dpo-email`, `policy.clocks.2.hours`) and what is wrong. */
export class AdminInputError extends Error {
  override readonly name = 'AdminInputError';
  constructor(
    message: string,
    readonly issues: readonly PolicyIssue[] = [],
  ) {
    super(message);
  }
}

export interface CreateOrganisationInput {
  /** @default derived from the name: lower case, hyphens */
  id?: string;
  name: string;
  preset: string;
  dpoEmail: string;
  /** @default 'Data Protection Officer' */
  dpoName?: string;
  timeZone: string;
  /** The organisation's changes to the preset (a policy file): deep-merged, arrays replaced whole. */
  policy?: unknown;
}

export interface IssuedKey {
  /** Shown once: only its hash is stored. */
  apiKey: string;
  record: ApiKeyRecord;
}

const ORGANISATION_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const nameSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const emailSchema = z.email().check(z.maxLength(254));

/** "St Clare's RC Primary" → "st-clares-rc-primary": the id in the report form's URL. */
export const organisationIdFrom = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The policy schema's verdict, its issues prefixed with `policy.` so a person finds the field in their file. */
const validatePolicy = (input: unknown, what: string): OrganisationPolicy => {
  const result = organisationPolicySchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: ['policy', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AdminInputError(`${what} is not a valid policy`, issues);
};

const policyFileOf = (value: unknown): Record<string, unknown> => {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    throw new AdminInputError('the policy file must hold a JSON object', [
      { path: 'policy', message: 'must be a JSON object' },
    ]);
  }
  return value;
};

/** Builds and validates a new organisation; throws AdminInputError naming every bad field, writes nothing. */
export const newOrganisation = (input: CreateOrganisationInput): Organisation => {
  const issues: PolicyIssue[] = [];
  const name = nameSchema.safeParse(input.name);
  if (!name.success) issues.push({ path: '--name', message: 'a name of 1 to 200 characters is required' });
  const id = input.id ?? (name.success ? organisationIdFrom(name.data) : '');
  if (!ORGANISATION_ID.test(id)) {
    issues.push({
      path: '--id',
      message: `'${id}' is not an organisation id: 2 to 63 lower-case letters, digits and hyphens, not starting with a hyphen`,
    });
  }
  if (!isPresetId(input.preset)) {
    issues.push({ path: '--preset', message: `unknown preset '${input.preset}': one of ${PRESET_IDS.join(', ')}` });
  }
  if (!emailSchema.safeParse(input.dpoEmail).success) {
    issues.push({ path: '--dpo-email', message: `'${input.dpoEmail}' is not an e-mail address` });
  }
  if (!isTimeZone(input.timeZone)) {
    issues.push({ path: '--time-zone', message: `'${input.timeZone}' is not an IANA time zone, e.g. Europe/London` });
  }
  const file = policyFileOf(input.policy);
  if (file.preset !== undefined && file.preset !== input.preset) {
    issues.push({ path: 'policy.preset', message: `must be '${input.preset}' (the --preset) or left out` });
  }
  if (issues.length > 0 || !isPresetId(input.preset) || !name.success) {
    throw new AdminInputError('the organisation was not created', issues);
  }

  // The preset's DPO is a placeholder: the organisation's own DPO replaces it whole, so no preset contact lingers.
  const fileDpo = isPlainObject(file.dpo) ? file.dpo : {};
  const dpo = {
    name: 'Data Protection Officer',
    role: 'Data Protection Officer',
    ...fileDpo,
    ...(input.dpoName !== undefined ? { name: input.dpoName } : {}),
    email: input.dpoEmail,
  };
  const { dpo: _ignored, ...rest } = file;
  const base = { ...structuredClone(PRESETS[input.preset]), dpo };
  const policy = validatePolicy(deepMerge(base, { ...rest, timeZone: input.timeZone }), `preset '${input.preset}'`);
  return { id, name: name.data, policy, policyVersion: 1 };
};

/** The current policy with a policy file's changes merged in, validated; the preset cannot change. */
export const updatedPolicy = (current: OrganisationPolicy, file: unknown): OrganisationPolicy => {
  const changes = policyFileOf(file);
  if (changes.preset !== undefined && changes.preset !== current.preset) {
    throw new AdminInputError('the policy was not updated', [
      { path: 'policy.preset', message: `must be '${current.preset}' or left out: a preset is chosen at creation` },
    ]);
  }
  return validatePolicy(deepMerge(current, changes), 'the updated policy');
};

/** Preset contacts on example domains that an organisation still has to replace with its own. */
export const placeholderContacts = (policy: OrganisationPolicy): string[] =>
  [
    { path: 'dpo.email', email: policy.dpo.email },
    ...policy.escalation.map((contact, index) => ({ path: `escalation.${index}.email`, email: contact.email })),
  ]
    .filter(({ email }) => email !== undefined && /\.example(\.[a-z]+)?$|@example\./i.test(email))
    .map(({ path }) => path);

export const makeAdministerOrganisations = (deps: AdministerOrganisationsDeps) => {
  const { store, actor } = deps;
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const newApiKey = deps.newApiKey ?? generateApiKey;

  const existing = async (organisationId: string): Promise<Organisation> => {
    const organisation = await store.get(organisationId);
    if (!organisation) throw new OrganisationNotFoundError(organisationId);
    return organisation;
  };

  const change = (
    organisationId: string,
    action: OrganisationChange['action'],
    at: string,
    more: Partial<OrganisationChange> = {},
  ): OrganisationChange => ({ organisationId, action, at, by: actor, ...more });

  const issue = async (organisationId: string, at: string): Promise<IssuedKey> => {
    const apiKey = newApiKey();
    const hash = hashApiKey(apiKey);
    const record: ApiKeyRecord = { keyId: apiKeyId(hash), organisationId, createdAt: at, createdBy: actor };
    await store.addApiKey(record, hash);
    return { apiKey, record };
  };

  const knownKey = async (organisationId: string, keyId: string): Promise<ApiKeyRecord> => {
    if (!isApiKeyId(keyId)) {
      throw new AdminInputError(`'${keyId}' is not a key id`, [
        { path: '--key', message: 'a key id is key_ and 12 hex digits, as `key list` shows it' },
      ]);
    }
    const record = (await store.apiKeys(organisationId)).find((key) => key.keyId === keyId);
    if (!record) throw new ApiKeyNotFoundError(organisationId, keyId);
    return record;
  };

  return {
    /**
     * 1. Build and validate the organisation from its preset, flags and policy file (nothing written if invalid).
     * 2. Store the profile and policy version 1 (refused if the id is taken).
     * 3. Record the change.
     */
    async createOrganisation(input: CreateOrganisationInput): Promise<Organisation> {
      const organisation = newOrganisation(input);
      const at = now();
      await store.create(organisation, {
        organisationId: organisation.id,
        version: 1,
        policy: organisation.policy,
        at,
        by: actor,
      });
      await store.recordChange(change(organisation.id, 'organisation-created', at, { policyVersion: 1 }));
      return organisation;
    },

    listOrganisations: () => store.list(),

    async showOrganisation(organisationId: string) {
      const organisation = await existing(organisationId);
      const [keys, versions, changes] = await Promise.all([
        store.apiKeys(organisationId),
        store.policyVersions(organisationId),
        store.changes(organisationId),
      ]);
      return { organisation, keys, versions, changes };
    },

    /**
     * 1. Merge the policy file into the current policy and validate it (nothing written if invalid).
     * 2. Store it as the next version, only if nobody stored another meanwhile.
     * 3. Record the change.
     */
    async updatePolicy(organisationId: string, file: unknown): Promise<PolicyVersion> {
      const organisation = await existing(organisationId);
      const policy = updatedPolicy(organisation.policy, file);
      const version: PolicyVersion = {
        organisationId,
        version: (organisation.policyVersion ?? 1) + 1,
        policy,
        at: now(),
        by: actor,
      };
      await store.updatePolicy(version);
      await store.recordChange(
        change(organisationId, 'policy-updated', version.at, { policyVersion: version.version }),
      );
      return version;
    },

    /** A new key, shown once; the store keeps its hash. */
    async issueKey(organisationId: string): Promise<IssuedKey> {
      await existing(organisationId);
      const at = now();
      const issued = await issue(organisationId, at);
      await store.recordChange(change(organisationId, 'key-issued', at, { keyId: issued.record.keyId }));
      return issued;
    },

    async listKeys(organisationId: string): Promise<ApiKeyRecord[]> {
      await existing(organisationId);
      return store.apiKeys(organisationId);
    },

    /** Deletes the key's hash; the API refuses the key within AUTHORIZER_CACHE_SECONDS on every route. */
    async revokeKey(organisationId: string, keyId: string): Promise<ApiKeyRecord> {
      await existing(organisationId);
      const record = await knownKey(organisationId, keyId);
      if (!(await store.revokeApiKey(organisationId, keyId))) throw new ApiKeyNotFoundError(organisationId, keyId);
      await store.recordChange(change(organisationId, 'key-revoked', now(), { keyId }));
      return record;
    },

    /**
     * A new key replaces an old one. With `overlapMinutes` the old key keeps working that long (time to deploy the
     * new one to the client), then opens nothing; without, it is revoked at once.
     */
    async rotateKey(
      organisationId: string,
      keyId: string,
      overlapMinutes = 0,
    ): Promise<IssuedKey & { oldKeyUntil: string }> {
      if (!Number.isInteger(overlapMinutes) || overlapMinutes < 0 || overlapMinutes > 7 * 24 * 60) {
        throw new AdminInputError('the key was not rotated', [
          { path: '--overlap-minutes', message: 'a whole number of minutes from 0 to 10080 (a week)' },
        ]);
      }
      await existing(organisationId);
      await knownKey(organisationId, keyId);
      const at = now();
      const issued = await issue(organisationId, at);
      const oldKeyUntil = new Date(Date.parse(at) + overlapMinutes * 60_000).toISOString();
      if (overlapMinutes === 0) await store.revokeApiKey(organisationId, keyId);
      else await store.expireApiKey(organisationId, keyId, oldKeyUntil);
      await store.recordChange(
        change(organisationId, 'key-rotated', at, { keyId: issued.record.keyId, replacedKeyId: keyId }),
      );
      return { ...issued, oldKeyUntil };
    },
  };
};

export type AdministerOrganisations = ReturnType<typeof makeAdministerOrganisations>;
