import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OrganisationPolicy } from '../domain/policy';
import type { Organisation, OrganisationRepository } from '../domain/ports';
import { isConditionalCheckFailed } from './dynamodb-client';
import { API_KEY_SK, apiKeyPk, ORG_PROFILE_SK, orgPk, TABLE } from './table-layout';

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

export class DynamoOrganisationRepository implements OrganisationRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoOrganisationRepositoryOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async get(organisationId: string): Promise<Organisation | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { [PK]: orgPk(organisationId), [SK]: ORG_PROFILE_SK } }),
    );
    if (Item === undefined) return undefined;
    return { id: String(Item.id), name: String(Item.name), policy: Item.policy as OrganisationPolicy };
  }

  async byApiKeyHash(apiKeyHash: string): Promise<Organisation | undefined> {
    // A malformed hash cannot match: answer "unknown" rather than throw, as the authorizer would for a wrong key.
    if (!SHA256_HEX.test(apiKeyHash)) return undefined;
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { [PK]: apiKeyPk(apiKeyHash), [SK]: API_KEY_SK } }),
    );
    if (Item === undefined || typeof Item.organisationId !== 'string') return undefined;
    return this.get(Item.organisationId);
  }

  async put(organisation: Organisation): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          [PK]: orgPk(organisation.id),
          [SK]: ORG_PROFILE_SK,
          id: organisation.id,
          name: organisation.name,
          policy: organisation.policy,
        },
      }),
    );
  }

  async addApiKeyHash(organisationId: string, apiKeyHash: string): Promise<void> {
    if (!SHA256_HEX.test(apiKeyHash)) throw new InvalidApiKeyHashError();
    if ((await this.get(organisationId)) === undefined) throw new UnknownOrganisationError(organisationId);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { [PK]: apiKeyPk(apiKeyHash), [SK]: API_KEY_SK, organisationId },
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
}
