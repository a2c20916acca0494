import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BreachIdCollisionError,
  BreachNotFoundError,
  DynamoBreachRepository,
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
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { hashApiKey } from '../../functions/domain/api-keys';
import type { BreachEvent, NewEvent } from '../../functions/domain/events';
import { verifyChain } from '../../functions/domain/hash-chain';
import type { BreachRepository, OrganisationRepository } from '../../functions/domain/ports';
import { PRESETS } from '../../functions/domain/presets';
import { foldEvents } from '../../functions/domain/state';
import { startDynalite } from '../support/dynalite';
import { aFactAmended, aReport, aReportedEvent, aStepFailed, aWorkflowStarted } from '../support/event-fixtures';
import { InMemoryBreachRepository, InMemoryOrganisationRepository } from '../support/fakes';

/**
 * One contract, two implementations: the in-memory repositories that the handler and use-case tests (and most of the
 * intake's property test) run on, and the DynamoDB adapters on dynalite. What a use case may rely on is asserted
 * here against both, so a fake can never let a test pass that the real adapter would fail. What only a table can
 * show (concurrent writers, crashes between items, tampered items) stays in the adapters' own suites.
 */

interface Repositories {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  close(): Promise<void>;
}

const IMPLEMENTATIONS: { name: string; start: () => Promise<Repositories> }[] = [
  {
    name: 'in memory (test/support/fakes.ts)',
    start: async () => ({
      breaches: new InMemoryBreachRepository(),
      organisations: new InMemoryOrganisationRepository(),
      close: async () => undefined,
    }),
  },
  {
    name: 'DynamoDB (dynalite)',
    start: async () => {
      const table = await startDynalite();
      const options = { client: table.client, tableName: table.tableName };
      return {
        breaches: new DynamoBreachRepository(options),
        organisations: new DynamoOrganisationRepository(options),
        close: () => table.close(),
      };
    },
  },
];

const closedEvent: NewEvent<'closed'> = {
  type: 'closed',
  at: '2025-04-01T09:00:00Z',
  actor: { kind: 'system', component: 'workflow' },
  data: {},
};

