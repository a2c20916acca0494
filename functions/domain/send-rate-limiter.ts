/**
 * Paces the notices to the account's send rate: SES counts every recipient of a SendBulkEmail call against
 * MaxSendRate, "the maximum number of messages per second".
 *
 * A token bucket of `ratePerSecond` tokens in which a spent token comes back exactly one second after it was spent
 * (a sliding one-second window). So in any one-second window at most `ratePerSecond` recipients are sent to, which is
 * the quota as SES states it. A classic bucket that refills continuously would not do: it lets its capacity plus a
 * second's refill through in one second, up to twice the rate.
 *
 * Time and sleep are injected, so tests run on a simulated clock.
 */

export interface RateLimiterOptions {
  /** Recipients per second; at least 1. */
  ratePerSecond: number;
  /** Milliseconds since some epoch. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const WINDOW_MS = 1000;

export class SendRateLimiter {
  readonly ratePerSecond: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Tokens out, oldest first: when each was spent and how many. */
  readonly #spent: { at: number; n: number }[] = [];
  #out = 0;

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerSecond >= 1) || !Number.isFinite(options.ratePerSecond)) {
      throw new RangeError('the send rate must be a number of at least 1 per second');
    }
    this.ratePerSecond = Math.floor(options.ratePerSecond);
    this.#now = options.now;
    this.#sleep = options.sleep;
  }

  /** Waits until `n` recipients may be sent to, and takes their tokens. */
  async acquire(n: number): Promise<void> {
    if (n > this.ratePerSecond) throw new RangeError(`cannot send to ${n} at once at ${this.ratePerSecond} per second`);
    for (;;) {
      const now = this.#now();
      this.#returnTokens(now);
      // Spaced as well as capped: a call of n waits n/rate seconds after the previous one, so the sends flow
      // evenly through the second instead of bunching at its start (and a slow call does not delay the next).
      const last = this.#spent.at(-1);
      const spacedUntil = last ? last.at + (last.n * WINDOW_MS) / this.ratePerSecond : now;
      if (this.#out + n <= this.ratePerSecond && now >= spacedUntil) {
        this.#spent.push({ at: now, n });
        this.#out += n;
        return;
      }
      const oldest = this.#spent[0];
      const windowFreesAt = this.#out + n <= this.ratePerSecond ? now : (oldest?.at ?? now) + WINDOW_MS;
      await this.#sleep(Math.max(1, Math.max(spacedUntil, windowFreesAt) - now));
    }
  }

  /** Gives back tokens taken for recipients who were not sent to after all (lost a claim to another run). */
  refund(n: number): void {
    const last = this.#spent.at(-1);
    if (!last || n <= 0) return;
    const back = Math.min(n, last.n);
    last.n -= back;
    this.#out -= back;
  }

  /**
   * Waits until every token is back, so that whatever sends next — the next run of the task, with a full bucket of
   * its own — cannot push the last second over the rate.
   */
  async drain(): Promise<void> {
    for (;;) {
      const now = this.#now();
      this.#returnTokens(now);
      const last = this.#spent.at(-1);
      if (!last) return;
      await this.#sleep(last.at + WINDOW_MS - now);
    }
  }

  #returnTokens(now: number): void {
    while (this.#spent.length > 0 && (this.#spent[0]?.at ?? 0) + WINDOW_MS <= now) {
      this.#out -= this.#spent.shift()?.n ?? 0;
    }
  }
}
