import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

/**
 * Every item of a table, in DynamoDB JSON (the low-level client's AttributeValue maps, not the document client's plain
 * objects): what a table export holds, type tags and all. Pages are read one at a time with strongly consistent
 * reads, so an export taken right after a write includes it.
 */
export async function* scanTable(
  client: DynamoDBClient,
  tableName: string,
  onPage?: (scanned: number) => void,
): AsyncGenerator<Record<string, AttributeValue>> {
  let startKey: Record<string, AttributeValue> | undefined;
  let scanned = 0;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) yield item;
    scanned += page.Items?.length ?? 0;
    onPage?.(scanned);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}
