import { type LocalTable, startLocalDynamo } from '../../local/dynamodb';

export type { LocalTable };

/**
 * An in-memory dynalite on a random port with the application's table in it (local/dynamodb.ts, which local mode
 * also uses). The fake credentials and region go on the client, not in process.env, so parallel test files and the
 * code under test never see them.
 */
export const startDynalite = (tableName = 'breachdesk-test'): Promise<LocalTable> => startLocalDynamo({ tableName });
