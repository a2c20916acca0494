import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TaskCallbacks } from '../domain/ports';
import type { ReminderLoop } from '../domain/remind-actions';
import { breachPk, TABLE } from './table-layout';

/** The item that keeps the token of the breach's waiting AwaitActions task. */
export const REMINDER_LOOP_SK = 'REMINDERS';
/** The item that keeps the token of the Clock branch's AwaitClock task (clock-replan.ts). */
export const CLOCK_LOOP_SK = 'CLOCK';

/**
 * The lifecycle's reminder loop in DynamoDB and Step Functions: `BREACH#<id>` / `REMINDERS` holds the token of the
 * AwaitActions task now waiting (each wait overwrites it), and waking it is a SendTaskSuccess. A token that timed out
 * meanwhile is not waited on any more: the loop has moved on by itself, so waking it is a no-op.
 */
export class DynamoReminderLoop implements ReminderLoop {
  constructor(
    private readonly options: {
      client: DynamoDBDocumentClient;
      tableName: string;
      callbacks: TaskCallbacks;
      /**
       * The item of the breach that keeps the token: one per waiting loop (the Clock branch's re-plan waits on
       * CLOCK_LOOP_SK). @default REMINDER_LOOP_SK
       */
      sortKey?: string;
    },
  ) {}

  private get sortKey(): string {
    return this.options.sortKey ?? REMINDER_LOOP_SK;
  }

  async park(breachId: string, taskToken: string): Promise<void> {
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { [TABLE.partitionKey]: breachPk(breachId), [TABLE.sortKey]: this.sortKey, taskToken },
      }),
    );
  }

  async wake(breachId: string): Promise<boolean> {
    const { Item } = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { [TABLE.partitionKey]: breachPk(breachId), [TABLE.sortKey]: this.sortKey },
        ConsistentRead: true,
      }),
    );
    const token: unknown = Item?.taskToken;
    if (typeof token !== 'string') return false;
    return this.options.callbacks.succeed(token, { woken: true });
  }
}
