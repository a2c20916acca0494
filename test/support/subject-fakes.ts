import type { NoticeTemplateParts } from '../../functions/domain/subject-notice';
import { fillNotice } from '../../functions/domain/subject-notice';
import type {
  BulkMailer,
  BulkOutcome,
  DeliveryEvents,
  DeliveryStatus,
  NoticeRecipient,
  SentNotice,
  SubjectRecord,
  SubjectRepository,
} from '../../functions/domain/subject-ports';
import { deliveryOf, type Subject } from '../../functions/domain/subjects';

/**
 * In-memory ports for the notice fan-out: the same contract as the DynamoDB adapters (conditional status changes
 * keyed by the claim token, each breach's people apart, SES message pointers written before "sent" and erased with
 * their people) and a mailer that enforces SendBulkEmail's 50-destination limit and keeps every mail. That the two
 * agree is checked by test/integration/subject-contract.test.ts.
 */
export class InMemorySubjectRepository implements SubjectRepository, DeliveryEvents {
  /** Every person of every breach, by breach and key. */
  readonly items = new Map<string, SubjectRecord>();
  /** The SES message pointers: message id → the person it was sent to. */
  readonly pointers = new Map<string, SentNotice>();

  async add(breachId: string, subjects: readonly { key: string; subject: Subject }[], at: string): Promise<string[]> {
    const added: string[] = [];
    for (const { key, subject } of subjects) {
      const id = itemId(breachId, key);
      if (this.items.has(id)) continue;
      const delivery = deliveryOf(subject);
      this.items.set(id, {
        breachId,
        key,
        subject,
        delivery,
        status: delivery.channel === 'email' ? 'pending' : 'letter',
        addedAt: at,
      });
      added.push(key);
    }
    return added;
  }

  async pending(breachId: string, limit: number): Promise<SubjectRecord[]> {
    return this.#with(breachId, 'pending').slice(0, limit).map(copy);
  }

  async countPending(breachId: string, cap: number): Promise<number> {
    return Math.min(cap, this.#with(breachId, 'pending').length);
  }

  async countClaimed(breachId: string, exceptToken: string, cap: number): Promise<number> {
    return Math.min(cap, this.#with(breachId, 'claimed').filter((s) => s.claim?.token !== exceptToken).length);
  }

  async claim(breachId: string, keys: readonly string[], claimToken: string, at: string): Promise<SubjectRecord[]> {
    const won: SubjectRecord[] = [];
    for (const key of keys) {
      const item = this.items.get(itemId(breachId, key));
      if (item?.status !== 'pending') continue;
      item.status = 'claimed';
      item.claim = { token: claimToken, at };
      won.push(copy(item));
    }
    return won;
  }

  async claimed(breachId: string, cap: number): Promise<SubjectRecord[]> {
    return this.#with(breachId, 'claimed').slice(0, cap).map(copy);
  }

  async confirmSent(
    breachId: string,
    key: string,
    claimToken: string,
    confirmation: { at: string; by: { name: string; role: string } },
  ): Promise<void> {
    this.#finish(breachId, key, claimToken, 'sent', { confirmed: structuredClone(confirmation) });
  }

  async markSent(breachId: string, key: string, claimToken: string, messageId: string): Promise<void> {
    // The pointer first, whatever the claim, as the adapter writes it: the mail did leave under this message id.
    this.pointers.set(messageId, { breachId, key });
    this.#finish(breachId, key, claimToken, 'sent', { messageId });
  }

  async markFailed(breachId: string, key: string, claimToken: string, reason: string): Promise<void> {
    this.#finish(breachId, key, claimToken, 'failed', { reason });
  }

  async release(breachId: string, key: string, claimToken: string): Promise<void> {
    this.#finish(breachId, key, claimToken, 'pending', {});
  }

  async page(breachId: string, limit: number, cursor?: string) {
    const all = this.#of(breachId).sort((a, b) => a.key.localeCompare(b.key));
    const start = cursor ? all.findIndex((s) => s.key > cursor) : 0;
    const items = (start < 0 ? [] : all.slice(start, start + limit)).map(copy);
    const last = items.at(-1);
    return start >= 0 && start + limit < all.length && last ? { items, cursor: last.key } : { items };
  }

  async tally(breachId: string) {
    const counts: Partial<Record<DeliveryStatus, number>> = {};
    for (const item of this.#of(breachId)) counts[item.status] = (counts[item.status] ?? 0) + 1;
    return counts;
  }

  async erase(breachId: string, limit: number): Promise<number> {
    const erased = this.#of(breachId)
      .sort((a, b) => a.key.localeCompare(b.key))
      .slice(0, limit);
    for (const item of erased) {
      if (item.messageId !== undefined) this.pointers.delete(item.messageId);
      this.items.delete(itemId(breachId, item.key));
    }
    return erased.length;
  }

  async count(breachId: string, cap: number): Promise<number> {
    return Math.min(cap, this.#of(breachId).length);
  }

  async byMessageId(messageId: string): Promise<SentNotice | undefined> {
    const pointer = this.pointers.get(messageId);
    return pointer && { ...pointer };
  }

  async recordDeliveryEvent(
    notice: SentNotice,
    status: 'delivered' | 'bounced' | 'complained',
    from: readonly DeliveryStatus[],
    detail: { at: string; messageId: string; reason?: string },
  ): Promise<boolean> {
    const item = this.items.get(itemId(notice.breachId, notice.key));
    if (!item || !from.includes(item.status)) return false;
    Object.assign(item, { status, messageId: detail.messageId }, detail.reason ? { reason: detail.reason } : {});
    delete item.claim;
    return true;
  }

  statuses(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const item of this.items.values()) counts[item.status] = (counts[item.status] ?? 0) + 1;
    return counts;
  }

  #of(breachId: string): SubjectRecord[] {
    return [...this.items.values()].filter((s) => s.breachId === breachId);
  }

  #with(breachId: string, status: DeliveryStatus): SubjectRecord[] {
    return this.#of(breachId).filter((s) => s.status === status);
  }

  #finish(
    breachId: string,
    key: string,
    claimToken: string,
    status: DeliveryStatus,
    extra: Partial<SubjectRecord>,
  ): void {
    const item = this.items.get(itemId(breachId, key));
    if (item?.status !== 'claimed' || item.claim?.token !== claimToken) return;
    Object.assign(item, extra, { status });
    delete item.claim;
  }
}

