import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { EmailInUseError, type UserAdminStore } from '../domain/administer-users';
import type { Session } from '../domain/sessions';
import type { SessionStore, SignInAttempt, UserDirectory } from '../domain/sign-in';
import { normaliseEmail, type User, userSchema } from '../domain/users';
import { isConditionalCheckFailed } from './dynamodb-client';
import { orgUsersGsi1Pk, SESSION_SK, SIGN_IN_SK, sessionPk, signInPk, TABLE, USER_SK, userPk } from './table-layout';

/**
 * The console's people and sessions in the breach table (layout: table-layout.ts): users under their e-mail address,
 * sessions and sign-ins under the SHA-256 of their random token. Expiry is checked on read (domain/sessions.ts); the
 * TTL attribute only tidies away what nobody will read again.
 */

export interface DynamoConsoleDirectoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

const { partitionKey: PK, sortKey: SK, ttlAttribute: TTL } = TABLE;
const epochSeconds = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

export { EmailInUseError };

export class DynamoConsoleDirectory implements SessionStore, UserDirectory, UserAdminStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoConsoleDirectoryOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async putAttempt(attempt: SignInAttempt): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { [PK]: signInPk(attempt.stateHash), [SK]: SIGN_IN_SK, ...attempt, [TTL]: epochSeconds(attempt.endsAt) },
        ConditionExpression: `attribute_not_exists(${PK})`,
      }),
    );
  }

  /**
   * Takes the attempt once: the first caller marks it taken and gets it, every later one gets nothing. Marked, not
   * deleted, so the console needs no DeleteItem on the table (TTL removes the item with the attempt's end).
   */
  async takeAttempt(stateHash: string): Promise<SignInAttempt | undefined> {
    let taken: Record<string, unknown> | undefined;
    try {
      ({ Attributes: taken } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { [PK]: signInPk(stateHash), [SK]: SIGN_IN_SK },
          UpdateExpression: 'SET takenAt = :at',
          ConditionExpression: `attribute_exists(${PK}) AND attribute_not_exists(takenAt)`,
          ExpressionAttributeValues: { ':at': new Date().toISOString() },
          ReturnValues: 'ALL_OLD',
        }),
      ));
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
    if (!taken) return undefined;
    const { stateHash: hash, browserHash, verifier, nonce, returnTo, endsAt } = taken as unknown as SignInAttempt;
    return { stateHash: hash, browserHash, verifier, nonce, returnTo, endsAt };
  }

  async putSession(session: Session): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { [PK]: sessionPk(session.tokenHash), [SK]: SESSION_SK, ...session, [TTL]: epochSeconds(session.endsAt) },
        ConditionExpression: `attribute_not_exists(${PK})`,
      }),
    );
  }

  async getSession(tokenHash: string): Promise<Session | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { [PK]: sessionPk(tokenHash), [SK]: SESSION_SK },
        ConsistentRead: true,
      }),
    );
    // A revoked session is kept (marked) until its TTL, and is no session at all.
    if (!Item || Item.revokedAt !== undefined) return undefined;
    const {
      tokenHash: hash,
      userId,
      organisationId,
      name,
      email,
      roles,
      createdAt,
      lastSeenAt,
      endsAt,
    } = Item as Session;
    return { tokenHash: hash, userId, organisationId, name, email, roles, createdAt, lastSeenAt, endsAt };
  }

  async touchSession(tokenHash: string, at: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { [PK]: sessionPk(tokenHash), [SK]: SESSION_SK },
          UpdateExpression: 'SET lastSeenAt = :at',
          // A session signed out meanwhile stays signed out: the update must not recreate or revive it.
          ConditionExpression: `attribute_exists(${PK}) AND attribute_not_exists(revokedAt)`,
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Revokes the session: marked, not deleted, so the console needs no DeleteItem (TTL removes it at its end). */
  async deleteSession(tokenHash: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { [PK]: sessionPk(tokenHash), [SK]: SESSION_SK },
          UpdateExpression: 'SET revokedAt = :at',
          ConditionExpression: `attribute_exists(${PK})`,
          ExpressionAttributeValues: { ':at': new Date().toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Adds or replaces a user; an address that is another organisation's is refused. */
  async putUser(input: User): Promise<void> {
    const user = userSchema.parse({ ...input, email: normaliseEmail(input.email) });
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            [PK]: userPk(user.email),
            [SK]: USER_SK,
            [TABLE.gsi1.partitionKey]: orgUsersGsi1Pk(user.organisationId),
            [TABLE.gsi1.sortKey]: `${user.name}#${user.id}`,
            ...user,
          },
          ConditionExpression: `attribute_not_exists(${PK}) OR organisationId = :org`,
          ExpressionAttributeValues: { ':org': user.organisationId },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new EmailInUseError(user.organisationId);
      throw error;
    }
  }

  async userByEmail(email: string): Promise<User | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { [PK]: userPk(normaliseEmail(email)), [SK]: USER_SK } }),
    );
    return Item ? toUser(Item) : undefined;
  }

  /** An organisation's users, by name. */
  async usersOf(organisationId: string): Promise<User[]> {
    const users: User[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: TABLE.gsi1.indexName,
          KeyConditionExpression: `${TABLE.gsi1.partitionKey} = :pk`,
          ExpressionAttributeValues: { ':pk': orgUsersGsi1Pk(organisationId) },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      users.push(...(page.Items ?? []).map(toUser));
      start = page.LastEvaluatedKey;
    } while (start);
    return users;
  }
}

const toUser = (item: Record<string, unknown>): User =>
  userSchema.parse({
    id: item.id,
    organisationId: item.organisationId,
    name: item.name,
    email: item.email,
    roles: item.roles,
    ...(item.away === undefined ? {} : { away: item.away }),
    ...(item.deactivatedAt === undefined ? {} : { deactivatedAt: item.deactivatedAt }),
  });
