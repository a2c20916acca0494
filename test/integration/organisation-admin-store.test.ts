import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrganisationAdminStore } from '../../functions/adapters/organisation-admin-store';
import { ApiKeyInUseError } from '../../functions/adapters/organisation-items';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { orgPk } from '../../functions/adapters/table-layout';
import { apiKeyId, hashApiKey } from '../../functions/domain/api-keys';
import {
  type ApiKeyRecord,
  ConcurrentChangeError,
  OrganisationExistsError,
  OrganisationNotFoundError,
  type PolicyVersion,
} from '../../functions/domain/organisation-admin-ports';
import type { Organisation } from '../../functions/domain/ports';
import { PRESETS } from '../../functions/domain/presets';
import { type LocalTable, startDynalite } from '../support/dynalite';

/**
 * The administration adapter on dynalite, read back through the repository the functions use: the two classes share
 * the organisation's items (organisation-items.ts), so what administration writes is what the authorizer and every
 * handler read.
 */

let table: LocalTable;
let admin: DynamoOrganisationAdminStore;
let organisations: DynamoOrganisationRepository;

const anOrganisation = (id: string): Organisation => ({ id, name: `School ${id}`, policy: PRESETS.school });
const aVersion = (organisationId: string, version: number, policy = PRESETS.school): PolicyVersion => ({
  organisationId,
  version,
  policy,
  at: `2026-01-0${version}T09:00:00.000Z`,
  by: 'local:admin',
});
const aKey = (organisationId: string, apiKey: string): { record: ApiKeyRecord; hash: string } => {
  const hash = hashApiKey(apiKey);
  return {
    hash,
    record: { keyId: apiKeyId(hash), organisationId, createdAt: '2026-01-01T09:00:00.000Z', createdBy: 'local:admin' },
  };
};
const itemsOf = async (organisationId: string) => {
  const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
  return Items.filter((item) => item.PK === orgPk(organisationId) || item.organisationId === organisationId);
};

beforeAll(async () => {
  table = await startDynalite();
  const options = { client: table.client, tableName: table.tableName };
  admin = new DynamoOrganisationAdminStore(options);
  organisations = new DynamoOrganisationRepository(options);
});

afterAll(async () => {
  await table?.close();
});

