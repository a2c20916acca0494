import {
  BreachIdCollisionError,
  BreachNotFoundError,
  IdempotencyKeyConflictError,
  InvalidCursorError,
  InvalidIdempotencyKeyError,
  ReportedEventAppendError,
} from '../../functions/adapters/breach-repository';
import {
  ApiKeyInUseError,
  InvalidApiKeyHashError,
  UnknownOrganisationError,
} from '../../functions/adapters/organisation-items';
import type { BreachEvent, EventType, NewEvent } from '../../functions/domain/events';
import { chainHash, genesisHash } from '../../functions/domain/hash-chain';
import type {
  AppendResult,
  BreachRepository,
  BreachSummary,
  Organisation,
  OrganisationRepository,
} from '../../functions/domain/ports';
import { PRESETS } from '../../functions/domain/presets';
import { type BreachState, foldEvents } from '../../functions/domain/state';

/**
 * In-memory ports for handler and use-case tests, and for the intake's property test: the same contract as the
 * DynamoDB adapters (sealed, chained events; a projection folded from them; the same refusals, with the same error
 * classes), without a table. test/integration/repository-contract.test.ts runs one suite against both, so the two
 * cannot drift apart.
 */

/** What the DynamoDB adapter accepts as an idempotency key. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 100;
export class InMemoryBreachRepository implements BreachRepository {
  readonly logs = new Map<string, BreachEvent[]>();
  readonly keys = new Map<string, Map<string, number>>();

  async create(
    breachId: string,
    organisationId: string,
    event: NewEvent<'reported'>,
  ): Promise<AppendResult<'reported'>> {
    const existing = this.logs.get(breachId)?.[0];
    if (existing && existing.organisationId !== organisationId) throw new BreachIdCollisionError(breachId);
    if (existing) return { event: structuredClone(existing) as BreachEvent<'reported'>, created: false };
    const sealed = this.#seal(breachId, organisationId, event, undefined);
    this.logs.set(breachId, [sealed]);
    return { event: structuredClone(sealed) as BreachEvent<'reported'>, created: true };
  }

  async append<T extends EventType>(breachId: string, event: NewEvent<T>): Promise<AppendResult<T>> {
    if (event.type === 'reported') throw new ReportedEventAppendError(breachId);
    const log = this.logs.get(breachId);
    if (!log?.[0]) throw new BreachNotFoundError(breachId);
    const sealed = this.#seal(breachId, log[0].organisationId, event, log.at(-1));
    log.push(sealed);
    return { event: structuredClone(sealed) as BreachEvent<T>, created: true };
  }

  async appendOnce<T extends EventType>(breachId: string, key: string, event: NewEvent<T>): Promise<AppendResult<T>> {
    if (!IDEMPOTENCY_KEY.test(key)) throw new InvalidIdempotencyKeyError(key);
    if (event.type === 'reported') throw new ReportedEventAppendError(breachId);
    if (!this.logs.has(breachId)) throw new BreachNotFoundError(breachId);
    const keys = this.keys.get(breachId) ?? new Map<string, number>();
    this.keys.set(breachId, keys);
    const seq = keys.get(key);
    const recorded = seq === undefined ? undefined : this.logs.get(breachId)?.[seq - 1];
    if (recorded) {
      if (recorded.type !== event.type) throw new IdempotencyKeyConflictError(breachId, key, recorded);
      return { event: structuredClone(recorded) as BreachEvent<T>, created: false };
    }
    const result = await this.append(breachId, event);
    keys.set(key, result.event.seq);
    return result;
  }

  async events(breachId: string): Promise<BreachEvent[]> {
    return structuredClone(this.logs.get(breachId) ?? []);
  }

  async state(breachId: string): Promise<BreachState | undefined> {
    const log = this.logs.get(breachId);
    return log ? foldEvents(log) : undefined;
  }

  async rebuild(breachId: string): Promise<BreachState> {
    const log = this.logs.get(breachId);
    if (!log?.length) throw new BreachNotFoundError(breachId);
    return foldEvents(log);
  }

  /**
   * As the adapter orders its index: by status (open before closed), then newest awareness first (compared as
   * instants), then breach id. The cursor names the last breach of the page, for this organisation and status only.
   */
  async list(
    organisationId: string,
    options: { status?: BreachState['status']; limit?: number; cursor?: string } = {},
  ): Promise<{ items: BreachSummary[]; cursor?: string }> {
    const limit = Math.min(Math.max(Math.floor(options.limit ?? DEFAULT_LIST_LIMIT), 1), MAX_LIST_LIMIT);
    const scope = `${organisationId}#${options.status ?? ''}`;
    const sorted = [...this.logs.values()]
      .map((log) => foldEvents(log))
      .filter(
        (state) => state.organisationId === organisationId && (!options.status || state.status === options.status),
      )
      .sort(
        (a, b) =>
          b.status.localeCompare(a.status) ||
          Date.parse(b.awareAt) - Date.parse(a.awareAt) ||
          b.breachId.localeCompare(a.breachId),
      );
    let from = 0;
    if (options.cursor !== undefined) {
      const [cursorScope, after] = Buffer.from(options.cursor, 'base64url').toString('utf8').split('\n');
      from = sorted.findIndex((state) => state.breachId === after) + 1;
      if (cursorScope !== scope || from === 0) throw new InvalidCursorError();
    }
    const page = sorted.slice(from, from + limit);
    const items = page.map(({ breachId, stage, status, awareAt, reportedAt }) => ({
      breachId,
      stage,
      status,
      awareAt,
      reportedAt,
    }));
    const last = page.at(-1);
    return from + limit < sorted.length && last
      ? { items, cursor: Buffer.from(`${scope}\n${last.breachId}`, 'utf8').toString('base64url') }
      : { items };
  }

  /** Every event of every breach, for asserting that nothing was written. */
  get eventCount(): number {
    return [...this.logs.values()].reduce((sum, log) => sum + log.length, 0);
  }

  #seal(breachId: string, organisationId: string, event: NewEvent, previous: BreachEvent | undefined): BreachEvent {
    const unsealed = {
      ...structuredClone(event),
      breachId,
      organisationId,
      seq: (previous?.seq ?? 0) + 1,
      prevHash: previous?.hash ?? genesisHash(breachId),
    };
    return { ...unsealed, hash: chainHash(unsealed) } as BreachEvent;
  }
}

