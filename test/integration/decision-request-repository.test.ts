import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorruptDecisionRequestError,
  DecisionRequestConflictError,
  DecisionRequestNotFoundError,
  DecisionRequestSupersededError,
  DynamoDecisionRequestRepository,
  InvalidSecretHashError,
} from '../../functions/adapters/decision-request-repository';
import {
  breachPk,
  DECISION_REQUEST_SK,
  decisionPointerSk,
  decisionRequestPk,
} from '../../functions/adapters/table-layout';
import { DecisionRequestUsedError, hashSecret, newDecisionSecret } from '../../functions/domain/decision-links';
import type { DecisionRequest } from '../../functions/domain/ports';
import { type LocalTable, startDynalite } from '../support/dynalite';

let table: LocalTable;
let repository: DynamoDecisionRequestRepository;

beforeAll(async () => {
  table = await startDynalite();
  repository = new DynamoDecisionRequestRepository({ client: table.client, tableName: table.tableName });
});

afterAll(async () => {
  await table.close();
});

let breachCounter = 0;
const aRequest = (overrides: Partial<DecisionRequest> = {}): DecisionRequest => ({
  secretHash: hashSecret(newDecisionSecret()),
  breachId: `BR-TEST-${++breachCounter}`,
  organisationId: 'org-1',
  step: 'contain',
  taskToken: 'token-1',
  issuedAt: '2025-03-03T12:00:00.000Z',
  expiresAt: '2025-03-06T12:00:00.000Z',
  mailed: false,
  ...overrides,
});

const rawItem = async (pk: string, sk: string) =>
  (await table.client.send(new GetCommand({ TableName: table.tableName, Key: { PK: pk, SK: sk } }))).Item;

