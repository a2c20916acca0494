import { type BreachEvent, isEvent } from './events';
import { loadCase } from './load-case';
import type { NoticeTemplate } from './notice-templates';
import type { BreachRepository, OrganisationRepository } from './ports';
import { SendRateLimiter } from './send-rate-limiter';
import { noticeTemplateParts, personalParts, templateOf } from './subject-notice';
import {
  type BulkMailer,
  type BulkOutcome,
  BulkSendRefusedError,
  type NoticeQueue,
  type NoticeRecipient,
  type SubjectRecord,
} from './subject-ports';
import { WORKFLOW_ERRORS } from './workflow-errors';

/**
 * The fan-out of e-mail notices to the people affected, one bounded run at a time: the state machine's
 * SendSubjectNotices task calls it in a loop while `remaining > 0` (a batch design equivalent to a Distributed Map,
 * which keeps even a million people within Step Functions' history and payload limits: each run is one task, whatever
 * it sends, and passes only counts).
 *
 * Steps of one run:
 * 1. The notify-subjects decision says how people are told. An Art. 34(3) exemption: nothing is sent, the exemption is
 *    recorded once (with a public notice when the ground is disproportionate effort). Not by e-mail: nothing to do.
 * 2. The notice is rendered once for the breach (the SES template's default data).
 * 3. Until the time budget runs out: take up to one batch of pending people, wait for their send-rate tokens, claim
 *    them (pending → claimed, conditional per person), send one SendBulkEmail, record each outcome.
 * 4. Record the run's counts (never who) and, when nobody is pending any more, that the notices are complete.
 *
 * At most once per person. A person is claimed before the call that mails them, and only a claimed person is mailed;
 * a claim is released only when SES said it sent nothing. A run that dies between claiming and recording (inside the
 * SES call) leaves its people claimed: they may or may not have been mailed, so they are counted as `unconfirmed` and
 * reported — a person checks SES (the message ids of the run, the SES events) and resolves them as sent or to resend
 * (resolve-unconfirmed-notices.ts) — rather than mailed blindly again. The price is that such a crash can leave up to
 * one batch unmailed until someone looks; a duplicate breach notice (which
 * reads as a second breach, or as phishing) is the worse failure. A run stopped anywhere else — between calls, while
 * waiting for tokens — leaves nobody claimed, and the next run picks up exactly where it stopped.
 */

export interface SendSubjectNoticesDeps {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  subjects: NoticeQueue;
  mailer: BulkMailer;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** A token naming this run's claims. */
  newClaimToken: () => string;
  /** Recipients per second, instead of the account's rate (benchmarks and tests). */
  rateOverride?: number;
  /**
   * The share of the account's rate the notices may use; the rest stays free for the DPO's alerts.
   * @default 0.9
   */
  rateShare?: number;
}

export interface SendSubjectNoticesResult {
  sent: number;
  failed: number;
  /** Sent nothing for now (throttled): back in the queue for the next run. */
  deferred: number;
  /** People still waiting for an e-mail notice (counted up to REMAINING_CAP). */
  remaining: number;
  /** People a crashed run left claimed: reported, not resent. */
  unconfirmed: number;
  /** SES throttled this run: the state machine may wait a little before the next. */
  throttled: boolean;
  /**
   * The account's 24-hour sending quota is used up: the state machine waits until this time (ISO 8601) before the
   * next run, instead of asking SES again every minute. Absent otherwise.
   */
  resumeAt?: string;
  outcome: 'sending' | 'completed' | 'exempted' | 'not-by-email';
}

/** Counting stops here: the state machine only needs to know whether to loop, a person reads the exact figures. */
export const REMAINING_CAP = 10_000;

/** The decision step that must precede sending: who is told how, and any exemption. */
export class SubjectsDecisionMissingError extends Error {
  override readonly name = WORKFLOW_ERRORS.SubjectsDecisionMissing.name;
  constructor(readonly breachId: string) {
    super(`breach ${breachId}: the notify-subjects decision has not been taken`);
  }
}

/** SES will send nothing for this account or sender until a person acts: the task fails and the DPO is alerted. */
export class SubjectNoticesBlockedError extends Error {
  override readonly name = WORKFLOW_ERRORS.SubjectNoticesBlocked.name;
  constructor(readonly reason: string) {
    super(`SES cannot send the notices: ${reason}`);
  }
}

