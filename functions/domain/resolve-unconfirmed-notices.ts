import * as z from 'zod/mini';
import { actorFor } from './authority-case';
import { ValidationError } from './errors';
import type { BreachEvent } from './events';
import { canonicalJson, sha256Hex } from './hash-chain';
import { ownBreach } from './own-breach';
import {
  BY_EMAIL,
  noticeRate,
  type SendSubjectNoticesDeps,
  type SendSubjectNoticesResult,
  SubjectNoticesBlockedError,
  sendSubjectNotices,
} from './send-subject-notices';
import type { BreachState } from './state';
import type { SubjectRecord } from './subject-ports';
import {
  ClaimsInFlightError,
  NothingUnconfirmedError,
  NoticesBlockedError,
  NotToldByEmailError,
} from './unconfirmed-notice-errors';
import { unconfirmedResolutionSchema } from './unconfirmed-resolution';
import './zod-english';

/**
 * A claim is settled once no run can still be inside the SES call that took it: Lambda's longest invocation (the
 * fan-out task's timeout) has passed since. A younger claim may belong to a run sending right now.
 */
export const CLAIM_SETTLES_AFTER_MS = 15 * 60_000;
/**
 * People resolved per call: a crash leaves at most one batch (50) per crashed run. A resend also takes no more than
 * the send rate lets it mail within the call's time; `left` says how many remain for the next call.
 */
export const RESOLVE_LIMIT = 200;

export interface ResolveUnconfirmedResult {
  /** Absent when a resend only finished sending people an earlier resend released (nothing new was resolved). */
  event?: BreachEvent<'subject-notices-unconfirmed-resolved'>;
  /** Settled claims still left after this call (more than RESOLVE_LIMIT): call again. */
  left: number;
  /** `resend` only: what the sending run did. */
  sending?: SendSubjectNoticesResult;
}

/**
 * `POST /breaches/{id}/subjects/unconfirmed`: a person resolves the notices a run left unconfirmed by dying inside
 * its SES call (send-subject-notices.ts claims people before SendBulkEmail, so such a crash leaves them claimed, and
 * it is unknown whether SES mailed them).
 *
 * 1. Find the caller's breach (404 otherwise) and check the body (400 with field errors).
 * 2. Read the claimed people; only claims older than CLAIM_SETTLES_AFTER_MS are resolved (409 when there are none).
 * 3. `resend` needs a notify-subjects decision that tells people by e-mail (409 otherwise).
 * 4. Record one `subject-notices-unconfirmed-resolved` event: counts, resolution, reason and who decided, never who
 *    the people are. Keyed by the claims it resolves, so a call retried after a crash records it once.
 * 5. `sent`: each claim becomes sent, with when and who confirmed it. `resend`: each goes back to the queue, and the
 *    same sending use case as the state machine's mails them now, within `deadlineMs` (so a resend takes only as many
 *    as the send rate allows in that time; the others stay claimed for the next call).
 *
 * A resend cut short (SES throttled, the call's time ran out) leaves the people it released queued, and the state
 * machine's loop has already finished: a later `resend` with nobody claimed sends them, rather than answering 409.
 *
 * Nothing is written before every check has passed.
 */