const itemId = (breachId: string, key: string): string => JSON.stringify([breachId, key]);
/** What a read hands out: a copy, so a caller changing it changes nothing stored. */
const copy = (record: SubjectRecord): SubjectRecord => structuredClone(record);

export interface SentMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  at: number;
}

/** Records every mail as SES would render it; `beforeCall` lets a test fail or crash the nth call. */
export class FakeBulkMailer implements BulkMailer {
  readonly maxDestinations = 50;
  readonly mails: SentMail[] = [];
  readonly calls: { at: number; recipients: number }[] = [];
  beforeCall?: (call: number, recipients: readonly NoticeRecipient[]) => void;
  /** Throws after the mails of this call were "sent": the crash inside the SES call. */
  afterCall?: (call: number) => void;
  outcome?: (recipient: NoticeRecipient) => BulkOutcome | undefined;

  constructor(
    private readonly rate: number,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  async sendRate(): Promise<number> {
    return this.rate;
  }

  async sendBulk(_breachId: string, parts: NoticeTemplateParts, recipients: readonly NoticeRecipient[]) {
    if (recipients.length > this.maxDestinations) throw new RangeError(`${recipients.length} destinations in one call`);
    const call = this.calls.length + 1;
    this.beforeCall?.(call, recipients);
    this.calls.push({ at: this.clock(), recipients: recipients.length });
    const outcomes = recipients.map((recipient, index): BulkOutcome => {
      const special = this.outcome?.(recipient);
      if (special) return special;
      this.mails.push({ to: recipient.to, ...fillNotice(parts, recipient.personal), at: this.clock() });
      return { status: 'sent', messageId: `msg-${call}-${index}` };
    });
    this.afterCall?.(call);
    return outcomes;
  }

  /** How many mails each address received. */
  perRecipient(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mail of this.mails) counts.set(mail.to, (counts.get(mail.to) ?? 0) + 1);
    return counts;
  }
}

/** A simulated clock: sleeping moves time forward at once. */
export const simulatedTime = (start = Date.parse('2025-03-10T12:00:00Z')) => {
  let now = start;
  return {
    now: () => new Date(now),
    ms: () => now,
    sleep: async (ms: number) => {
      now += Math.max(0, ms);
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
};
