import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ORG_PROFILE_SK, orgPk, TABLE } from '../functions/adapters/table-layout';
import type { BreachRepository } from '../functions/domain/ports';
import type { WorkflowInput } from '../functions/domain/report-breach';

/**
 * Restart safety for local mode. Executions live in the memory of the process, so a restart (or a kill -9) loses
 * them while the store keeps every breach. On start every open breach's execution is started again from the top,
 * with the input intake gives it: each task is idempotent (it finds its event already recorded and returns it), so
 * the replay fast-forwards to where the breach stood — recorded decisions complete their callbacks from the record,
 * mails already sent are not sent again, a waiting decision's link is moved to the new task token, past marks fire
 * at once and alert only once.
 */

export interface ResumeDeps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly breaches: BreachRepository;
  /** StartExecution for the breach (named after it; a running one is left as it is). */
  readonly start: (breachId: string, input: WorkflowInput) => Promise<void> | void;
}

export interface ResumeResult {
  readonly resumed: readonly string[];
  /** Breaches whose execution could not be started, with the error's name (never its message: it may quote data). */
  readonly failed: readonly { breachId: string; error: string }[];
}

export async function resumeOpenBreaches(deps: ResumeDeps): Promise<ResumeResult> {
  const resumed: string[] = [];
  const failed: { breachId: string; error: string }[] = [];
  for (const organisationId of await organisationIds(deps.client, deps.tableName)) {
    let cursor: string | undefined;
    do {
      const page = await deps.breaches.list(organisationId, {
        status: 'open',
        limit: 100,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const { breachId } of page.items) {
        try {
          await deps.start(breachId, { breachId, organisationId });
          resumed.push(breachId);
        } catch (error) {
          failed.push({ breachId, error: error instanceof Error ? error.name : 'Error' });
        }
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
  }
  return { resumed, failed };
}

/**
 * Every organisation in the table. The repository has no such query (AWS never needs one: executions survive
 * there), so local mode scans for the profile items; a local table is small.
 */
async function organisationIds(client: DynamoDBDocumentClient, tableName: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#sk = :profile AND begins_with(#pk, :org)',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey, '#id': 'id' },
        ExpressionAttributeValues: { ':profile': ORG_PROFILE_SK, ':org': orgPk('') },
        ProjectionExpression: '#id',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) if (typeof item.id === 'string') ids.push(item.id);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return ids;
}