describe('DynamoOrganisationAdminStore', () => {
  it('creates an organisation the repository reads, with its first policy version, and lists it', async () => {
    // Act
    await admin.create(anOrganisation('adm-a'), aVersion('adm-a', 1));

    // Assess
    expect(await organisations.get('adm-a')).toEqual({ ...anOrganisation('adm-a'), policyVersion: 1 });
    expect(await admin.policyVersions('adm-a')).toEqual([aVersion('adm-a', 1)]);
    expect((await admin.list()).map((organisation) => organisation.id)).toContain('adm-a');
  });

  it('refuses a second organisation under a taken id and changes nothing', async () => {
    await admin.create(anOrganisation('adm-b'), aVersion('adm-b', 1));
    const before = await itemsOf('adm-b');

    await expect(
      admin.create({ ...anOrganisation('adm-b'), name: 'Impostor' }, { ...aVersion('adm-b', 1), by: 'local:other' }),
    ).rejects.toBeInstanceOf(OrganisationExistsError);

    expect(await itemsOf('adm-b')).toEqual(before);
  });

  it('refuses an id whose profile was put without a version, and leaves no version behind', async () => {
    await organisations.put(anOrganisation('adm-c'));

    await expect(admin.create(anOrganisation('adm-c'), aVersion('adm-c', 1))).rejects.toBeInstanceOf(
      OrganisationExistsError,
    );

    expect(await admin.policyVersions('adm-c')).toEqual([]);
  });

  it('makes a new policy version the one the repository reads, and refuses a stale one', async () => {
    await admin.create(anOrganisation('adm-d'), aVersion('adm-d', 1));

    await admin.updatePolicy(aVersion('adm-d', 2, PRESETS.generic));
    await expect(admin.updatePolicy(aVersion('adm-d', 2, PRESETS.rcot))).rejects.toBeInstanceOf(ConcurrentChangeError);

    expect(await organisations.get('adm-d')).toEqual({
      ...anOrganisation('adm-d'),
      policy: PRESETS.generic,
      policyVersion: 2,
    });
    expect((await admin.policyVersions('adm-d')).map((version) => version.version)).toEqual([1, 2]);
  });

  it('refuses a policy for an organisation that does not exist, keeping no version of it', async () => {
    await expect(admin.updatePolicy(aVersion('adm-missing', 2))).rejects.toBeInstanceOf(OrganisationNotFoundError);

    expect(await admin.policyVersions('adm-missing')).toEqual([]);
  });

  it('issues a key that opens the organisation through the repository, lists it without its hash', async () => {
    await admin.create(anOrganisation('adm-e'), aVersion('adm-e', 1));
    const { record, hash } = aKey('adm-e', 'bd_live_key-of-adm-e');

    await admin.addApiKey(record, hash);

    expect((await organisations.byApiKeyHash(hash))?.id).toBe('adm-e');
    expect(await admin.apiKeys('adm-e')).toEqual([record]);
    expect(JSON.stringify(await admin.apiKeys('adm-e'))).not.toContain(hash);
  });

  it("refuses to issue another organisation's key hash", async () => {
    await admin.create(anOrganisation('adm-f'), aVersion('adm-f', 1));
    await admin.create(anOrganisation('adm-g'), aVersion('adm-g', 1));
    const { hash } = aKey('adm-f', 'bd_live_key-of-adm-f');
    await organisations.addApiKeyHash('adm-f', hash);

    await expect(admin.addApiKey(aKey('adm-g', 'bd_live_key-of-adm-f').record, hash)).rejects.toBeInstanceOf(
      ApiKeyInUseError,
    );
    expect((await organisations.byApiKeyHash(hash))?.id).toBe('adm-f');
  });

  it('expires and revokes a key so that the repository no longer opens anything with it', async () => {
    await admin.create(anOrganisation('adm-h'), aVersion('adm-h', 1));
    const expiring = aKey('adm-h', 'bd_live_expiring');
    const revoked = aKey('adm-h', 'bd_live_revoked');
    await admin.addApiKey(expiring.record, expiring.hash);
    await admin.addApiKey(revoked.record, revoked.hash);

    await admin.expireApiKey('adm-h', expiring.record.keyId, '2000-01-01T00:00:00.000Z');
    const revokedOnce = await admin.revokeApiKey('adm-h', revoked.record.keyId);
    const revokedTwice = await admin.revokeApiKey('adm-h', revoked.record.keyId);

    expect([revokedOnce, revokedTwice]).toEqual([true, false]);
    expect(await organisations.byApiKeyHash(expiring.hash)).toBeUndefined();
    expect(await organisations.byApiKeyHash(revoked.hash)).toBeUndefined();
    expect(await admin.apiKeys('adm-h')).toEqual([{ ...expiring.record, notAfter: '2000-01-01T00:00:00.000Z' }]);
  });

  it("cannot revoke another organisation's key by its id", async () => {
    await admin.create(anOrganisation('adm-i'), aVersion('adm-i', 1));
    await admin.create(anOrganisation('adm-j'), aVersion('adm-j', 1));
    const { record, hash } = aKey('adm-i', 'bd_live_key-of-adm-i');
    await admin.addApiKey(record, hash);

    expect(await admin.revokeApiKey('adm-j', record.keyId)).toBe(false);

    expect((await organisations.byApiKeyHash(hash))?.id).toBe('adm-i');
  });

  it('keeps the change log in order, two changes in one millisecond included', async () => {
    const at = '2026-02-01T10:00:00.000Z';

    await admin.recordChange({ organisationId: 'adm-k', action: 'organisation-created', at, by: 'local:admin' });
    await admin.recordChange({ organisationId: 'adm-k', action: 'key-issued', at, by: 'local:admin', keyId: 'key_1' });
    await admin.recordChange({
      organisationId: 'adm-k',
      action: 'policy-updated',
      at: '2026-02-01T10:00:01.000Z',
      by: 'local:admin',
      policyVersion: 2,
    });

    const changes = await admin.changes('adm-k');
    expect(changes.map((change) => change.action).slice(2)).toEqual(['policy-updated']);
    expect(
      changes
        .map((change) => change.action)
        .slice(0, 2)
        .sort(),
    ).toEqual(['key-issued', 'organisation-created']);
    expect(changes[2]).toEqual({
      organisationId: 'adm-k',
      action: 'policy-updated',
      at: '2026-02-01T10:00:01.000Z',
      by: 'local:admin',
      policyVersion: 2,
    });
  });
});