export async function resolveUnconfirmedNotices(
  deps: SendSubjectNoticesDeps,
  input: { organisationId: string; breachId: string; body: unknown; deadlineMs: number },
): Promise<ResolveUnconfirmedResult> {
  const state = await ownBreach(deps.breaches, input.organisationId, input.breachId);
  const parsed = z.safeParse(unconfirmedResolutionSchema, input.body);
  if (!parsed.success) throw ValidationError.fromZodError(parsed.error);
  const { resolution, reason, decidedBy } = parsed.data;

  const now = deps.now();
  const settledBefore = now.getTime() - CLAIM_SETTLES_AFTER_MS;
  // A claim without a readable time counts as just made, so it is never taken early.
  const claimedAtMs = (record: SubjectRecord): number => {
    const at = Date.parse(record.claim?.at ?? '');
    return Number.isNaN(at) ? now.getTime() : at;
  };
  const claimed = await deps.subjects.claimed(input.breachId, RESOLVE_LIMIT * 10);
  const settled = claimed.filter((record) => claimedAtMs(record) <= settledBefore);
  if (claimed.length === 0) {
    const loopFinished = state.subjects?.completedAt !== undefined;
    if (resolution !== 'resend' || !loopFinished || (await deps.subjects.countPending(input.breachId, 1)) === 0) {
      throw new NothingUnconfirmedError();
    }
    requireEmailDecision(state);
    return { left: 0, sending: await sendOrBlocked(deps, input.breachId, input.deadlineMs) };
  }
  if (settled.length === 0) {
    const youngest = Math.max(...claimed.map(claimedAtMs));
    throw new ClaimsInFlightError(claimed.length, new Date(youngest + CLAIM_SETTLES_AFTER_MS).toISOString());
  }
  if (resolution === 'resend') requireEmailDecision(state);

  // A resend takes no more people than it can mail before the deadline: the rest stay claimed, for the next call.
  const limit =
    resolution === 'resend' ? Math.min(RESOLVE_LIMIT, await sendable(deps, now, input.deadlineMs)) : RESOLVE_LIMIT;
  const resolving = settled.slice(0, limit);
  const { event } = await deps.breaches.appendOnce(input.breachId, resolutionKey(resolution, resolving), {
    type: 'subject-notices-unconfirmed-resolved',
    at: now.toISOString(),
    actor: actorFor(decidedBy, input.organisationId),
    data: { resolution, resolved: resolving.length, reason, decidedBy },
  });
  const left = settled.length - resolving.length;

  if (resolution === 'sent') {
    const confirmation = { at: now.toISOString(), by: { name: decidedBy.name, role: decidedBy.role } };
    await inChunks(resolving, (record) =>
      deps.subjects.confirmSent(input.breachId, record.key, claimTokenOf(record), confirmation),
    );
    return { event, left };
  }

  await inChunks(resolving, (record) => deps.subjects.release(input.breachId, record.key, claimTokenOf(record)));
  return { event, left, sending: await sendOrBlocked(deps, input.breachId, input.deadlineMs) };
}

const requireEmailDecision = (state: BreachState): void => {
  const decision = state.decisions['notify-subjects']?.data;
  if (!decision || decision.exemption || !BY_EMAIL.includes(decision.method)) throw new NotToldByEmailError();
};

async function sendOrBlocked(deps: SendSubjectNoticesDeps, breachId: string, deadlineMs: number) {
  try {
    return await sendWithin(deps, breachId, deadlineMs);
  } catch (error) {
    if (error instanceof SubjectNoticesBlockedError) throw new NoticesBlockedError(error);
    throw error;
  }
}

/** How many people the send rate lets a run mail before the deadline, less the second its final drain may take. */
const sendable = async (deps: SendSubjectNoticesDeps, now: Date, deadlineMs: number): Promise<number> => {
  const seconds = (deadlineMs - now.getTime()) / 1000 - 1;
  return Math.max(1, Math.floor((await noticeRate(deps)) * seconds));
};

/** The same claims resolved the same way are one decision: a retried call finds its event already recorded. */
const resolutionKey = (resolution: string, records: readonly SubjectRecord[]): string => {
  const claims = records.map((record) => `${record.key}:${claimTokenOf(record)}`).sort();
  return `subject-notices:unconfirmed:${resolution}:${sha256Hex(canonicalJson(claims)).slice(0, 32)}`;
};

const claimTokenOf = (record: SubjectRecord): string => record.claim?.token ?? '';

/** Conditional updates a few at a time: enough to be quick, few enough not to throttle the table. */
async function inChunks(records: readonly SubjectRecord[], task: (record: SubjectRecord) => Promise<void>) {
  for (let start = 0; start < records.length; start += 25) {
    await Promise.all(records.slice(start, start + 25).map(task));
  }
}

/**
 * Runs of the sending use case until nobody is queued or the time is up: a throttled run returns early, and the next
 * one, a second later, picks up what it deferred.
 */
async function sendWithin(
  deps: SendSubjectNoticesDeps,
  breachId: string,
  deadlineMs: number,
): Promise<SendSubjectNoticesResult> {
  const total = { sent: 0, failed: 0, deferred: 0 };
  for (;;) {
    const run = await sendSubjectNotices(deps, breachId, deadlineMs);
    total.sent += run.sent;
    total.failed += run.failed;
    total.deferred += run.deferred;
    if (run.remaining === 0 || !run.throttled || deps.now().getTime() + 2_000 >= deadlineMs) {
      return { ...run, ...total };
    }
    await deps.sleep(1_000);
  }
}
