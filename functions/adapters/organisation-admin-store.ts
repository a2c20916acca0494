import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
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
import type { Organisation } from '../domain/ports';
import { isConditionalCheckFailed } from './dynamodb-client';
import {
  getOrganisation,
  type Item,
  type OrganisationTableOptions,
  organisationOf,
  profileItem,
  putApiKeyItem,
} from './organisation-items';
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
 * Administering organisations (`npm run admin`, the console's people pages): creation, policy versions, API key
 * records, revocation and the change log, beside the organisation in the breach table (layout: table-layout.ts).
 * The items it shares with the functions' reads are written and read as organisation-items.ts says, so an
 * organisation created here is the one DynamoOrganisationRepository reads.
 */

const { partitionKey: PK, sortKey: SK } = TABLE;
const { indexName: GSI1, partitionKey: GSI1PK, sortKey: GSI1SK } = TABLE.gsi1;

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

export class DynamoOrganisationAdminStore implements OrganisationAdminStore {
  readonly #options: OrganisationTableOptions;
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: OrganisationTableOptions) {
    this.#options = options;
    this.#client = options.client;
    this.#table = options.tableName;
  }

  get(organisationId: string): Promise<Organisation | undefined> {
    return getOrganisation(this.#options, organisationId);
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

  addApiKey(record: ApiKeyRecord, apiKeyHash: string): Promise<void> {
    return putApiKeyItem(this.#options, record.organisationId, apiKeyHash, {
      [GSI1PK]: orgApiKeysGsi1Pk(record.organisationId),
      [GSI1SK]: `${record.createdAt}#${record.keyId}`,
      ...record,
    });
  }

  async apiKeys(organisationId: string): Promise<ApiKeyRecord[]> {
    return (await this.#apiKeyItems(organisationId)).map(apiKeyRecordOf);
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

  /** The organisation's key items, oldest first, from the index that lists them. */
  #apiKeyItems(organisationId: string): Promise<Item[]> {
    return this.#queryAll({
      TableName: this.#table,
      IndexName: GSI1,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': GSI1PK },
      ExpressionAttributeValues: { ':pk': orgApiKeysGsi1Pk(organisationId) },
    });
  }

  /** The key item's hash from its id: the id is the hash's first 12 digits, the index lists the org's keys. */
  async #hashOf(organisationId: string, keyId: string): Promise<string | undefined> {
    const item = (await this.#apiKeyItems(organisationId)).find((candidate) => candidate.keyId === keyId);
    const pk = typeof item?.[PK] === 'string' ? item[PK] : undefined;
    return pk?.slice(apiKeyPk('').length);
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
