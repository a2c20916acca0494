import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryEvents, DeliveryStatus, SentNotice } from '../domain/subject-ports';
import { isConditionalCheckFailed } from './dynamodb-client';
import {
  GSI1PK,
  GSI1SK,
  PK,
  SES_MESSAGE_SK,
  SK,
  type SubjectTableOptions,
  sesMessagePk,
  subjectItemKey,
} from './subject-items';

/**
 * The delivery events SES reports about the notices (items: subject-items.ts): a message id traced to its person
 * through the pointer item the fan-out wrote when it sent, and the event recorded on that person. Constructed only
 * by the SES events function.
 */
export class DynamoDeliveryEvents implements DeliveryEvents {
  readonly #table: SubjectTableOptions;

  constructor(options: SubjectTableOptions) {
    this.#table = { client: options.client, tableName: options.tableName };
  }

  async byMessageId(messageId: string): Promise<SentNotice | undefined> {
    const { Item } = await this.#table.client.send(
      new GetCommand({
        TableName: this.#table.tableName,
        Key: { [PK]: sesMessagePk(messageId), [SK]: SES_MESSAGE_SK },
      }),
    );
    return Item && typeof Item.breachId === 'string' && typeof Item.key === 'string'
      ? { breachId: Item.breachId, key: Item.key }
      : undefined;
  }

  async recordDeliveryEvent(
    pointer: SentNotice,
    status: 'delivered' | 'bounced' | 'complained',
    from: readonly DeliveryStatus[],
    detail: { at: string; messageId: string; reason?: string },
  ): Promise<boolean> {
    const values: Record<string, unknown> = { ':status': status, ':at': detail.at, ':id': detail.messageId };
    from.forEach((s, i) => {
      values[`:from${i}`] = s;
    });
    try {
      await this.#table.client.send(
        new UpdateCommand({
          TableName: this.#table.tableName,
          Key: subjectItemKey(pointer.breachId, pointer.key),
          // The message id too: an event can overtake the "sent" update, which then finds the claim gone.
          UpdateExpression: `SET #status = :status, #eventAt = :at, #messageId = :id${detail.reason ? ', #reason = :reason' : ''} REMOVE #gpk, #gsk`,
          ConditionExpression: `attribute_exists(#pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: {
            '#pk': PK,
            '#status': 'status',
            '#eventAt': `${status}At`,
            '#messageId': 'messageId',
            '#gpk': GSI1PK,
            '#gsk': GSI1SK,
            ...(detail.reason ? { '#reason': 'reason' } : {}),
          },
          ExpressionAttributeValues: detail.reason ? { ...values, ':reason': detail.reason.slice(0, 500) } : values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
