import type { NoticeTemplateParts, PersonalParts } from './subject-notice';
import type { Delivery, Subject } from './subjects';

/**
 * The ports of the data-subject notices: the list of people (with each one's delivery status) and the bulk mailer.
 * Adapters: adapters/notice-queue.ts, subject-list.ts, subject-eraser.ts and delivery-events.ts (DynamoDB, items laid
 * out in subject-items.ts), adapters/bulk-mailer.ts (SES SendBulkEmail).
 */

/**
 * Where a person's notice stands. pending → claimed → sent | failed; later, from SES events: delivered, bounced,
 * complained. A claim a crash left unresolved becomes sent, or pending again, when a person says which. `letter`
 * people have no e-mail address and are written to on paper.
 */
export const DELIVERY_STATUSES = [
  'pending',
  'claimed',
  'sent',
  'failed',
  'delivered',
  'bounced',
  'complained',
  'letter',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A person on a breach's list, as stored. */
export interface SubjectRecord {
  breachId: string;
  key: string;
  subject: Subject;
  delivery: Delivery;
  status: DeliveryStatus;
  addedAt: string;
  messageId?: string;
  /** Why SES refused or bounced the notice (an SES status or bounce type, never the address). */
  reason?: string;
  /** While claimed: the run's token and when it claimed the person. */
  claim?: { token: string; at: string };
  /** Marked sent by a person who checked SES (a crash left the send unconfirmed): when, and who. */
  confirmed?: { at: string; by: { name: string; role: string } };
}

/** A person whose e-mail notice is about to leave: everything the mailer needs, and nothing else. */
export interface NoticeRecipient {
  key: string;
  to: string;
  personal: PersonalParts;
}

/**
 * The notice queue the fan-out works through: who waits for an e-mail notice, claimed for sending with a run's token,
 * then marked sent, failed, or released; what a crash left claimed, and a person's word on it; the final tally.
 * Adapter: adapters/notice-queue.ts.
 */
export interface NoticeQueue {
  /** Up to `limit` people waiting for an e-mail notice. May include some another run has just claimed. */
  pending(breachId: string, limit: number): Promise<SubjectRecord[]>;
  /** How many wait for an e-mail notice, counted up to `cap`. */
  countPending(breachId: string, cap: number): Promise<number>;
  /**
   * Claims people for sending with a conditional update each (pending → claimed, with this run's token). Returns
   * those this call won: a person claimed by someone else is not returned, so no two runs mail the same person.
   */
  claim(breachId: string, keys: readonly string[], claimToken: string, at: string): Promise<SubjectRecord[]>;
  /** claimed → sent, with the SES message id (and the message id's index item, for the SES events). */
  markSent(breachId: string, key: string, claimToken: string, messageId: string, at: string): Promise<void>;
  /** claimed → failed, with SES's reason. */
  markFailed(breachId: string, key: string, claimToken: string, reason: string, at: string): Promise<void>;
  /** claimed → pending: SES answered that it sent nothing (throttled, refused the call), so a later run may send. */
  release(breachId: string, key: string, claimToken: string): Promise<void>;
  /** People left claimed by a run other than `exceptToken`: a crash between claiming and recording the outcome. */
  countClaimed(breachId: string, exceptToken: string, cap: number): Promise<number>;
  /** Everyone left claimed, with their claims, up to `cap`: a crash between claiming and recording, or a run now. */
  claimed(breachId: string, cap: number): Promise<SubjectRecord[]>;
  /**
   * claimed → sent on a person's word, with that claim's token: someone checked SES and the notice did leave. Records
   * when and who, and no message id (none was recorded).
   */
  confirmSent(
    breachId: string,
    key: string,
    claimToken: string,
    confirmation: { at: string; by: { name: string; role: string } },
  ): Promise<void>;
  /** Everyone on the list by delivery status: read once, when the notices are complete, for the final counts. */
  tally(breachId: string): Promise<Partial<Record<DeliveryStatus, number>>>;
}

/** A breach's list of people, as an upload adds to it and the letters read it. Adapter: adapters/subject-list.ts. */
export interface SubjectList {
  /** Adds people with one conditional put each: a person already listed is left as they are. Returns the new ones' keys. */
  add(breachId: string, subjects: readonly { key: string; subject: Subject }[], at: string): Promise<string[]>;
  /**
   * One page of the list, in an order that stays the same from page to page (the adapter's: shard, then key), after
   * `cursor`. The cursor is a person's key, the last one a page gave: any listed person's key resumes right after them.
   */
  page(breachId: string, limit: number, cursor?: string): Promise<{ items: SubjectRecord[]; cursor?: string }>;
}

/** Erasure of a breach's people once they are no longer needed. Adapter: adapters/subject-eraser.ts. */
export interface SubjectEraser {
  /**
   * Deletes up to `limit` of the breach's people, with the SES message pointers their records name (pointers first,
   * so a crash between leaves the person, whom the next call finds again). Returns how many people were deleted.
   * Deleting what is already gone is no error: a retried call deletes only what is left.
   */
  erase(breachId: string, limit: number): Promise<number>;
  /** How many people are on the breach's list, counted up to `cap`. */
  count(breachId: string, cap: number): Promise<number>;
}

/** The person a notice went to, as the pointer item kept under its SES message id names them. */
export interface SentNotice {
  breachId: string;
  key: string;
}

/** The delivery events SES reports after a notice left. Adapter: adapters/delivery-events.ts. */
export interface DeliveryEvents {
  /** The person a message id was sent to, if it was one of ours. */
  byMessageId(messageId: string): Promise<SentNotice | undefined>;
  /**
   * Records what SES reported after sending, unless the person's status already says something stronger: a
   * complaint outranks a bounce, which outranks a delivery. `from` lists the statuses the event may move on from.
   * False when the person is gone or already past it.
   */
  recordDeliveryEvent(
    notice: SentNotice,
    status: 'delivered' | 'bounced' | 'complained',
    from: readonly DeliveryStatus[],
    detail: { at: string; messageId: string; reason?: string },
  ): Promise<boolean>;
}

/**
 * The people and their notices whole: the list, the queue and erasure over one set of items (what an in-memory
 * stand-in implements). No function needs all of it, and each constructs only the adapters of the ports it uses.
 */
export type SubjectRepository = NoticeQueue & SubjectList & SubjectEraser;

/** One destination's outcome in a bulk call. */
export type BulkOutcome =
  | { status: 'sent'; messageId: string }
  /** SES refused this destination for good (e.g. MESSAGE_REJECTED): recorded, never retried. */
  | { status: 'failed'; reason: string }
  /** SES did not send it for now (throttled, daily quota): the person goes back to pending. */
  | { status: 'deferred'; reason: string }
  /** SES cannot send anything for this account or sender until a person acts (paused, unverified sender). */
  | { status: 'blocked'; reason: string };

export interface BulkMailer {
  /** Destinations per call: 50 for SES SendBulkEmail. */
  readonly maxDestinations: number;
  /** Recipients per second this account may be sent to. */
  sendRate(): Promise<number>;
  /** Sends one notice to each recipient; the outcomes are in the recipients' order. */
  sendBulk(
    breachId: string,
    parts: NoticeTemplateParts,
    recipients: readonly NoticeRecipient[],
  ): Promise<BulkOutcome[]>;
}

/**
 * SES answered the call with an error, so it sent nothing: the claimed people can safely go back to pending. Any
 * other error from `sendBulk` (a timeout, a dropped connection, a 5xx) leaves it unknown whether mail left, and the
 * people stay claimed rather than risk mailing them twice.
 */
export class BulkSendRefusedError extends Error {
  override readonly name = 'BulkSendRefusedError';
  constructor(
    message: string,
    /** Throttling and quotas pass; a refused sender or template needs a person. */
    readonly retryable: boolean,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
