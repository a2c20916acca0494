import { type DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { UnstartedBreach, UnstartedBreachFinder } from '../domain/reconcile-workflows';
import { TABLE } from './table-layout';

/**
 * Open breaches with no execution recorded, for the reconciler. Scans GSI1, which only projection items carry
 * (a sparse index: events, decision requests and organisations are not in it), so a run reads one item per breach,
 * never the event logs; the filter keeps open breaches without `executionArn`.
 */
export class DynamoUnstartedBreachFinder implements UnstartedBreachFinder {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  /** Open breaches whose execution ended without closing the case (`workflowEnded` on the projection). */
  async ended(): Promise<string[]> {
    const found: string[] = [];
    let startKey: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          IndexName: TABLE.gsi1.indexName,
          FilterExpression: 'begins_with(#gsk, :open) AND attribute_exists(#ended)',
          ExpressionAttributeNames: { '#gsk': TABLE.gsi1.sortKey, '#ended': 'workflowEnded', '#id': 'breachId' },
          ExpressionAttributeValues: { ':open': 'open#' },
          ProjectionExpression: '#id',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) if (typeof item.breachId === 'string') found.push(item.breachId);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return found;
  }

  async unstarted(): Promise<UnstartedBreach[]> {
    const found: UnstartedBreach[] = [];
    let startKey: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          IndexName: TABLE.gsi1.indexName,
          FilterExpression: 'begins_with(#gsk, :open) AND attribute_not_exists(#arn)',
          ExpressionAttributeNames: {
            '#gsk': TABLE.gsi1.sortKey,
            '#arn': 'executionArn',
            '#id': 'breachId',
            '#org': 'organisationId',
            '#at': 'reportedAt',
          },
          ExpressionAttributeValues: { ':open': 'open#' },
          ProjectionExpression: '#id, #org, #at',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const { breachId, organisationId, reportedAt } = item;
        if (typeof breachId === 'string' && typeof organisationId === 'string' && typeof reportedAt === 'string') {
          found.push({ breachId, organisationId, reportedAt });
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return found;
  }
}
