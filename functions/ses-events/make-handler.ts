import type { DeliveryEvents } from '../domain/subject-ports';
import { parseDeliveryEvent } from './delivery-event';

/**
 * The SES events of the notices (through the configuration set's EventBridge destination): each delivery, bounce or
 * complaint is traced to its person by the message id's pointer item and recorded on them. Events of mail that was
 * not a notice, or for a person no longer listed, are ignored. Logs say what happened, never to whom.
 */

export interface SesEventsDeps {
  subjects: DeliveryEvents;
  logger?: { info(message: string, attributes: Record<string, unknown>): void };
}

export const makeHandler =
  (deps: SesEventsDeps) =>
  async (event: unknown): Promise<{ recorded: boolean; status?: string }> => {
    const logger = deps.logger ?? console;
    const delivery = parseDeliveryEvent(event);
    if (!delivery) {
      logger.info('not a delivery event of SES; ignored', {});
      return { recorded: false };
    }
    const pointer = await deps.subjects.byMessageId(delivery.messageId);
    if (!pointer) return { recorded: false, status: delivery.status };
    const recorded = await deps.subjects.recordDeliveryEvent(pointer, delivery.status, delivery.from, {
      at: delivery.at,
      messageId: delivery.messageId,
      ...(delivery.reason ? { reason: delivery.reason } : {}),
    });
    logger.info('delivery event', { status: delivery.status, recorded, breachId: pointer.breachId });
    return { recorded, status: delivery.status };
  };