describe('DynamoDecisionRequestRepository', () => {
  it('stores a request and finds it by its secret hash and as the step’s current one', async () => {
    const request = aRequest();

    await repository.issue(request);

    expect(await repository.bySecretHash(request.secretHash)).toEqual(request);
    expect(await repository.current(request.breachId, 'contain')).toEqual(request);
    expect(await repository.current(request.breachId, 'decide')).toBeUndefined();
  });

  it('writes the expiry as epoch seconds in the TTL attribute and as ISO text for readers', async () => {
    const request = aRequest();

    await repository.issue(request);

    const item = await rawItem(decisionRequestPk(request.secretHash), DECISION_REQUEST_SK);
    expect(item?.expiresAt).toBe(Date.parse(request.expiresAt) / 1000);
    expect(item?.expiresAtIso).toBe(request.expiresAt);
    const pointer = await rawItem(breachPk(request.breachId), decisionPointerSk('contain'));
    expect(pointer).toMatchObject({ secretHash: request.secretHash, issuedAt: request.issuedAt });
    expect(pointer?.expiresAt).toBe(Date.parse(request.expiresAt) / 1000);
  });

  it('never stores anything but the hash: no item holds the secret', async () => {
    const secret = newDecisionSecret();
    const request = aRequest({ secretHash: hashSecret(secret) });

    await repository.issue(request);

    const item = await rawItem(decisionRequestPk(request.secretHash), DECISION_REQUEST_SK);
    expect(JSON.stringify(item)).not.toContain(secret);
  });

  it('refuses a raw secret where its hash belongs', async () => {
    await expect(repository.issue(aRequest({ secretHash: newDecisionSecret() }))).rejects.toThrow(
      InvalidSecretHashError,
    );
  });

  it('answers unknown for a hash nobody issued and for a malformed one', async () => {
    expect(await repository.bySecretHash(hashSecret('never issued'))).toBeUndefined();
    expect(await repository.bySecretHash('not-a-hash')).toBeUndefined();
  });

  it('makes a newer request the step’s current one', async () => {
    const first = aRequest();
    const second = aRequest({ breachId: first.breachId, issuedAt: '2025-03-03T13:00:00.000Z' });

    await repository.issue(first);
    await repository.issue(second);

    expect((await repository.current(first.breachId, 'contain'))?.secretHash).toBe(second.secretHash);
    expect(await repository.bySecretHash(first.secretHash)).toEqual(first);
  });

  it('does not let an older request take the pointer back from a newer one', async () => {
    const newer = aRequest({ issuedAt: '2025-03-03T13:00:00.000Z' });
    const older = aRequest({ breachId: newer.breachId, issuedAt: '2025-03-03T12:00:00.000Z' });
    await repository.issue(newer);

    await expect(repository.issue(older)).rejects.toThrow(DecisionRequestSupersededError);

    expect((await repository.current(newer.breachId, 'contain'))?.secretHash).toBe(newer.secretHash);
  });

  it('treats a repeated issue of the same request as done, and another request under the same hash as a clash', async () => {
    const request = aRequest();
    await repository.issue(request);

    await expect(repository.issue(request)).resolves.toBeUndefined();
    await expect(repository.issue({ ...request, breachId: 'BR-OTHER' })).rejects.toThrow(DecisionRequestConflictError);
  });

  it('writes the request before the pointer: a failure in between leaves no pointer to a missing request', async () => {
    const request = aRequest();
    let calls = 0;
    const failing = new DynamoDecisionRequestRepository({
      client: {
        send: async (command: unknown) => {
          calls += 1;
          if (calls === 2) throw new Error('connection reset');
          return table.client.send(command as PutCommand);
        },
      } as unknown as typeof table.client,
      tableName: table.tableName,
    });

    await expect(failing.issue(request)).rejects.toThrow('connection reset');

    expect(await repository.bySecretHash(request.secretHash)).toEqual(request);
    expect(await rawItem(breachPk(request.breachId), decisionPointerSk('contain'))).toBeUndefined();
    expect(await repository.current(request.breachId, 'contain')).toBeUndefined();
  });

  it('answers no current request when TTL removed the request before its pointer', async () => {
    const request = aRequest();
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { PK: breachPk(request.breachId), SK: decisionPointerSk('contain'), secretHash: request.secretHash },
      }),
    );

    expect(await repository.current(request.breachId, 'contain')).toBeUndefined();
  });

  it('refuses a pointer that names a request of another breach', async () => {
    const request = aRequest();
    await repository.issue(request);
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { PK: breachPk('BR-ELSEWHERE'), SK: decisionPointerSk('contain'), secretHash: request.secretHash },
      }),
    );

    await expect(repository.current('BR-ELSEWHERE', 'contain')).rejects.toThrow(CorruptDecisionRequestError);
  });

  it('marks a request mailed and moves it to a new task token', async () => {
    const request = aRequest();
    await repository.issue(request);

    await repository.markMailed(request.secretHash);
    await repository.updateToken(request.secretHash, 'token-2');

    expect(await repository.bySecretHash(request.secretHash)).toEqual({
      ...request,
      mailed: true,
      taskToken: 'token-2',
    });
  });

  it('refuses to update a request that does not exist', async () => {
    const missing = hashSecret('missing');
    await expect(repository.markMailed(missing)).rejects.toThrow(DecisionRequestNotFoundError);
    await expect(repository.updateToken(missing, 't')).rejects.toThrow(DecisionRequestNotFoundError);
  });

  it('claims a request once', async () => {
    const request = aRequest();
    await repository.issue(request);

    expect(await repository.claim(request.secretHash, '2025-03-03T14:00:00.000Z')).toBe(true);
    expect(await repository.claim(request.secretHash, '2025-03-03T14:01:00.000Z')).toBe(false);
    expect((await repository.bySecretHash(request.secretHash))?.usedAt).toBe('2025-03-03T14:00:00.000Z');
  });

  it('lets exactly one of 20 concurrent claims win', async () => {
    const request = aRequest();
    await repository.issue(request);

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        repository.claim(request.secretHash, `2025-03-03T14:00:${String(i).padStart(2, '0')}.000Z`),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('claims nothing for an unknown or malformed hash', async () => {
    expect(await repository.claim(hashSecret('unknown'), '2025-03-03T14:00:00.000Z')).toBe(false);
    expect(await repository.claim('nope', '2025-03-03T14:00:00.000Z')).toBe(false);
    expect(await repository.bySecretHash(hashSecret('unknown'))).toBeUndefined();
  });

  it('keeps the token of a claimed request: the claimer completes the token it read after claiming', async () => {
    const request = aRequest();
    await repository.issue(request);
    await repository.claim(request.secretHash, '2025-03-03T14:00:00.000Z');

    await expect(repository.updateToken(request.secretHash, 'token-2')).rejects.toThrow(DecisionRequestUsedError);

    expect((await repository.bySecretHash(request.secretHash))?.taskToken).toBe('token-1');
  });
});
