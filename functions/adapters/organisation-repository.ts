import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { API_KEY_USE_RESOLUTION_MS } from '../domain/api-keys';
import type { Organisation, OrganisationRepository } from '../domain/ports';
import { isConditionalCheckFailed } from './dynamodb-client';
import {
  getOrganisation,
  isApiKeyHash,
  type OrganisationTableOptions,
  profileItem,
  putApiKeyItem,
} from './organisation-items';
import { API_KEY_SK, apiKeyPk, TABLE } from './table-layout';

/**
 * Organisations (tenants) as the product's functions read them: by id, and by the SHA-256 of an API key for the
 * authorizer. Administration (versions, key records, the change log) is organisation-admin-store.ts, on the same
 * items (organisation-items.ts), so the functions that only read an organisation do not carry it.
 */

const { partitionKey: PK, sortKey: SK } = TABLE;

export class DynamoOrganisationRepository implements OrganisationRepository {
  readonly #options: OrganisationTableOptions;
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  /** When this container last recorded each key's use: bounds the writes to one per key an hour. */
  readonly #usesRecorded = new Map<string, number>();

  constructor(options: OrganisationTableOptions) {
    this.#options = options;
    this.#client = options.client;
    this.#table = options.tableName;
  }

  get(organisationId: string): Promise<Organisation | undefined> {
    return getOrganisation(this.#options, organisationId);
  }

  async byApiKeyHash(apiKeyHash: string): Promise<Organisation | undefined> {
    // A malformed hash cannot match: answer "unknown" rather than throw, as the authorizer would for a wrong key.
    if (!isApiKeyHash(apiKeyHash)) return undefined;
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
    if (!isApiKeyHash(apiKeyHash)) return;
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
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: profileItem(organisation) }));
  }

  addApiKeyHash(organisationId: string, apiKeyHash: string): Promise<void> {
    return putApiKeyItem(this.#options, organisationId, apiKeyHash, {});
  }
}
