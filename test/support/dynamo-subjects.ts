import { DynamoDeliveryEvents } from '../../functions/adapters/delivery-events';
import { DynamoNoticeQueue } from '../../functions/adapters/notice-queue';
import { DynamoSubjectEraser } from '../../functions/adapters/subject-eraser';
import type { SubjectTableOptions } from '../../functions/adapters/subject-items';
import { DynamoSubjectList } from '../../functions/adapters/subject-list';
import type { DeliveryEvents, SubjectRepository } from '../../functions/domain/subject-ports';

/** Every adapter of the subjects table, as one object: what the tests seed, run and inspect a breach's people with. */
export type DynamoSubjects = SubjectRepository &
  DeliveryEvents & {
    /** How many of the breach's people each shard holds (DynamoSubjectList.spread). */
    spread(breachId: string): Promise<number[]>;
  };

/**
 * The four DynamoDB adapters over one subjects table, each method delegated to the adapter that owns it. No function
 * constructs them all (each takes only the ports it uses); a test that adds people and then sends, erases or records
 * SES events for them needs them together, over the same items.
 */
export function dynamoSubjects(
  options: SubjectTableOptions & { sleep?: (ms: number) => Promise<void> },
): DynamoSubjects {
  const list = new DynamoSubjectList(options);
  const queue = new DynamoNoticeQueue(options);
  const eraser = new DynamoSubjectEraser(options);
  const events = new DynamoDeliveryEvents(options);
  return {
    add: (...args) => list.add(...args),
    page: (...args) => list.page(...args),
    spread: (...args) => list.spread(...args),
    pending: (...args) => queue.pending(...args),
    countPending: (...args) => queue.countPending(...args),
    claim: (...args) => queue.claim(...args),
    markSent: (...args) => queue.markSent(...args),
    markFailed: (...args) => queue.markFailed(...args),
    release: (...args) => queue.release(...args),
    countClaimed: (...args) => queue.countClaimed(...args),
    claimed: (...args) => queue.claimed(...args),
    confirmSent: (...args) => queue.confirmSent(...args),
    tally: (...args) => queue.tally(...args),
    erase: (...args) => eraser.erase(...args),
    count: (...args) => eraser.count(...args),
    byMessageId: (...args) => events.byMessageId(...args),
    recordDeliveryEvent: (...args) => events.recordDeliveryEvent(...args),
  };
}
