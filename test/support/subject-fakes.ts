import type { NoticeTemplateParts } from '../../functions/domain/subject-notice';
import { fillNotice } from '../../functions/domain/subject-notice';
import type {
  BulkMailer,
  BulkOutcome,
  DeliveryStatus,
  NoticeRecipient,
  SubjectRecord,
  SubjectRepository,
} from '../../functions/domain/subject-ports';
import { deliveryOf, type Subject } from '../../functions/domain/subjects';

/**
 * In-memory ports for the notice fan-out: the same contract as the DynamoDB repository (conditional status changes
 * keyed by the claim token) and a mailer that enforces SendBulkEmail's 50-destination limit and keeps every mail.
 * The integration tests run the real adapters against dynalite and the SES emulator.
 */

interface Stored extends SubjectRecord {
  claimToken?: string;
}

export class InMemorySubjectRepository implements SubjectRepository {
  readonly items = new Map<string, Stored>();

  async add(breachId: string, subjects: readonly { key: string; subject: Subject }[], at: string): Promise<string[]> {
    const added: string[] = [];
    for (const { key, subject } of subjects) {
      if (this.items.has(key)) continue;
      const delivery = deliveryOf(subject);
      this.items.set(key, {
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
    return this.#with(breachId, 'pending').slice(0, limit);
  }

  async countPending(breachId: string, cap: number): Promise<number> {
    return Math.min(cap, this.#with(breachId, 'pending').length);
  }

  async countClaimed(breachId: string, exceptToken: string, cap: number): Promise<number> {
    return Math.min(cap, this.#with(breachId, 'claimed').filter((s) => s.claimToken !== exceptToken).length);
  }

  async claim(_breachId: string, keys: readonly string[], claimToken: string, at: string): Promise<SubjectRecord[]> {
    const won: SubjectRecord[] = [];
    for (const key of keys) {
      const item = this.items.get(key);
      if (item?.status !== 'pending') continue;
      item.status = 'claimed';
      item.claimToken = claimToken;
      item.claim = { token: claimToken, at };
      won.push({ ...item });
    }
    return won;
  }

  async claimed(breachId: string, cap: number): Promise<SubjectRecord[]> {
    return this.#with(breachId, 'claimed')
      .slice(0, cap)
      .map((s) => ({ ...s }));
  }

  async confirmSent(
    _b: string,
    key: string,
    claimToken: string,
    confirmation: { at: string; by: { name: string; role: string } },
  ): Promise<void> {
    this.#finish(key, claimToken, 'sent', { confirmed: confirmation });
  }

  async markSent(_b: string, key: string, claimToken: string, messageId: string): Promise<void> {
    this.#finish(key, claimToken, 'sent', { messageId });
  }

  async markFailed(_b: string, key: string, claimToken: string, reason: string): Promise<void> {
    this.#finish(key, claimToken, 'failed', { reason });
  }

  async release(_b: string, key: string, claimToken: string): Promise<void> {
    this.#finish(key, claimToken, 'pending', {});
  }

  async page(breachId: string, limit: number, cursor?: string) {
    const all = [...this.items.values()]
      .filter((s) => s.breachId === breachId)
      .sort((a, b) => a.key.localeCompare(b.key));
    const start = cursor ? all.findIndex((s) => s.key > cursor) : 0;
    const items = (start < 0 ? [] : all.slice(start, start + limit)).map((s) => ({ ...s }));
    const last = items.at(-1);
    return start >= 0 && start + limit < all.length && last ? { items, cursor: last.key } : { items };
  }

  async tally(breachId: string) {
    const counts: Partial<Record<DeliveryStatus, number>> = {};
    for (const item of this.items.values()) {
      if (item.breachId === breachId) counts[item.status] = (counts[item.status] ?? 0) + 1;
    }
    return counts;
  }

  async erase(breachId: string, limit: number): Promise<number> {
    const keys = [...this.items.values()]
      .filter((s) => s.breachId === breachId)
      .sort((a, b) => a.key.localeCompare(b.key))
      .slice(0, limit)
      .map((s) => s.key);
    for (const key of keys) this.items.delete(key);
    return keys.length;
  }

  async count(breachId: string, cap: number): Promise<number> {
    return Math.min(cap, [...this.items.values()].filter((s) => s.breachId === breachId).length);
  }

  statuses(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const item of this.items.values()) counts[item.status] = (counts[item.status] ?? 0) + 1;
    return counts;
  }

  #with(breachId: string, status: DeliveryStatus): Stored[] {
    return [...this.items.values()].filter((s) => s.breachId === breachId && s.status === status);
  }

  #finish(key: string, claimToken: string, status: DeliveryStatus, extra: Partial<Stored>): void {
    const item = this.items.get(key);
    if (item?.status !== 'claimed' || item.claimToken !== claimToken) return;
    Object.assign(item, extra, { status });
    if (status !== 'claimed') {
      delete item.claimToken;
      delete item.claim;
    }
  }
}

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
