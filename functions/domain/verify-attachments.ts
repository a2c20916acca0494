import type { AttachmentStore } from './attachment-store';
import { attachmentKey } from './attachments';
import { type BreachEvent, isEvent } from './events';
import type { VerificationProblem } from './verify-breach';

/**
 * The evidence half of verification: every file an `attachment-added` event recorded is read back from the store and
 * hashed again. The event's SHA-256 sits inside the hash chain (verify-breach.ts checks that nobody edited it), so a
 * file whose bytes no longer hash to it was replaced or altered in the bucket after it was added. The finding names
 * the attachment id, its kind and the event, never the file's name or content.
 */
export async function verifyAttachments(
  store: Pick<AttachmentStore, 'read'>,
  events: readonly BreachEvent[],
): Promise<VerificationProblem[]> {
  const problems: VerificationProblem[] = [];
  for (const event of events) {
    if (!isEvent(event, 'attachment-added')) continue;
    const { attachmentId, kind, sha256 } = event.data;
    const stored = await store.read(attachmentKey(event.organisationId, event.breachId, attachmentId));
    if (!stored) {
      problems.push({
        breachId: event.breachId,
        seq: event.seq,
        problem: 'attachment-missing',
        detail: `attachment ${attachmentId} (${kind}) recorded in event ${event.seq} is no longer in the attachments store`,
      });
    } else if (stored.sha256 !== sha256) {
      problems.push({
        breachId: event.breachId,
        seq: event.seq,
        problem: 'attachment-mismatch',
        detail:
          `attachment ${attachmentId} (${kind}) recorded in event ${event.seq} with SHA-256 ${sha256} now hashes to ` +
          `${stored.sha256} (${stored.size} bytes): the stored file was replaced or altered after it was added`,
      });
    }
  }
  return problems;
}
