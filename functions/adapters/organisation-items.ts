import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OrganisationPolicy } from '../domain/policy';
import type { Organisation } from '../domain/ports';
import { isConditionalCheckFailed } from './dynamodb-client';
import { API_KEY_SK, apiKeyPk, ORG_PROFILE_SK, ORGANISATIONS_GSI1_PK, orgPk, TABLE } from './table-layout';

/**
 * An organisation's profile and API key items (layout: table-layout.ts), as both of their adapters write and read
 * them: the repository every function reads organisations through (organisation-repository.ts) and the store that
 * administration writes through (organisation-admin-store.ts). Kept apart from both classes so that neither carries
 * the other: a class is bundled whole, and the ~30 functions that only read an organisation carry no administration.
 *
 * The profile item keeps the policy as a map; an API key item is keyed by the key's SHA-256 and holds nothing but the
 * organisation it opens (and, for a key issued by administration, its record), so neither a table export nor a leaked
 * backup gives anyone a usable key.
 */

export interface OrganisationTableOptions {
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

export type Item = Record<string, unknown>;

const { partitionKey: PK, sortKey: SK } = TABLE;
const { partitionKey: GSI1PK, sortKey: GSI1SK } = TABLE.gsi1;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const isApiKeyHash = (value: string): boolean => SHA256_HEX.test(value);

/** An organisation's profile item, as both the plain put and the first creation write it. */
export const profileItem = (organisation: Organisation): Item => ({
  [PK]: orgPk(organisation.id),
  [SK]: ORG_PROFILE_SK,
  [GSI1PK]: ORGANISATIONS_GSI1_PK,
  [GSI1SK]: organisation.id,
  id: organisation.id,
  name: organisation.name,
  policy: organisation.policy,
  ...(organisation.policyVersion !== undefined ? { policyVersion: organisation.policyVersion } : {}),
});

export const organisationOf = (item: Item): Organisation => ({
  id: String(item.id),
  name: String(item.name),
  policy: item.policy as OrganisationPolicy,
  ...(typeof item.policyVersion === 'number' ? { policyVersion: item.policyVersion } : {}),
});

export async function getOrganisation(
  { client, tableName }: OrganisationTableOptions,
  organisationId: string,
): Promise<Organisation | undefined> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: { [PK]: orgPk(organisationId), [SK]: ORG_PROFILE_SK } }),
  );
  return Item === undefined ? undefined : organisationOf(Item);
}

/** Stores a key's hash for an existing organisation, with `more` (the key's record, when administration issued it). */
export async function putApiKeyItem(
  options: OrganisationTableOptions,
  organisationId: string,
  apiKeyHash: string,
  more: Item,
): Promise<void> {
  if (!isApiKeyHash(apiKeyHash)) throw new InvalidApiKeyHashError();
  if ((await getOrganisation(options, organisationId)) === undefined) {
    throw new UnknownOrganisationError(organisationId);
  }
  try {
    await options.client.send(
      new PutCommand({
        TableName: options.tableName,
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
