import * as z from 'zod/mini';
import type { DeliveryStatus } from '../domain/subject-ports';
import '../domain/zod-english';

/**
 * An SES sending event as EventBridge delivers it (detail-type "Email Delivered" / "Email Bounced" / "Email
 * Complaint Received", source aws.ses), reduced to what a subject's delivery status needs: the message id, what happened, and
 * a reason made of SES's own categories. The event also carries the recipients' addresses; they are never read out.
 */

const sesEvent = z.object({
  source: z.literal('aws.ses'),
  time: z.optional(z.string()),
  detail: z.object({
    eventType: z.string(),
    mail: z.object({
      messageId: z.string().check(z.minLength(1), z.maxLength(200)),
      timestamp: z.optional(z.string()),
    }),
    bounce: z.optional(z.object({ bounceType: z.optional(z.string()), bounceSubType: z.optional(z.string()) })),
    complaint: z.optional(z.object({ complaintFeedbackType: z.optional(z.string()) })),
  }),
});

export interface DeliveryEvent {
  messageId: string;
  status: 'delivered' | 'bounced' | 'complained';
  /** The statuses this one may replace: a complaint outranks a bounce, which outranks a delivery. */
  from: readonly DeliveryStatus[];
  at: string;
  reason?: string;
}

/** The statuses each SES event may move a person on from: a complaint outranks a bounce, which outranks a delivery. */
export const OUTRANKS: Record<DeliveryEvent['status'], readonly DeliveryStatus[]> = {
  delivered: ['claimed', 'sent'],
  bounced: ['claimed', 'sent', 'delivered'],
  complained: ['claimed', 'sent', 'delivered', 'bounced'],
};

/** Undefined for anything that is not a delivery, bounce or complaint of SES (other event types are not routed here). */
export function parseDeliveryEvent(input: unknown): DeliveryEvent | undefined {
  const parsed = sesEvent.safeParse(input);
  if (!parsed.success) return undefined;
  const { detail, time } = parsed.data;
  const at = time ?? detail.mail.timestamp ?? new Date().toISOString();
  const messageId = detail.mail.messageId;
  switch (detail.eventType) {
    case 'Delivery':
      return { messageId, status: 'delivered', from: OUTRANKS.delivered, at };
    case 'Bounce': {
      const reason = [detail.bounce?.bounceType, detail.bounce?.bounceSubType].filter(Boolean).join('/');
      return { messageId, status: 'bounced', from: OUTRANKS.bounced, at, ...(reason ? { reason } : {}) };
    }
    case 'Complaint': {
      const reason = detail.complaint?.complaintFeedbackType;
      return { messageId, status: 'complained', from: OUTRANKS.complained, at, ...(reason ? { reason } : {}) };
    }
    default:
      return undefined;
  }
}