/** Recipients per second the notices may use: the override, or the account's rate less the share kept for alerts. */
export const noticeRate = async (
  deps: Pick<SendSubjectNoticesDeps, 'mailer' | 'rateOverride' | 'rateShare'>,
): Promise<number> =>
  deps.rateOverride ?? Math.max(1, Math.floor((await deps.mailer.sendRate()) * (deps.rateShare ?? 0.9)));

/** The notify-subjects methods that tell people by e-mail. */
export const BY_EMAIL: readonly string[] = ['email', 'email-and-letter'];

export async function sendSubjectNotices(
  deps: SendSubjectNoticesDeps,
  breachId: string,
  /** When the run must have returned, in the deps clock's milliseconds. */
  deadlineMs: number,
): Promise<SendSubjectNoticesResult> {
  const { state, organisation, policy } = await loadCase(deps, breachId);
  const decision = state.decisions['notify-subjects']?.data;
  if (!decision) throw new SubjectsDecisionMissingError(breachId);
  const idle = { sent: 0, failed: 0, deferred: 0, remaining: 0, unconfirmed: 0, throttled: false };

  if (decision.exemption) {
    await deps.breaches.appendOnce(breachId, 'subject-notices:exempted', {
      type: 'subject-notices-exempted',
      at: deps.now().toISOString(),
      actor: { kind: 'system', component: 'subject-notices' },
      data: {
        ground: decision.exemption.ground,
        explanation: decision.exemption.explanation,
        publicNotice: decision.exemption.ground === 'disproportionate-effort',
      },
    });
    return { ...idle, outcome: 'exempted' };
  }
  if (!BY_EMAIL.includes(decision.method)) return { ...idle, outcome: 'not-by-email' };

  const parts = noticeTemplateParts({ state, organisationName: organisation.name, policy });
  // The greeting in the notice's own language (the template the sections came from).
  const template = templateOf({ state, policy });
  const rate = await noticeRate(deps);
  const clock = () => deps.now().getTime();
  const limiter = new SendRateLimiter({ ratePerSecond: rate, now: clock, sleep: deps.sleep });
  const batchSize = Math.min(deps.mailer.maxDestinations, limiter.ratePerSecond);
  const claimToken = deps.newClaimToken();
  const counts = { sent: 0, failed: 0, deferred: 0 };
  let throttled = false;
  let quotaExhausted = false;
  // The longest a batch has taken, plus the second the final drain may wait: a batch is only started if it fits.
  let slowestBatchMs = 0;
  const fits = () => clock() + slowestBatchMs + 1000 < deadlineMs;

  while (fits()) {
    const candidates = await deps.subjects.pending(breachId, batchSize);
    if (candidates.length === 0) break;
    // Tokens before claims: a run stopped while it waits has claimed nobody.
    await limiter.acquire(candidates.length);
    if (!fits()) break;
    const started = clock();
    const at = deps.now().toISOString();
    const claimed = await deps.subjects.claim(
      breachId,
      candidates.map((c) => c.key),
      claimToken,
      at,
    );
    limiter.refund(candidates.length - claimed.length);
    if (claimed.length === 0) continue;

    const outcomes = await sendClaimed(deps, breachId, parts, claimed, organisation.name, claimToken, template);
    const blocked = await recordOutcomes(deps, breachId, claimed, outcomes, claimToken, counts);
    if (blocked) throw new SubjectNoticesBlockedError(blocked);
    slowestBatchMs = Math.max(slowestBatchMs, clock() - started);
    if (outcomes.some((o) => o.status === 'deferred')) {
      throttled = true;
      quotaExhausted = outcomes.some((o) => o.status === 'deferred' && o.reason === DAILY_QUOTA_EXCEEDED);
      break;
    }
  }
  await limiter.drain();

  const remaining = await deps.subjects.countPending(breachId, REMAINING_CAP);
  const unconfirmed = await deps.subjects.countClaimed(breachId, claimToken, REMAINING_CAP);
  const at = deps.now().toISOString();
  const actor = { kind: 'system', component: 'subject-notices' } as const;
  // A run that only deferred changed nobody's record: it appends nothing, so waiting out a quota costs no events.
  if (counts.sent + counts.failed > 0) {
    await deps.breaches.append(breachId, {
      type: 'subject-notices-sent',
      at,
      actor,
      data: { ...counts, remaining, unconfirmed },
    });
  }
  if (remaining === 0) {
    // From the people themselves, not the runs' events: a run that died never recorded its counts.
    const tally = await deps.subjects.tally(breachId);
    const sent = (tally.sent ?? 0) + (tally.delivered ?? 0) + (tally.bounced ?? 0) + (tally.complained ?? 0);
    await deps.breaches.appendOnce(breachId, 'subject-notices:completed', {
      type: 'subject-notices-completed',
      at,
      actor,
      data: { sent, failed: tally.failed ?? 0, unconfirmed: tally.claimed ?? 0 },
    });
  }
  const resumeAt = quotaExhausted && remaining > 0 ? await quotaResetsAt(deps, breachId) : undefined;
  return {
    ...counts,
    remaining,
    unconfirmed,
    throttled,
    ...(resumeAt ? { resumeAt } : {}),
    outcome: remaining === 0 ? 'completed' : 'sending',
  };
}

