import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The two tables' layout: key names, the index, and how each kind of item is keyed. The CDK storage construct builds
 * exactly this; the tests and the local runtime create them from `createTableInput` and `createSubjectsTableInput`.
 *
 * The breach table: the record of every breach, exported to the audit bucket (Object Lock, six years).
 *
 * | item         | PK                  | SK                   | GSI1PK               | GSI1SK                      |
 * |--------------|---------------------|----------------------|----------------------|-----------------------------|
 * | breach event | BREACH#<id>         | EVENT#<seq, 10 wide> |                      |                             |
 * | projection   | BREACH#<id>         | STATE                | ORG#<orgId>#BREACHES | <status>#<UTC awareAt>#<id> |
 * | dedupe index | BREACH#<id>         | DEDUPE#<key>         |                      |                             |
 * | decision ptr | BREACH#<id>         | REQUEST#<step>       |                      |                             |
 * | decision req | DECISION#<sha256>   | REQUEST              |                      |                             |
 * | organisation | ORG#<id>            | PROFILE              | ORGANISATIONS        | <id>                        |
 * | policy vers. | ORG#<id>            | POLICY#<ver, 10 wide>|                      |                             |
 * | admin change | ORG#<id>            | CHANGE#<at>#<random> |                      |                             |
 * | API key      | APIKEY#<sha256 hex> | APIKEY               | ORG#<orgId>#APIKEYS  | <createdAt>#<keyId>         |
 * | user         | USER#<email>        | USER                 | ORG#<orgId>#USERS    | <name>#<user id>            |
 * | session      | SESSION#<sha256>    | SESSION              |                      |                             |
 * | sign-in      | SIGNIN#<sha256>     | SIGNIN               |                      |                             |
 *
 * The subjects table: the people affected and their delivery status (adapters/subject-items.ts).
 *
 * | item            | PK                 | SK               | GSI1PK                           | GSI1SK |
 * |-----------------|--------------------|------------------|----------------------------------|--------|
 * | subject         | BREACH#<id>#S<nn>  | SUBJECT#<sha256> | SUBJECTS#<id>#S<nn>#pending / …#claimed | <key> |
 * | SES message ptr | SESMSG#<messageId> | SESMSG           |                                  |        |
 *
 * Why two tables: DynamoDB exports a whole table, never some of its items, and the breach table's exports land in a
 * bucket under Object Lock that nobody can delete from for six years. The names, e-mail and postal addresses of every
 * person affected have no place there: the breach's log keeps only counts of them (events.ts), and the people
 * themselves live in a table that is never exported, so they can be deleted once they have been told.
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  gsi1: { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** Epoch seconds. TTL only tidies up: whoever reads an expiring item checks its expiry itself. */
  ttlAttribute: 'expiresAt',
} as const;

/** Ten digits keep the sort key's string order equal to the numeric order up to 9,999,999,999 events. */
const SEQ_WIDTH = 10;

export const breachPk = (breachId: string): string => `BREACH#${breachId}`;
export const EVENT_SK_PREFIX = 'EVENT#';
export const eventSk = (seq: number): string => `${EVENT_SK_PREFIX}${String(seq).padStart(SEQ_WIDTH, '0')}`;
export const STATE_SK = 'STATE';
export const dedupeSk = (key: string): string => `DEDUPE#${key}`;

/** A step's pointer to its current decision request (secret hash and issue time). */
export const decisionPointerSk = (step: string): string => `REQUEST#${step}`;
/** A decision request, keyed by the SHA-256 (hex) of its link's secret: the secret itself is never stored. */
export const decisionRequestPk = (secretHash: string): string => `DECISION#${secretHash}`;
export const DECISION_REQUEST_SK = 'REQUEST';

export const orgPk = (organisationId: string): string => `ORG#${organisationId}`;
export const ORG_PROFILE_SK = 'PROFILE';
export const orgBreachesGsi1Pk = (organisationId: string): string => `ORG#${organisationId}#BREACHES`;
/**
 * Awareness times arrive with any UTC offset; normalised to UTC ISO strings they sort as text in time order, which
 * is what lets the index return the newest first. An unparseable time (never produced by the report schema) is kept
 * as given rather than failing the projection write.
 */
export const breachGsi1Sk = (status: string, awareAt: string, breachId: string): string => {
  const time = Date.parse(awareAt);
  return `${status}#${Number.isNaN(time) ? awareAt : new Date(time).toISOString()}#${breachId}`;
};

export const ORGANISATIONS_GSI1_PK = 'ORGANISATIONS';
export const policyVersionSk = (version: number): string => `POLICY#${String(version).padStart(SEQ_WIDTH, '0')}`;
export const POLICY_SK_PREFIX = 'POLICY#';
/** The time first, so a query lists changes in order; the random tail keeps two changes in one millisecond apart. */
export const changeSk = (at: string, random: string): string => `CHANGE#${at}#${random}`;
export const CHANGE_SK_PREFIX = 'CHANGE#';
export const orgApiKeysGsi1Pk = (organisationId: string): string => `ORG#${organisationId}#APIKEYS`;
/** A console user, keyed by their lower-cased e-mail address: one address, one organisation. */
export const userPk = (email: string): string => `USER#${email}`;
export const USER_SK = 'USER';
export const orgUsersGsi1Pk = (organisationId: string): string => `ORG#${organisationId}#USERS`;
/** A console session, keyed by the SHA-256 of its cookie's token (never the token). */
export const sessionPk = (tokenHash: string): string => `SESSION#${tokenHash}`;
export const SESSION_SK = 'SESSION';
/** A sign-in under way, keyed by the SHA-256 of its OIDC `state`. */
export const signInPk = (stateHash: string): string => `SIGNIN#${stateHash}`;
export const SIGN_IN_SK = 'SIGNIN';

export const apiKeyPk = (apiKeyHash: string): string => `APIKEY#${apiKeyHash}`;
export const API_KEY_SK = 'APIKEY';

/** A table as CreateTable wants it (on-demand). Encryption, PITR, TTL and deletion protection are the stack's concern. */
const tableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
    { AttributeName: TABLE.sortKey, AttributeType: 'S' },
    { AttributeName: TABLE.gsi1.partitionKey, AttributeType: 'S' },
    { AttributeName: TABLE.gsi1.sortKey, AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
    { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: TABLE.gsi1.indexName,
      KeySchema: [
        { AttributeName: TABLE.gsi1.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.gsi1.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
});

/** The breach table. */
export const createTableInput = (tableName: string): CreateTableCommandInput => tableInput(tableName);

/** The subjects table: the same key names and index, so the repository's queries read the same either way. */
export const createSubjectsTableInput = (tableName: string): CreateTableCommandInput => tableInput(tableName);
