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
 * In-memory ports for handler tests: the same contract as the DynamoDB adapters (sealed, chained events; a projection
 * folded from them), without a table. The integration tests run the real adapters.
 */
export class InMemoryBreachRepository implements BreachRepository {
  readonly logs = new Map<string, BreachEvent[]>();
  readonly keys = new Map<string, Map<string, number>>();

  async create(
    breachId: string,
    organisationId: string,
    event: NewEvent<'reported'>,
  ): Promise<AppendResult<'reported'>> {
    const existing = this.logs.get(breachId)?.[0];
    if (existing) return { event: existing as BreachEvent<'reported'>, created: false };
    const sealed = this.#seal(breachId, organisationId, event, undefined);
    this.logs.set(breachId, [sealed]);
    return { event: sealed as BreachEvent<'reported'>, created: true };
  }

  async append<T extends EventType>(breachId: string, event: NewEvent<T>): Promise<AppendResult<T>> {
    const log = this.logs.get(breachId);
    if (!log?.[0]) throw new Error(`no breach ${breachId}`);
    const sealed = this.#seal(breachId, log[0].organisationId, event, log.at(-1));
    log.push(sealed);
    return { event: sealed as BreachEvent<T>, created: true };
  }

  async appendOnce<T extends EventType>(breachId: string, key: string, event: NewEvent<T>): Promise<AppendResult<T>> {
    const keys = this.keys.get(breachId) ?? new Map<string, number>();
    this.keys.set(breachId, keys);
    const seq = keys.get(key);
    if (seq !== undefined) return { event: this.logs.get(breachId)?.[seq - 1] as BreachEvent<T>, created: false };
    const result = await this.append(breachId, event);
    keys.set(key, result.event.seq);
    return result;
  }

  async events(breachId: string): Promise<BreachEvent[]> {
    return [...(this.logs.get(breachId) ?? [])];
  }

  async state(breachId: string): Promise<BreachState | undefined> {
    const log = this.logs.get(breachId);
    return log ? foldEvents(log) : undefined;
  }

  async rebuild(breachId: string): Promise<BreachState> {
    return foldEvents(this.logs.get(breachId) ?? []);
  }

  async list(
    organisationId: string,
    options: { status?: BreachState['status']; limit?: number; cursor?: string } = {},
  ): Promise<{ items: BreachSummary[]; cursor?: string }> {
    const items = [...this.logs.values()]
      .map((log) => foldEvents(log))
      .filter(
        (state) => state.organisationId === organisationId && (!options.status || state.status === options.status),
      )
      .sort((a, b) => b.awareAt.localeCompare(a.awareAt))
      .map(({ breachId, stage, status, awareAt, reportedAt }) => ({ breachId, stage, status, awareAt, reportedAt }));
    return { items: items.slice(0, options.limit ?? 50) };
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
    return this.organisations.get(organisationId);
  }

  async byApiKeyHash(apiKeyHash: string): Promise<Organisation | undefined> {
    const id = this.keyHashes.get(apiKeyHash);
    return id === undefined ? undefined : this.organisations.get(id);
  }

  async put(organisation: Organisation): Promise<void> {
    this.organisations.set(organisation.id, organisation);
  }

  async addApiKeyHash(organisationId: string, apiKeyHash: string): Promise<void> {
    this.keyHashes.set(apiKeyHash, organisationId);
  }
}

export const anOrganisation = (id = 'org-1'): Organisation => ({
  id,
  name: `Organisation ${id}`,
  policy: structuredClone(PRESETS.generic),
});
