import { type AuthorityReport, buildAuthorityReport } from './authority-report';
import type { BreachEvent, EventData } from './events';
import { isEvent } from './events';
import { canonicalJson, sha256Hex } from './hash-chain';
import type { OrganisationPolicy } from './policy';
import type { BreachRepository, OrganisationRepository } from './ports';
import { foldEvents } from './state';

/**
 * Reports as sent (DESIGN.md, "Rules as data": what was sent is kept as a snapshot with its hash). Each report made to
 * the supervisory authority — the initial one (the notify-authority decision), then each follow-up or final one — is
 * frozen when it is marked sent: an `authority-report-sent` event holds the report's content and the SHA-256 of its
 * canonical JSON, so the log's own hash chain covers it. Later requests for that report return the snapshot, never a
 * report rebuilt from a record that has moved on (an initial report asked for after closure would otherwise carry the
 * evaluation); a new phase is a new document.
 *
 * The snapshot is the report built from the log as it stood when the report was marked sent, at that time: the
 * initial report with the notify-authority decision (who made it, the reasons for any delay), a follow-up from the
 * record just before it was recorded (it is what the DPO downloaded and sent). That is deterministic, so when the
 * snapshot's own event was lost to a crash between the two appends, `reportAsSent` rebuilds exactly what it would
 * have held and the next recording writes it.
 */

/** One report marked sent: the event that marked it, its phase and its number among the reports (1 = initial). */
export interface SentReport {
  number: number;
  phase: EventData['authority-report-sent']['phase'];
  event: BreachEvent;
}

/** The reports marked sent, in the order they were made. */
export function reportsMarkedSent(events: readonly BreachEvent[]): SentReport[] {
  const sent: SentReport[] = [];
  for (const event of events) {
    if (isEvent(event, 'decision-taken') && event.data.step === 'notify-authority') {
      // A step is decided once: the first notify-authority decision is the initial report.
      if (!sent.some((s) => s.number === 1)) sent.unshift({ number: 1, phase: 'initial', event });
    } else if (isEvent(event, 'authority-follow-up')) {
      sent.push({ number: sent.length + 1, phase: event.data.phase, event });
    }
  }
  return sent.map((s, index) => ({ ...s, number: index + 1 }));
}

/** The report as it was sent, built from the log up to the moment it was marked sent. */
export function buildSentReport(
  events: readonly BreachEvent[],
  sent: SentReport,
  organisation: { name: string; policy: OrganisationPolicy },
): AuthorityReport {
  const upTo = sent.phase === 'initial' ? sent.event.seq : sent.event.seq - 1;
  const state = foldEvents(events.filter((event) => event.seq <= upTo));
  return buildAuthorityReport({
    state,
    organisationName: organisation.name,
    policy: organisation.policy,
    phase: sent.phase === 'initial' ? 'initial' : 'follow-up',
    now: new Date(sent.event.at),
  });
}

export const reportHash = (report: AuthorityReport): string => sha256Hex(canonicalJson(report));

/** A stored snapshot no longer matches its own hash: the event was edited outside the log's rules. */
export class SnapshotHashMismatchError extends Error {
  override readonly name = 'SnapshotHashMismatchError';
  constructor(
    readonly breachId: string,
    readonly number: number,
  ) {
    super(`breach ${breachId}: the snapshot of authority report ${number} does not match its SHA-256`);
  }
}

export interface ReportAsSent {
  number: number;
  phase: SentReport['phase'];
  sentAt: string;
  sha256: string;
  report: AuthorityReport;
  /** Whether the snapshot is stored in the log (false: rebuilt, its event not yet written). */
  stored: boolean;
}

/** The N-th report as sent (1 = the initial report), or undefined when fewer have been marked sent. */
export function reportAsSent(
  events: readonly BreachEvent[],
  number: number,
  organisation: { name: string; policy: OrganisationPolicy },
): ReportAsSent | undefined {
  const sent = reportsMarkedSent(events).find((s) => s.number === number);
  if (!sent) return undefined;
  const snapshot = events.find(
    (event): event is BreachEvent<'authority-report-sent'> =>
      isEvent(event, 'authority-report-sent') && event.data.number === number,
  );
  if (snapshot) {
    if (reportHash(snapshot.data.report) !== snapshot.data.sha256) {
      throw new SnapshotHashMismatchError(snapshot.breachId, number);
    }
    return {
      number,
      phase: snapshot.data.phase,
      sentAt: sent.event.at,
      sha256: snapshot.data.sha256,
      report: snapshot.data.report,
      stored: true,
    };
  }
  const report = buildSentReport(events, sent, organisation);
  return { number, phase: sent.phase, sentAt: sent.event.at, sha256: reportHash(report), report, stored: false };
}

/**
 * Writes the snapshot of every report marked sent that has none yet: called when a report is marked sent (the
 * notify-authority decision, a follow-up). Idempotent: each snapshot is appended once, keyed by its number.
 */
export async function recordReportsAsSent(
  deps: { breaches: BreachRepository; organisations: OrganisationRepository; now: () => Date },
  breachId: string,
): Promise<number> {
  const events = await deps.breaches.events(breachId);
  const first = events[0];
  if (!first) return 0;
  const organisation = await deps.organisations.get(first.organisationId);
  if (!organisation) return 0;
  const stored = new Set(
    events.flatMap((event) => (isEvent(event, 'authority-report-sent') ? [event.data.number] : [])),
  );
  let written = 0;
  for (const sent of reportsMarkedSent(events)) {
    if (stored.has(sent.number)) continue;
    const report = buildSentReport(events, sent, organisation);
    const { created } = await deps.breaches.appendOnce(breachId, `authority-report-sent:${sent.number}`, {
      type: 'authority-report-sent',
      at: deps.now().toISOString(),
      actor: { kind: 'system', component: 'authority-report' },
      data: { number: sent.number, phase: sent.phase, sentSeq: sent.event.seq, sha256: reportHash(report), report },
    });
    if (created) written += 1;
  }
  return written;
}