/** SES's per-recipient status when the account's 24-hour quota is used up. */
export const DAILY_QUOTA_EXCEEDED = 'ACCOUNT_DAILY_QUOTA_EXCEEDED';
const DAY_MS = 24 * 3_600_000;
/** The shortest wait once the quota is used up: SES frees it as sends age out of its rolling 24 hours. */
const MIN_QUOTA_WAIT_MS = 15 * 60_000;

/**
 * When the 24-hour quota frees room for this breach's notices again. SES counts sends over a rolling 24 hours, so
 * the earliest of this breach's sends in that window is the first to age out: 24 hours after it the quota has room
 * again. With no send of ours in the window (others used the quota up) an hour, then ask again.
 */
async function quotaResetsAt(deps: SendSubjectNoticesDeps, breachId: string): Promise<string> {
  const now = deps.now().getTime();
  const runs = (await deps.breaches.events(breachId))
    .filter((e): e is BreachEvent<'subject-notices-sent'> => isEvent(e, 'subject-notices-sent'))
    .filter((e) => e.data.sent > 0 && Date.parse(e.at) > now - DAY_MS);
  const earliest = Math.min(...runs.map((e) => Date.parse(e.at)));
  const resume = Number.isFinite(earliest) ? earliest + DAY_MS : now + 3_600_000;
  return new Date(Math.max(resume, now + MIN_QUOTA_WAIT_MS)).toISOString();
}

/** One SendBulkEmail. A refusal (nothing sent) releases the claims; an unknown outcome leaves them claimed. */
async function sendClaimed(
  deps: SendSubjectNoticesDeps,
  breachId: string,
  parts: ReturnType<typeof noticeTemplateParts>,
  claimed: readonly SubjectRecord[],
  organisationName: string,
  claimToken: string,
  template: NoticeTemplate,
): Promise<BulkOutcome[]> {
  const recipients: NoticeRecipient[] = claimed.map((record) => {
    // Only people with an address are ever pending (adapters/subject-list.ts): a letter here is a broken item.
    if (record.delivery.channel !== 'email') throw new Error(`subject ${record.key} has no e-mail address`);
    return {
      key: record.key,
      to: record.delivery.to,
      personal: personalParts(record.subject, organisationName, template),
    };
  });
  try {
    return await deps.mailer.sendBulk(breachId, parts, recipients);
  } catch (error) {
    if (!(error instanceof BulkSendRefusedError)) throw error;
    await Promise.all(claimed.map((record) => deps.subjects.release(breachId, record.key, claimToken)));
    if (!error.retryable) throw new SubjectNoticesBlockedError(error.code);
    return claimed.map(() => ({ status: 'deferred', reason: error.code }));
  }
}

/** Writes each person's outcome; returns the reason when SES blocked sending altogether. */
async function recordOutcomes(
  deps: SendSubjectNoticesDeps,
  breachId: string,
  claimed: readonly SubjectRecord[],
  outcomes: readonly BulkOutcome[],
  claimToken: string,
  counts: { sent: number; failed: number; deferred: number },
): Promise<string | undefined> {
  const at = deps.now().toISOString();
  let blocked: string | undefined;
  await Promise.all(
    claimed.map(async (record, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) {
        // The mailer answered for fewer people than it was given: whether they were mailed is unknown.
        return;
      }
      switch (outcome.status) {
        case 'sent':
          counts.sent += 1;
          return deps.subjects.markSent(breachId, record.key, claimToken, outcome.messageId, at);
        case 'failed':
          counts.failed += 1;
          return deps.subjects.markFailed(breachId, record.key, claimToken, outcome.reason, at);
        case 'deferred':
          counts.deferred += 1;
          return deps.subjects.release(breachId, record.key, claimToken);
        case 'blocked':
          blocked ??= outcome.reason;
          return deps.subjects.release(breachId, record.key, claimToken);
      }
    }),
  );
  return blocked;
}
