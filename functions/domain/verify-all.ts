import type { AttachmentStore } from './attachment-store';
import { verifyAttachments } from './verify-attachments';
import { type StoredBreach, type VerificationProblem, verifyBreach } from './verify-breach';

/**
 * Verifies every breach of the table, or of one organisation: the use case behind `npm run verify` and
 * `GET /verification`.
 *
 * Steps: list the breach ids in scope; read each breach's projection and then its log; check them
 * (verify-breach.ts); re-hash every attached file the log records (verify-attachments.ts); read again the breaches whose only finding is a lagging projection, since a write in progress
 * between the two reads looks exactly like that; return the problems in breach and sequence order.
 */

/** The reads verification needs (functions/adapters/breach-log-reader.ts). */
export interface BreachLogReader {
  /** Every breach id in scope: of the organisation when given, else of the whole table. */
  breachIds(scope: { organisationId?: string }): AsyncIterable<string>;
  /** The breach's projection, read before its events, so a concurrent append can only make the log look ahead. */
  read(breachId: string): Promise<StoredBreach>;
}

export interface VerifyAllDeps {
  log: BreachLogReader;
  /** Where attached files are kept: each is hashed again and compared with its event. Without it files go unchecked. */
  attachments?: Pick<AttachmentStore, 'read'>;
  /**
   * Breaches read at once.
   * @default 8
   */
  concurrency?: number;
}

export interface VerificationReport {
  /** How many breaches were verified. */
  checked: number;
  problems: VerificationProblem[];
}

export async function verifyAll(
  deps: VerifyAllDeps,
  scope: { organisationId?: string } = {},
): Promise<VerificationReport> {
  const { log, attachments, concurrency = 8 } = deps;
  const found: VerificationProblem[][] = [];
  let checked = 0;

  const verifyOne = async (breachId: string): Promise<void> => {
    let stored = await log.read(breachId);
    let problems = verifyBreach(stored);
    if (problems.length > 0 && problems.every((p) => p.problem === 'projection-behind')) {
      stored = await log.read(breachId);
      problems = verifyBreach(stored);
    }
    if (attachments) {
      const own = stored.events.map((e) => e.event).filter((e) => e.breachId === breachId);
      problems = [...problems, ...(await verifyAttachments(attachments, own))].sort(
        (a, b) => (a.seq ?? 0) - (b.seq ?? 0),
      );
    }
    checked += 1;
    if (problems.length > 0) found.push(problems);
  };

  const running = new Set<Promise<void>>();
  for await (const breachId of log.breachIds(scope)) {
    const task = verifyOne(breachId).finally(() => running.delete(task));
    running.add(task);
    if (running.size >= concurrency) await Promise.race(running);
  }
  await Promise.all(running);

  const problems = found
    .flat()
    .sort((a, b) => (a.breachId < b.breachId ? -1 : a.breachId > b.breachId ? 1 : (a.seq ?? 0) - (b.seq ?? 0)));
  return { checked, problems };
}