describe.each(IMPLEMENTATIONS)('the repository contract, $name', ({ start }) => {
  let repositories: Repositories;
  let breaches: BreachRepository;
  let organisations: OrganisationRepository;
  let counter = 0;
  const newId = (prefix = 'breach') => `${prefix}-${++counter}`;
  const aCreatedBreach = async (organisationId = 'org-1', report = aReport()) => {
    const breachId = newId();
    await breaches.create(breachId, organisationId, aReportedEvent(report));
    return breachId;
  };

  beforeAll(async () => {
    repositories = await start();
    ({ breaches, organisations } = repositories);
  });

  afterAll(async () => {
    await repositories?.close();
  });

  describe('breaches', () => {
    it('creates a breach with its reported event as seq 1, chained to the breach id, and projects it', async () => {
      const breachId = newId();

      const result = await breaches.create(breachId, 'org-1', aReportedEvent());

      expect(result.created).toBe(true);
      expect(result.event).toMatchObject({ breachId, organisationId: 'org-1', seq: 1, type: 'reported' });
      const events = await breaches.events(breachId);
      expect(events).toEqual([result.event]);
      expect(verifyChain(events)).toEqual([]);
      expect(await breaches.state(breachId)).toEqual(foldEvents(events));
    });

    it('writes nothing for a repeated create and returns the first event', async () => {
      const breachId = newId();
      const first = await breaches.create(breachId, 'org-1', aReportedEvent());

      const again = await breaches.create(breachId, 'org-1', { ...aReportedEvent(), at: '2025-03-04T00:00:00Z' });

      expect(again).toEqual({ event: first.event, created: false });
      expect(await breaches.events(breachId)).toHaveLength(1);
    });

    it('refuses a breach id that another organisation holds', async () => {
      const breachId = await aCreatedBreach('org-1');

      await expect(breaches.create(breachId, 'org-2', aReportedEvent())).rejects.toBeInstanceOf(BreachIdCollisionError);
    });

    it('appends events in order, each chained to the one before, and returns them as a later read does', async () => {
      const breachId = await aCreatedBreach();

      const started = await breaches.append(breachId, aWorkflowStarted('arn:aws:states:eu-west-2:1:execution:x:y'));
      const amended = await breaches.append(breachId, aFactAmended({ location: undefined, approximateSubjects: 30 }));

      expect([started.event.seq, amended.event.seq]).toEqual([2, 3]);
      expect(amended.event.prevHash).toBe(started.event.hash);
      const events = await breaches.events(breachId);
      expect(events[2]).toStrictEqual(amended.event);
      expect(verifyChain(events)).toEqual([]);
      expect(await breaches.state(breachId)).toEqual(foldEvents(events));
    });

    it('refuses to append to a breach that does not exist, and a second reported event', async () => {
      const breachId = await aCreatedBreach();

      await expect(breaches.append(newId(), aStepFailed('x'))).rejects.toBeInstanceOf(BreachNotFoundError);
      await expect(breaches.append(breachId, aReportedEvent())).rejects.toBeInstanceOf(ReportedEventAppendError);
      expect(await breaches.events(breachId)).toHaveLength(1);
    });

    it('writes a keyed event once and returns the recorded one on every repeat', async () => {
      const breachId = await aCreatedBreach();

      const first = await breaches.appendOnce(breachId, 'workflow:start', aWorkflowStarted('arn:1'));
      const repeat = await breaches.appendOnce(breachId, 'workflow:start', aWorkflowStarted('arn:2'));

      expect(first.created).toBe(true);
      expect(repeat).toEqual({ event: first.event, created: false });
      expect(await breaches.events(breachId)).toHaveLength(2);
    });

    it('refuses a key used for another type of event, a malformed key, and a breach that does not exist', async () => {
      const breachId = await aCreatedBreach();
      await breaches.appendOnce(breachId, 'k', aStepFailed('x'));

      await expect(breaches.appendOnce(breachId, 'k', aWorkflowStarted('arn'))).rejects.toBeInstanceOf(
        IdempotencyKeyConflictError,
      );
      for (const key of ['', 'a b', 'x'.repeat(201)]) {
        await expect(breaches.appendOnce(breachId, key, aStepFailed('x'))).rejects.toBeInstanceOf(
          InvalidIdempotencyKeyError,
        );
      }
      await expect(breaches.appendOnce(newId(), 'k', aStepFailed('x'))).rejects.toBeInstanceOf(BreachNotFoundError);
      expect(await breaches.events(breachId)).toHaveLength(2);
    });

    it('hands out copies: changing what a read returned changes nothing stored', async () => {
      const breachId = await aCreatedBreach();
      const [event] = (await breaches.events(breachId)) as BreachEvent<'reported'>[];
      const state = await breaches.state(breachId);

      if (event) event.data.report.description = 'changed by a caller';
      if (state) state.stage = 'closed';

      const [again] = (await breaches.events(breachId)) as BreachEvent<'reported'>[];
      expect(again?.data.report.description).toBe(aReport().description);
      expect((await breaches.state(breachId))?.stage).toBe('reported');
    });

    it('has no state for a breach that does not exist, and refuses to rebuild one', async () => {
      expect(await breaches.state(newId())).toBeUndefined();
      expect(await breaches.events(newId())).toEqual([]);
      await expect(breaches.rebuild(newId())).rejects.toBeInstanceOf(BreachNotFoundError);
    });

    it('rebuilds the projection by folding the events', async () => {
      const breachId = await aCreatedBreach();
      await breaches.append(breachId, aFactAmended({ awareAt: '2025-03-02T09:00:00Z' }));

      const rebuilt = await breaches.rebuild(breachId);

      expect(rebuilt).toEqual(foldEvents(await breaches.events(breachId)));
      expect(rebuilt.awareAt).toBe('2025-03-02T09:00:00Z');
      expect(await breaches.state(breachId)).toEqual(rebuilt);
    });

    it("lists an organisation's breaches open before closed, newest awareness first, in pages", async () => {
      // Awareness times with mixed offsets; one closed breach; a breach of another organisation.
      const organisationId = newId('org-list');
      const aware = [
        '2025-01-01T10:00:00Z',
        '2025-01-03T10:00:00+02:00',
        '2025-01-02T10:00:00Z',
        '2025-01-04T00:00:00Z',
      ];
      const ids: string[] = [];
      for (const awareAt of aware) ids.push(await aCreatedBreach(organisationId, aReport({ awareAt })));
      await aCreatedBreach(`${organisationId}-other`);
      const closedId = ids[3] ?? '';
      await breaches.append(closedId, closedEvent);

      const all = await breaches.list(organisationId);
      const open = await breaches.list(organisationId, { status: 'open' });
      const closed = await breaches.list(organisationId, { status: 'closed' });
      const page1 = await breaches.list(organisationId, { status: 'open', limit: 2 });
      const page2 = await breaches.list(organisationId, { status: 'open', limit: 2, cursor: page1.cursor });

      expect(all.items.map((i) => i.breachId)).toEqual([ids[1], ids[2], ids[0], closedId]);
      expect(open.items.map((i) => i.breachId)).toEqual([ids[1], ids[2], ids[0]]);
      expect(closed.items).toEqual([expect.objectContaining({ breachId: closedId, status: 'closed' })]);
      expect([...page1.items, ...page2.items]).toEqual(open.items);
      expect(page1.cursor).toEqual(expect.any(String));
      expect(page2.cursor).toBeUndefined();
      expect(page1.items[0]).toEqual({
        breachId: ids[1],
        stage: 'reported',
        status: 'open',
        awareAt: '2025-01-03T10:00:00+02:00',
        reportedAt: '2025-03-03T09:15:00Z',
      });
    });

    it('refuses a cursor made for another organisation or status, and a malformed one', async () => {
      const organisationId = newId('org-cursor');
      await aCreatedBreach(organisationId);
      await aCreatedBreach(organisationId);
      const { cursor } = await breaches.list(organisationId, { limit: 1 });

      await expect(breaches.list(`${organisationId}-else`, { cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(breaches.list(organisationId, { status: 'closed', cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(breaches.list(organisationId, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });
  });

  describe('organisations', () => {
    const anOrganisation = (id: string) => ({
      id,
      name: `Organisation ${id}`,
      policy: structuredClone(PRESETS.school),
    });

    it('stores an organisation and gives it back whole; an unknown one is undefined', async () => {
      const organisation = anOrganisation(newId('org'));

      await organisations.put(organisation);

      expect(await organisations.get(organisation.id)).toEqual(organisation);
      expect(await organisations.get(newId('org'))).toBeUndefined();
    });

    it('finds an organisation by the hash of its key, and nothing by an unknown or malformed one', async () => {
      const organisation = anOrganisation(newId('org'));
      await organisations.put(organisation);
      const keyHash = hashApiKey(`bd_live_${organisation.id}`);

      await organisations.addApiKeyHash(organisation.id, keyHash);
      await organisations.addApiKeyHash(organisation.id, keyHash);

      expect(await organisations.byApiKeyHash(keyHash)).toEqual(organisation);
      expect(await organisations.byApiKeyHash(hashApiKey('bd_live_unknown'))).toBeUndefined();
      expect(await organisations.byApiKeyHash('not-a-hash')).toBeUndefined();
    });

    it("refuses a malformed key hash, an unknown organisation, and another organisation's key", async () => {
      const [first, second] = [anOrganisation(newId('org')), anOrganisation(newId('org'))];
      await organisations.put(first);
      await organisations.put(second);
      const keyHash = hashApiKey(`bd_live_${first.id}`);
      await organisations.addApiKeyHash(first.id, keyHash);

      await expect(organisations.addApiKeyHash(first.id, 'A'.repeat(64))).rejects.toBeInstanceOf(
        InvalidApiKeyHashError,
      );
      await expect(organisations.addApiKeyHash(newId('org'), hashApiKey('bd_live_x'))).rejects.toBeInstanceOf(
        UnknownOrganisationError,
      );
      await expect(organisations.addApiKeyHash(second.id, keyHash)).rejects.toBeInstanceOf(ApiKeyInUseError);
      expect(await organisations.byApiKeyHash(keyHash)).toEqual(first);
    });
  });
});
