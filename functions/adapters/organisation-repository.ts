import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { API_KEY_USE_RESOLUTION_MS } from '../domain/api-keys';
import {
  type ApiKeyRecord,
  ConcurrentChangeError,
  type OrganisationAdminStore,
  type OrganisationChange,
  OrganisationExistsError,
  OrganisationNotFoundError,
  type PolicyVersion,
} from '../domain/organisation-admin-ports';
import type { OrganisationPolicy } from '../domain/policy';
import type { Organisation, OrganisationRepository } from '../domain/ports';
import { isConditionalCheckFailed } from './dynamodb-client';
import {
  API_KEY_SK,
  apiKeyPk,
  CHANGE_SK_PREFIX,
  changeSk,
  ORG_PROFILE_SK,
  ORGANISATIONS_GSI1_PK,
  orgApiKeysGsi1Pk,
  orgPk,
  POLICY_SK_PREFIX,
  policyVersionSk,
  TABLE,
} from './table-layout';

/**
 * Organisations (tenants) and their API keys (layout: table-layout.ts). The profile item keeps the policy as a map;
 * an API key item is keyed by the key's SHA-256 and holds nothing but the organisation it opens, so neither a table
 * export nor a leaked backup gives anyone a usable key.
 */

export interface DynamoOrganisationRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** Not a lowercase hex SHA-256: most likely the raw key was passed, which must never reach the table. */
/** An organisation's profile item, as both the plain put and the first creation write it. */
const profileItem = (organisation: Organisation): Record<string, unknown> => ({
  [PK]: orgPk(organisation.id),
  [SK]: ORG_PROFILE_SK,
  [GSI1PK]: ORGANISATIONS_GSI1_PK,
  [GSI1SK]: organisation.id,
  id: organisation.id,
  name: organisation.name,
  policy: organisation.policy,
  ...(organisation.policyVersion !== undefined ? { policyVersion: organisation.policyVersion } : {}),
});

export class InvalidApiKeyHashError extends Error {
  constructor() {
    super('an API key hash must be a SHA-256 digest in lowercase hex');
    this.name = 'InvalidApiKeyHashError';
  }
}

/** The key hash already opens another organisation: a key never changes hands. */
export class ApiKeyInUseError extends Error {
  constructor(readonly organisationId: string) {
    super(`the API key is already registered to another organisation than ${organisationId}`);
    this.name = 'ApiKeyInUseError';
  }
}

