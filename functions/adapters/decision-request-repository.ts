import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DecisionRequestUsedError } from '../domain/decision-links';
import { DECISION_STEPS, type DecisionStep } from '../domain/decisions';
import type { DecisionRequest, DecisionRequestRepository } from '../domain/ports';
import { isConditionalCheckFailed } from './dynamodb-client';
import { breachPk, DECISION_REQUEST_SK, decisionPointerSk, decisionRequestPk, TABLE } from './table-layout';

/**
 * Pending decisions in DynamoDB (layout: table-layout.ts). Two items per request, written by single conditional puts
 * (the local emulator has no transactions):
 *
 * - `DECISION#<secretHash>` / `REQUEST`: the request itself, task token included. Its expiry is kept as ISO text for
 *   the readers, who check it, and as epoch seconds in the TTL attribute, which only tidies up.
 * - `BREACH#<id>` / `REQUEST#<step>`: the step's pointer to its current request, so `current` is two GetItems.
 *
 * The request is written before the pointer: a crash in between leaves an orphan request that nothing points at (TTL
 * removes it), never a pointer to a request that does not exist.
 */

export interface DynamoDecisionRequestRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** Not a lowercase hex SHA-256: most likely the raw secret was passed, which must never reach the table. */
export class InvalidSecretHashError extends Error {
  constructor() {
    super('a decision request is keyed by the SHA-256 of its secret, in lowercase hex');
    this.name = 'InvalidSecretHashError';
  }
}

/** Another request already lives under this secret hash: a secret was reused, which must never happen. */
export class DecisionRequestConflictError extends Error {
  constructor(readonly breachId: string) {
    super(`breach ${breachId}: a different decision request already exists under this secret hash`);
    this.name = 'DecisionRequestConflictError';
  }
}

/** A newer request became the step's current one while this one was being issued; this one's link would not work. */
export class DecisionRequestSupersededError extends Error {
  constructor(
    readonly breachId: string,
    readonly step: DecisionStep,
  ) {
    super(`breach ${breachId}: a newer ${step} request was issued at the same time`);
    this.name = 'DecisionRequestSupersededError';
  }
}

export class DecisionRequestNotFoundError extends Error {
  constructor() {
    super('no decision request exists under this secret hash');
    this.name = 'DecisionRequestNotFoundError';
  }
}

/** An item that does not have the shape this repository writes. */
export class CorruptDecisionRequestError extends Error {
  constructor(
    readonly pk: string,
    readonly sk: string,
  ) {
    super(`item ${pk} / ${sk} is not a well-formed decision request`);
    this.name = 'CorruptDecisionRequestError';
  }
}

type Item = Record<string, unknown>;

const SHA256_HEX = /^[0-9a-f]{64}$/;
const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE;
/** The TTL attribute must be a number, so the ISO expiry the use cases read lives beside it. */
const EXPIRES_AT_ISO = 'expiresAtIso';

const epochSeconds = (iso: string): number => Math.ceil(Date.parse(iso) / 1000);

const isStep = (value: unknown): value is DecisionStep =>
  typeof value === 'string' && (DECISION_STEPS as readonly string[]).includes(value);

const toItem = (request: DecisionRequest): Item => {
  const { expiresAt, ...rest } = request;
  return {
    ...rest,
    [PK]: decisionRequestPk(request.secretHash),
    [SK]: DECISION_REQUEST_SK,
    [EXPIRES_AT_ISO]: expiresAt,
    [TTL]: epochSeconds(expiresAt),
  };
};

const toRequest = (item: Item): DecisionRequest => {
  const { secretHash, breachId, organisationId, step, taskToken, issuedAt, mailed, usedAt } = item;
  const expiresAt = item[EXPIRES_AT_ISO];
  if (
    typeof secretHash !== 'string' ||
    typeof breachId !== 'string' ||
    typeof organisationId !== 'string' ||
    !isStep(step) ||
    typeof taskToken !== 'string' ||
    typeof issuedAt !== 'string' ||
    typeof expiresAt !== 'string' ||
    typeof mailed !== 'boolean' ||
    (usedAt !== undefined && typeof usedAt !== 'string')
  ) {
    throw new CorruptDecisionRequestError(String(item[PK]), String(item[SK]));
  }
  return {
    secretHash,
    breachId,
    organisationId,
    step,
    taskToken,
    issuedAt,
    expiresAt,
    mailed,
    ...(usedAt === undefined ? {} : { usedAt }),
  };
};

