import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeyInUseError,
  InvalidApiKeyHashError,
  UnknownOrganisationError,
} from '../../functions/adapters/organisation-items';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { API_KEY_SK, apiKeyPk, ORG_PROFILE_SK, orgPk } from '../../functions/adapters/table-layout';
import { sha256Hex } from '../../functions/domain/hash-chain';
import type { Organisation } from '../../functions/domain/ports';
import { PRESETS } from '../../functions/domain/presets';
import { type LocalTable, startDynalite } from '../support/dynalite';

let table: LocalTable;
let organisations: DynamoOrganisationRepository;

const anOrganisation = (id: string): Organisation => ({ id, name: `School ${id}`, policy: PRESETS.school });

beforeAll(async () => {
  table = await startDynalite();
  organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
});

afterAll(async () => {
  await table?.close();
});

describe('DynamoOrganisationRepository', () => {
  it('stores an organisation with its policy as a map and reads it back', async () => {
    // Prepare
    const organisation = anOrganisation('org-a');

    // Act
    await organisations.put(organisation);

    // Assess
    expect(await organisations.get('org-a')).toEqual(organisation);
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: orgPk('org-a'), SK: ORG_PROFILE_SK } }),
    );
    expect(Item?.policy).toEqual(PRESETS.school);
  });

  it('replaces an organisation on a second put', async () => {
    await organisations.put(anOrganisation('org-b'));

    await organisations.put({ ...anOrganisation('org-b'), name: 'Renamed', policy: PRESETS.generic });

    expect(await organisations.get('org-b')).toEqual({ id: 'org-b', name: 'Renamed', policy: PRESETS.generic });
  });

  it('is undefined for an organisation that does not exist', async () => {
    expect(await organisations.get('org-missing')).toBeUndefined();
  });

  it('finds an organisation by the hash of its API key, storing only the hash', async () => {
    // Prepare
    const apiKey = 'bd_live_the-secret-key-itself';
    await organisations.put(anOrganisation('org-c'));

    // Act
    await organisations.addApiKeyHash('org-c', sha256Hex(apiKey));

    // Assess
    expect(await organisations.byApiKeyHash(sha256Hex(apiKey))).toEqual(anOrganisation('org-c'));
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: apiKeyPk(sha256Hex(apiKey)), SK: API_KEY_SK } }),
    );
    expect(Item).toEqual({ PK: apiKeyPk(sha256Hex(apiKey)), SK: API_KEY_SK, organisationId: 'org-c' });
    const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
    expect(JSON.stringify(Items)).not.toContain(apiKey);
  });

  it('keeps several keys per organisation and accepts a repeated add', async () => {
    await organisations.put(anOrganisation('org-d'));
    const [first, second] = [sha256Hex('key-1-of-d'), sha256Hex('key-2-of-d')];

    await organisations.addApiKeyHash('org-d', first);
    await organisations.addApiKeyHash('org-d', second);
    await organisations.addApiKeyHash('org-d', first);

    expect((await organisations.byApiKeyHash(first))?.id).toBe('org-d');
    expect((await organisations.byApiKeyHash(second))?.id).toBe('org-d');
  });

  it('finds nothing for an unknown or malformed key hash', async () => {
    expect(await organisations.byApiKeyHash(sha256Hex('never-issued'))).toBeUndefined();
    expect(await organisations.byApiKeyHash('bd_live_raw-key-instead-of-hash')).toBeUndefined();
  });

  it('refuses to hand a key hash to a second organisation', async () => {
    await organisations.put(anOrganisation('org-e'));
    await organisations.put(anOrganisation('org-f'));
    await organisations.addApiKeyHash('org-e', sha256Hex('key-of-e'));

    await expect(organisations.addApiKeyHash('org-f', sha256Hex('key-of-e'))).rejects.toBeInstanceOf(ApiKeyInUseError);
    expect((await organisations.byApiKeyHash(sha256Hex('key-of-e')))?.id).toBe('org-e');
  });

  it('refuses a raw key in place of its hash, and a key for an unknown organisation', async () => {
    await organisations.put(anOrganisation('org-g'));

    await expect(organisations.addApiKeyHash('org-g', 'bd_live_raw')).rejects.toBeInstanceOf(InvalidApiKeyHashError);
    await expect(organisations.addApiKeyHash('org-nobody', sha256Hex('k'))).rejects.toBeInstanceOf(
      UnknownOrganisationError,
    );
  });
});