export class InMemoryOrganisationRepository implements OrganisationRepository {
  readonly organisations = new Map<string, Organisation>();
  readonly keyHashes = new Map<string, string>();

  async get(organisationId: string): Promise<Organisation | undefined> {
    const organisation = this.organisations.get(organisationId);
    return organisation && structuredClone(organisation);
  }

  async byApiKeyHash(apiKeyHash: string): Promise<Organisation | undefined> {
    const id = this.keyHashes.get(apiKeyHash);
    return id === undefined ? undefined : this.get(id);
  }

  async put(organisation: Organisation): Promise<void> {
    this.organisations.set(organisation.id, structuredClone(organisation));
  }

  async addApiKeyHash(organisationId: string, apiKeyHash: string): Promise<void> {
    if (!SHA256_HEX.test(apiKeyHash)) throw new InvalidApiKeyHashError();
    if (!this.organisations.has(organisationId)) throw new UnknownOrganisationError(organisationId);
    const holder = this.keyHashes.get(apiKeyHash);
    if (holder !== undefined && holder !== organisationId) throw new ApiKeyInUseError(organisationId);
    this.keyHashes.set(apiKeyHash, organisationId);
  }
}

export const anOrganisation = (id = 'org-1'): Organisation => ({
  id,
  name: `Organisation ${id}`,
  policy: structuredClone(PRESETS.generic),
});