export class UnknownOrganisationError extends Error {
  constructor(readonly organisationId: string) {
    super(`organisation ${organisationId} does not exist`);
    this.name = 'UnknownOrganisationError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const { partitionKey: PK, sortKey: SK } = TABLE;
const { indexName: GSI1, partitionKey: GSI1PK, sortKey: GSI1SK } = TABLE.gsi1;

type Item = Record<string, unknown>;

const organisationOf = (item: Item): Organisation => ({
  id: String(item.id),
  name: String(item.name),
  policy: item.policy as OrganisationPolicy,
  ...(typeof item.policyVersion === 'number' ? { policyVersion: item.policyVersion } : {}),
});

const apiKeyRecordOf = (item: Item): ApiKeyRecord => ({
  keyId: String(item.keyId),
  organisationId: String(item.organisationId),
  createdAt: String(item.createdAt),
  createdBy: String(item.createdBy),
  ...(typeof item.lastUsedAt === 'string' ? { lastUsedAt: item.lastUsedAt } : {}),
  ...(typeof item.notAfter === 'string' ? { notAfter: item.notAfter } : {}),
});

const changeOf = (item: Item): OrganisationChange => {
  const { [PK]: _pk, [SK]: _sk, ...change } = item;
  return change as unknown as OrganisationChange;
};

export class DynamoOrganisationRepository implements OrganisationRepository, OrganisationAdminStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  /** When this container last recorded each key's use: bounds the writes to one per key an hour. */
  readonly #usesRecorded = new Map<string, number>();

  constructor(options: DynamoOrganisationRepositoryOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async get(organisationId: string): Promise<Organisation | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { [PK]: orgPk(organisationId), [SK]: ORG_PROFILE_SK } }),
    );
    if (Item === undefined) return undefined;
    return organisationOf(Item);
  }

  async byApiKeyHash(apiKeyHash: string): Promise<Organisation | undefined> {
    // A malformed hash cannot match: answer "unknown" rather than throw, as the authorizer would for a wrong key.
    if (!SHA256_HEX.test(apiKeyHash)) return undefined;
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { [PK]: apiKeyPk(apiKeyHash), [SK]: API_KEY_SK } }),
    );
    if (Item === undefined || typeof Item.organisationId !== 'string') return undefined;
    // A rotated key with an overlap opens nothing after its end, whether or not anyone has deleted it yet.
    if (typeof Item.notAfter === 'string' && Date.parse(Item.notAfter) <= Date.now()) return undefined;
    return this.get(Item.organisationId);
  }

  /**
   * Conditional on the key still existing: an update would otherwise re-create a revoked key's item. Failures are
   * the caller's to ignore; a key let in is let in whether or not its use was noted.
   */
  async recordApiKeyUse(apiKeyHash: string, at: Date): Promise<void> {
    if (!SHA256_HEX.test(apiKeyHash)) return;
    const last = this.#usesRecorded.get(apiKeyHash);
    if (last !== undefined && at.getTime() - last < API_KEY_USE_RESOLUTION_MS) return;
    this.#usesRecorded.set(apiKeyHash, at.getTime());
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { [PK]: apiKeyPk(apiKeyHash), [SK]: API_KEY_SK },
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async put(organisation: Organisation): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: profileItem(organisation),
      }),
    );
  }

  async addApiKeyHash(organisationId: string, apiKeyHash: string): Promise<void> {
    await this.#putApiKey(organisationId, apiKeyHash, {});
  }

  async addApiKey(record: ApiKeyRecord, apiKeyHash: string): Promise<void> {
    await this.#putApiKey(record.organisationId, apiKeyHash, {
      [GSI1PK]: orgApiKeysGsi1Pk(record.organisationId),
      [GSI1SK]: `${record.createdAt}#${record.keyId}`,
      ...record,
    });
  }

  async #putApiKey(organisationId: string, apiKeyHash: string, more: Item): Promise<void> {
    if (!SHA256_HEX.test(apiKeyHash)) throw new InvalidApiKeyHashError();
    if ((await this.get(organisationId)) === undefined) throw new UnknownOrganisationError(organisationId);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...more, [PK]: apiKeyPk(apiKeyHash), [SK]: API_KEY_SK, organisationId },
          // Re-adding a key to its own organisation is a harmless repeat; handing it to another is refused.
          ConditionExpression: 'attribute_not_exists(#pk) OR #org = :org',
          ExpressionAttributeNames: { '#pk': PK, '#org': 'organisationId' },
          ExpressionAttributeValues: { ':org': organisationId },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ApiKeyInUseError(organisationId);
      throw error;
    }
  }

  async list(): Promise<Organisation[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI1PK },
      ExpressionAttributeValues: { ':pk': ORGANISATIONS_GSI1_PK },
    });
    return items.map(organisationOf);
  }

  async create(organisation: Organisation, first: PolicyVersion): Promise<void> {
    // The version first, as in updatePolicy. Its record outlives a profile deleted by hand, so an id once used stays
    // taken: a new organisation under it would inherit the old one's history.
    try {
      await this.#putPolicyVersion(first);
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new OrganisationExistsError(organisation.id);
      throw error;
    }
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: profileItem({ ...organisation, policyVersion: first.version }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      await this.#deletePolicyVersion(first);
      throw new OrganisationExistsError(organisation.id);
    }
  }

  async updatePolicy(version: PolicyVersion): Promise<void> {
    // The version item first: a crash between the two writes leaves a version nobody uses, never a policy in use
    // without its recorded version. Conditional, so two administrators cannot both write version N.
    try {
      await this.#putPolicyVersion(version);
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentChangeError(version.organisationId);
      throw error;
    }
    const previous = version.version - 1;
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { [PK]: orgPk(version.organisationId), [SK]: ORG_PROFILE_SK },
          UpdateExpression: 'SET policy = :policy, policyVersion = :version',
          // Organisations made before versions have none: they count as version 1.
          ConditionExpression:
            previous === 1
              ? 'attribute_exists(#pk) AND (attribute_not_exists(policyVersion) OR policyVersion = :previous)'
              : 'attribute_exists(#pk) AND policyVersion = :previous',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: { ':policy': version.policy, ':version': version.version, ':previous': previous },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) {
        await this.#deletePolicyVersion(version);
        if ((await this.get(version.organisationId)) === undefined) {
          throw new OrganisationNotFoundError(version.organisationId);
        }
        throw new ConcurrentChangeError(version.organisationId);
      }
      throw error;
    }
  }

  async policyVersions(organisationId: string): Promise<PolicyVersion[]> {
    const items = await this.#queryPrefix(organisationId, POLICY_SK_PREFIX);
    return items.map((item) => ({
      organisationId,
      version: Number(item.version),
      policy: item.policy as OrganisationPolicy,
      at: String(item.at),
      by: String(item.by),
    }));
  }

  async apiKeys(organisationId: string): Promise<ApiKeyRecord[]> {
    const items = await this.#queryAll({
      TableName: this.#table,
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI1PK },
      ExpressionAttributeValues: { ':pk': orgApiKeysGsi1Pk(organisationId) },
    });
    return items.map(apiKeyRecordOf);
  }

  async revokeApiKey(organisationId: string, keyId: string): Promise<boolean> {
    const hash = await this.#hashOf(organisationId, keyId);
    if (hash === undefined) return false;
    try {
      await this.#client.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { [PK]: apiKeyPk(hash), [SK]: API_KEY_SK },
          ConditionExpression: 'organisationId = :org',
          ExpressionAttributeValues: { ':org': organisationId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async expireApiKey(organisationId: string, keyId: string, notAfter: string): Promise<void> {
    const hash = await this.#hashOf(organisationId, keyId);
    if (hash === undefined) return;
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { [PK]: apiKeyPk(hash), [SK]: API_KEY_SK },
        UpdateExpression: 'SET notAfter = :notAfter',
        ConditionExpression: 'organisationId = :org',
        ExpressionAttributeValues: { ':org': organisationId, ':notAfter': notAfter },
      }),
    );
  }

  async recordChange(change: OrganisationChange): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          [PK]: orgPk(change.organisationId),
          [SK]: changeSk(change.at, randomBytes(4).toString('hex')),
          ...change,
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK },
      }),
    );
  }

  async changes(organisationId: string): Promise<OrganisationChange[]> {
    return (await this.#queryPrefix(organisationId, CHANGE_SK_PREFIX)).map(changeOf);
  }

  /** The key item's hash from its id: the id is the hash's first 12 digits, the index lists the org's keys. */
  async #hashOf(organisationId: string, keyId: string): Promise<string | undefined> {
    const items = await this.#queryAll({
      TableName: this.#table,
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI1PK },
      ExpressionAttributeValues: { ':pk': orgApiKeysGsi1Pk(organisationId) },
    });
    const item = items.find((candidate) => candidate.keyId === keyId);
    const pk = typeof item?.[PK] === 'string' ? item[PK] : undefined;
    return pk?.slice('APIKEY#'.length);
  }

  async #putPolicyVersion(version: PolicyVersion): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { [PK]: orgPk(version.organisationId), [SK]: policyVersionSk(version.version), ...version },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK },
      }),
    );
  }

  async #deletePolicyVersion(version: PolicyVersion): Promise<void> {
    await this.#client.send(
      new DeleteCommand({
        TableName: this.#table,
        Key: { [PK]: orgPk(version.organisationId), [SK]: policyVersionSk(version.version) },
        ConditionExpression: '#at = :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': version.at },
      }),
    );
  }

  #queryPrefix(organisationId: string, prefix: string): Promise<Item[]> {
    return this.#queryAll({
      TableName: this.#table,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
      ExpressionAttributeValues: { ':pk': orgPk(organisationId), ':prefix': prefix },
    });
  }

  async #queryAll(input: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(new QueryCommand({ ...input, ExclusiveStartKey }));
      items.push(...((page.Items ?? []) as Item[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }
}