const sameRequest = (a: DecisionRequest, b: DecisionRequest): boolean =>
  a.breachId === b.breachId &&
  a.organisationId === b.organisationId &&
  a.step === b.step &&
  a.issuedAt === b.issuedAt &&
  a.expiresAt === b.expiresAt;

export class DynamoDecisionRequestRepository implements DecisionRequestRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDecisionRequestRepositoryOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async current(breachId: string, step: DecisionStep): Promise<DecisionRequest | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { [PK]: breachPk(breachId), [SK]: decisionPointerSk(step) },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) return undefined;
    if (typeof Item.secretHash !== 'string') throw new CorruptDecisionRequestError(String(Item[PK]), String(Item[SK]));
    // The request may be gone already when TTL removed it before its pointer: then there is no current request.
    const request = await this.bySecretHash(Item.secretHash);
    if (request !== undefined && (request.breachId !== breachId || request.step !== step)) {
      throw new CorruptDecisionRequestError(String(Item[PK]), String(Item[SK]));
    }
    return request;
  }

  async bySecretHash(secretHash: string): Promise<DecisionRequest | undefined> {
    // A malformed hash cannot match anything: answer "unknown", as for any other link nobody issued.
    if (!SHA256_HEX.test(secretHash)) return undefined;
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { [PK]: decisionRequestPk(secretHash), [SK]: DECISION_REQUEST_SK },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : toRequest(Item);
  }

  async issue(request: DecisionRequest): Promise<void> {
    if (!SHA256_HEX.test(request.secretHash)) throw new InvalidSecretHashError();
    await this.#putRequest(request);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            [PK]: breachPk(request.breachId),
            [SK]: decisionPointerSk(request.step),
            secretHash: request.secretHash,
            issuedAt: request.issuedAt,
            [TTL]: epochSeconds(request.expiresAt),
          },
          // A slower writer of an older request must not take the pointer back from a newer one.
          ConditionExpression: 'attribute_not_exists(#pk) OR #issuedAt <= :issuedAt',
          ExpressionAttributeNames: { '#pk': PK, '#issuedAt': 'issuedAt' },
          ExpressionAttributeValues: { ':issuedAt': request.issuedAt },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new DecisionRequestSupersededError(request.breachId, request.step);
      throw error;
    }
  }

  async updateToken(secretHash: string, taskToken: string): Promise<void> {
    await this.#update(secretHash, 'SET #token = :token', { '#token': 'taskToken' }, { ':token': taskToken }, true);
  }

  async markMailed(secretHash: string): Promise<void> {
    await this.#update(secretHash, 'SET #mailed = :true', { '#mailed': 'mailed' }, { ':true': true }, false);
  }

  async claim(secretHash: string, at: string): Promise<boolean> {
    if (!SHA256_HEX.test(secretHash)) return false;
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { [PK]: decisionRequestPk(secretHash), [SK]: DECISION_REQUEST_SK },
          UpdateExpression: 'SET #usedAt = :at',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#usedAt)',
          ExpressionAttributeNames: { '#pk': PK, '#usedAt': 'usedAt' },
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async #putRequest(request: DecisionRequest): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: toItem(request),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // The SDK retries a put whose answer was lost; finding our own request there is that retry, not a clash.
      const existing = await this.bySecretHash(request.secretHash);
      if (existing === undefined || !sameRequest(existing, request)) {
        throw new DecisionRequestConflictError(request.breachId);
      }
    }
  }

  async #update(
    secretHash: string,
    expression: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
    unusedOnly: boolean,
  ): Promise<void> {
    if (!SHA256_HEX.test(secretHash)) throw new DecisionRequestNotFoundError();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { [PK]: decisionRequestPk(secretHash), [SK]: DECISION_REQUEST_SK },
          UpdateExpression: expression,
          ConditionExpression: unusedOnly
            ? 'attribute_exists(#pk) AND attribute_not_exists(#usedAt)'
            : 'attribute_exists(#pk)',
          ExpressionAttributeNames: { ...names, '#pk': PK, ...(unusedOnly ? { '#usedAt': 'usedAt' } : {}) },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      if ((await this.bySecretHash(secretHash)) === undefined) throw new DecisionRequestNotFoundError();
      throw new DecisionRequestUsedError();
    }
  }
}
